"""Figures and tables of an HTML full text, and their pairing with the same figures found in the PDF.

The report takes captions from the HTML (exact text and LaTeX) but shows images rendered from the PDF when
the HTML's image files are not at hand; names ('Figure 3', 'Table 1') are the join key, as printed.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from selectolax.lexbor import LexborNode

from paperdigest.html.text import Renderer, classes, ids
from paperdigest.models import Figure

_NAME = re.compile(r"^\s*(fig(?:ure)?|tab(?:le)?)\.?\s*([A-Z]?\d+(?:\.\d+)*[a-z]?)\s*[:.]?\s*", re.I)
_TAG_CLASSES = frozenset(("ltx_tag_figure", "ltx_tag_table", "ltx_tag_float"))
_IMAGE_SCHEMES = ("http://", "https://")


def figure_name(text: str) -> tuple[str, int] | None:
    """('Figure 3', length of the label in `text`) for a caption label like 'Fig. 3:' or 'Table 1: '."""
    match = _NAME.match(text)
    if match is None:
        return None
    kind = "Table" if match.group(1).lower().startswith("tab") else "Figure"
    return f"{kind} {match.group(2)}", match.end()


def extract_figures(root: LexborNode, base_url: str | None, renderer: Renderer) -> list[Figure]:
    """Numbered figures and tables in reading order; sub-figures are part of their parent."""
    figures = []
    nested = {n.mem_id for n in root.css("figure figure")}  # an ancestor walk in C, not per node in Python
    for node in root.css("figure"):
        if node.mem_id in nested:
            continue
        caption = next((c for c in node.iter() if c.tag == "figcaption"), None)
        if caption is None:
            continue
        tag = next((t for t in caption.css(".ltx_tag") if not classes(t).isdisjoint(_TAG_CLASSES)), None)
        if tag is not None:
            label = figure_name(tag.text())
            text = renderer.render(caption, skip=ids([tag]))
        else:  # not LaTeXML: the label is the start of the caption text
            text = renderer.render(caption)
            label = figure_name(text)
            if label is not None:
                text = text[label[1] :]
        if label is None:
            continue
        name = label[0]
        figures.append(
            Figure(
                name=name,
                type="table" if name.startswith("Table") else "figure",
                caption=text.replace("\n\n", " "),
                image_url=_image_url(node, base_url),
            )
        )
    return figures


def _image_url(node: LexborNode, base_url: str | None) -> str | None:
    for img in node.css("img[src]"):
        src = (img.attributes.get("src") or "").strip()
        if not src or (":" in src.split("/", 1)[0] and not src.lower().startswith(_IMAGE_SCHEMES)):
            continue  # data:, javascript: and other schemes are no image file we can fetch
        return urljoin(base_url, src) if base_url else src
    return None


def match_figures(html_figures: list[Figure], pdf_figures: list[Figure]) -> list[Figure]:
    """The HTML figures, each with page, boxes and rendered image of the PDF figure of the same name.

    HTML figures the PDF parser did not find keep no image (only their image_url); PDF-only figures are
    left out, since the HTML is the text read.
    """
    by_name: dict[str, Figure] = {}
    for figure in pdf_figures:
        by_name.setdefault(_key(figure.name), figure)
    matched = []
    for figure in html_figures:
        pdf = by_name.get(_key(figure.name))
        if pdf is not None:
            figure = figure.model_copy(
                update={
                    "page": pdf.page,
                    "caption_bbox": pdf.caption_bbox,
                    "region_bbox": pdf.region_bbox,
                    "image": pdf.image,
                }
            )
        matched.append(figure)
    return matched


def _key(name: str) -> str:
    label = figure_name(name)
    return (label[0] if label else " ".join(name.split())).lower()
