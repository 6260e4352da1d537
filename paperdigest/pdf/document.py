"""Opening a PDF safely, parsing it into a ParsedPaper, and rendering figure regions.

Every PDF is hostile input: limits are checked before MuPDF sees the file, and MuPDF's own failures become one
ParseError line naming the file, so one bad paper never stops a run.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paperdigest.errors import ParseError
from paperdigest.ids import figure_slug
from paperdigest.models import Figure, ParsedPaper
from paperdigest.pdf import figures as figs
from paperdigest.pdf import text
from paperdigest.pdf.equations import find_equations
from paperdigest.pdf.extract import ink_box, read_page
from paperdigest.pdf.joining import vocabulary
from paperdigest.pdf.records import BBox, rounded
from paperdigest.pdf.roles import assign_roles
from paperdigest.pdf.statistics import measure


@contextmanager
def open_pdf(path: Path, *, max_pages: int = 300, max_bytes: int = 50_000_000) -> Iterator[Any]:
    """A checked pymupdf Document: exists, within limits, a PDF, not encrypted, not truncated, has pages."""
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(1024)
            handle.seek(max(0, size - 2048))
            tail = handle.read()
    except OSError as exc:
        raise ParseError(f"{name}: cannot read file ({exc.strerror or exc})") from None
    if size > max_bytes:
        raise ParseError(f"{name}: {size:,} bytes is over the {max_bytes:,}-byte limit")
    if b"%PDF-" not in head:
        raise ParseError(f"{name}: not a PDF file")
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except (RuntimeError, ValueError) as exc:
        raise ParseError(f"{name}: damaged PDF ({_first_line(exc)})") from None
    try:
        if doc.needs_pass or doc.is_encrypted:
            raise ParseError(f"{name}: encrypted PDF (needs a password)")
        if doc.is_repaired and b"%%EOF" not in tail:
            raise ParseError(f"{name}: truncated PDF (file ends before its end marker)")
        if doc.page_count == 0:
            raise ParseError(f"{name}: PDF has no pages")
        if doc.page_count > max_pages:
            raise ParseError(f"{name}: {doc.page_count} pages is over the {max_pages}-page limit")
        yield doc
    except (RuntimeError, ValueError) as exc:  # MuPDF errors while reading pages
        raise ParseError(f"{name}: damaged PDF ({_first_line(exc)})") from None
    finally:
        doc.close()
        pymupdf.TOOLS.store_shrink(100)  # MuPDF's resource cache outlives documents in long-lived pool workers


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def parse_pdf(path: Path, *, max_pages: int = 300, max_bytes: int = 50_000_000) -> ParsedPaper:
    """Text by section, references, metadata and located (unrendered) figures of one PDF."""
    path = Path(path)
    with open_pdf(path, max_pages=max_pages, max_bytes=max_bytes) as doc:
        pages = [read_page(page, number) for number, page in enumerate(doc, start=1)]
        info = doc.metadata or {}
        layout = measure(pages)
        assign_roles(pages, layout)
        words = vocabulary(line.text for page in pages for line in page.lines)
        located = figs.locate(pages, layout, words)
        fitted = [_fitted(doc, figure) for figure in located]
        equations = find_equations(pages, layout, located)
    ordered, notes = text.read_order(pages, layout, located)
    sections = text.sections(ordered, text.unlabelled_abstract(pages[0], layout), words)
    return ParsedPaper(
        source="pdf",
        file=path.name,
        page_count=len(pages),
        metadata=text.metadata(pages, layout, info),
        abstract=next((s.text for s in sections if s.title.lower() == "abstract"), ""),
        sections=sections,
        references=text.references(ordered, words),
        figures=fitted,
        equation_regions=equations,
        page_texts=[text.page_text(page) for page in pages],
        footnotes=text.footnotes(notes, words),
    )


def _fitted(doc: Any, figure: Figure) -> Figure:
    """The figure with its region shrunk to the visible ink (white image margins, hidden paths dropped)."""
    if figure.region_bbox is None:
        return figure
    try:
        box = ink_box(doc[figure.page - 1], figure.region_bbox)
    except (RuntimeError, ValueError):  # content MuPDF cannot render: the text layer was fine, keep its region
        return figure
    return figure if box is None else figure.model_copy(update={"region_bbox": rounded(box)})


def render_figures(path: Path, figures: list[Figure], out_dir: Path, *, dpi: int = 150, stem: str) -> list[Figure]:
    """PNG of each figure's region as out_dir/<stem>-<name-slug>.png; returns copies whose image is the file name."""
    crops: list[tuple[Figure, Crop]] = []
    used: set[str] = set()
    for figure in figures:
        if figure.region_bbox is None or not figure.page:
            continue
        slug = figure_slug(figure.name)
        slug = f"{slug}-p{figure.page}" if slug in used else slug  # a table continued over several pages
        used.add(slug)
        crops.append((figure, Crop(figure.page, figure.region_bbox, f"{stem}-{slug}.png")))
    written = render_crops(path, [crop for _, crop in crops], out_dir, dpi=dpi)
    return [figure.model_copy(update={"image": crop.name}) for figure, crop in crops if crop.name in written]


@dataclass(frozen=True)
class Crop:
    """A region of a page to save as out_dir/name."""

    page: int  # 1-based
    bbox: BBox
    name: str


def render_crops(path: Path, crops: list[Crop], out_dir: Path, *, dpi: int) -> set[str]:
    """PNG of each crop; returns the names written (a crop off its page or off the document is skipped)."""
    path, out_dir = Path(path), Path(out_dir)
    written: set[str] = set()
    with open_pdf(path, max_pages=10**6, max_bytes=10**12) as doc:
        for crop in crops:
            if crop.page > doc.page_count:
                continue
            page = doc[crop.page - 1]
            clip = page.rect & crop.bbox
            if clip.is_empty:
                continue
            try:
                out_dir.mkdir(parents=True, exist_ok=True)
                # without annotations: a reader's highlights in the file are not part of the paper
                page.get_pixmap(clip=clip, dpi=dpi, annots=False).save(out_dir / crop.name)
            except OSError as exc:
                raise ParseError(f"{path.name}: cannot write {crop.name} ({exc.strerror or exc})") from None
            written.add(crop.name)
    return written
