"""The key numbered equations of a PDF as images, for Key principles when the full text has no LaTeX for them.

A PDF's text layer flattens a formula into garble ('dO ∈R𝑛×𝑑'); its picture is exact. The parser locates the
numbered display equations (EquationRegion); this stage picks the method's, at most two, nearest the pages Key
principles quote, and renders each as a PNG crop. Like figures it is a FilesStep: a rerun renders nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from paperdigest.errors import ParseError
from paperdigest.ids import figure_slug, safe_stem
from paperdigest.models import EquationImage, EquationRegion, PaperEntry, ParsedPaper, Record
from paperdigest.sentences import section_kinds
from paperdigest.settings import Settings
from paperdigest.stage import FilesStep, Results, cache_key, code_digest
from paperdigest.workers import Workers

MAX_EQUATIONS = 2
DPI = 200
_MARGIN = 3.0  # points around the formula's box: tall glyphs and accents reach past their text boxes
_BACK_MATTER = re.compile(r"^([\dA-Z](\.\d+)*\.?\s+)?(references|bibliography)\b", re.I)


class EquationSet(Record):
    equations: list[EquationImage] = []
    errors: list[str] = []


def method_pages(parsed: ParsedPaper) -> set[int]:
    """The pages the method sections of the body run over (a section ends where the next one starts)."""
    sections = list(parsed.sections)
    end = next((i for i, s in enumerate(sections) if _BACK_MATTER.match(s.title.strip())), len(sections))
    pages: set[int] = set()
    for index, (section, kind) in enumerate(zip(sections[:end], section_kinds(sections[:end]))):
        following = next((s.page for s in sections[index + 1 :] if s.page), section.page)
        if kind == "method" and section.page and following:
            pages.update(range(section.page, max(section.page, following) + 1))
    return pages


def choose(entry: PaperEntry) -> list[EquationRegion]:
    """The method's numbered equations nearest the pages Key principles quote, in page order; none when the
    full text has the paper's equations as LaTeX (Key principles show those) or the PDF has no method section."""
    parsed = entry.parsed
    if not parsed or parsed.equations or not parsed.equation_regions or not entry.pdf_file:
        return []
    pages = method_pages(parsed)
    candidates = [region for region in parsed.equation_regions if region.page in pages]
    principles = entry.analysis.summary.principles if entry.analysis else []
    quoted = [e.page for claim in principles for e in claim.evidence if e.page in pages]
    if quoted:
        candidates.sort(key=lambda region: min(abs(region.page - page) for page in quoted))
    return sorted(candidates[:MAX_EQUATIONS], key=lambda region: (region.page, region.bbox[1]))


def image_name(stem: str, region: EquationRegion) -> str:
    return f"{stem}-{figure_slug('equation ' + region.number)}-p{region.page}.png"


def _render(pdf: Path, regions: list[EquationRegion], folder: Path, stem: str) -> EquationSet:
    from paperdigest.pdf import Crop, render_crops

    crops = [
        Crop(r.page, (r.bbox[0] - _MARGIN, r.bbox[1] - _MARGIN, r.bbox[2] + _MARGIN, r.bbox[3] + _MARGIN), image_name(stem, r))
        for r in regions
    ]
    written = render_crops(pdf, crops, folder, dpi=DPI)
    return EquationSet(
        equations=[EquationImage(number=r.number, page=r.page, image=c.name) for r, c in zip(regions, crops) if c.name in written]
    )


def _image_names(found: EquationSet) -> list[str]:
    return [e.image for e in found.equations if e.image]


async def crops_of(entry: PaperEntry, settings: Settings, results: Results, workers: Workers) -> EquationSet:
    """The chosen equations with image paths in the cache, and why they could not be shown."""
    regions = choose(entry)
    if not regions or not entry.pdf_file:
        return EquationSet()
    pdf, stem = Path(entry.pdf_file), safe_stem(entry.paper.versioned_id)
    step = FilesStep(
        "equations",
        cache_key("equations", code_digest("pdf"), pdf.name, regions, DPI, _MARGIN, stem),
        EquationSet,
        lambda folder: workers.call(settings.parse_timeout, _render, pdf, regions, folder, stem),
        _image_names,
    )
    try:
        folder, found = await results.files(step)
    except ParseError as exc:
        return EquationSet(errors=[f"equations could not be rendered: {exc}"])
    return EquationSet(equations=[e.model_copy(update={"image": str(folder / e.image)}) for e in found.equations if e.image])
