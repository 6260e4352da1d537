"""Local PDF or arXiv HTML files to ParsedPaper records: the one parse path, and `paperdigest parse`'s JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from paperdigest.errors import ParseError
from paperdigest.ids import safe_stem
from paperdigest.models import ParsedPaper

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MAX_PAGES = 300
MAX_PDF_BYTES = 50_000_000


def parse_file(
    path: Path, *, base_url: str | None = None, max_pages: int = MAX_PAGES, max_bytes: int = MAX_PDF_BYTES
) -> ParsedPaper:
    """The one way a file becomes a ParsedPaper (`parse`, `digest` and the pipeline's workers).

    Dispatch on the content first (a saved page may be misnamed), the suffix second.
    """
    from paperdigest.html import parse_html_file
    from paperdigest.pdf import parse_pdf

    kind = file_kind(path)
    if kind == "pdf":
        return parse_pdf(path, max_pages=max_pages, max_bytes=max_bytes)
    if kind == "html":
        return parse_html_file(path, base_url=base_url)
    raise ParseError(f"{path.name}: neither a PDF nor an HTML file")


def file_kind(path: Path) -> str | None:
    """'pdf' or 'html' by the first bytes, then by the suffix; None for anything else."""
    from paperdigest.html import looks_like_html

    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise ParseError(f"{path.name}: {exc.strerror or exc}") from exc
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if looks_like_html(head) or path.suffix.lower() in HTML_SUFFIXES:
        return "html"
    if path.suffix.lower() == ".pdf":
        return "pdf"  # parse_pdf gives the precise error: truncated, damaged, ...
    return None


def parse_files(paths: list[Path], out_dir: Path | None = None, dpi: int = 150) -> list[dict[str, Any]]:
    """One dict per file; a file that cannot be parsed gets {"file", "error"} and the others go on."""
    from paperdigest.pdf import render_figures

    results: list[dict[str, Any]] = []
    for path in map(Path, paths):
        try:
            paper = parse_file(path)
            figures = paper.figures
            if out_dir is not None and paper.source == "pdf":
                rendered = render_figures(path, figures, out_dir, dpi=dpi, stem=safe_stem(path.stem))
                figures = [f.model_copy(update={"image": str(Path(out_dir) / f.image)}) for f in rendered if f.image]
        except ParseError as exc:
            results.append({"file": path.name, "error": str(exc)})
            continue
        results.append(
            {
                "file": paper.file,
                "page_count": paper.page_count,
                "metadata": paper.metadata,
                "abstract": paper.abstract,
                "sections": [s.model_dump() for s in paper.sections],
                "references": [r.model_dump() for r in paper.references],
                "figures": [
                    f.model_dump(include={"name", "type", "page", "caption", "caption_bbox", "region_bbox", "image", "image_url"})
                    for f in figures
                ],
                "equations": paper.equations,
                "missing_equations": paper.missing_equations,
                "equation_regions": [e.model_dump() for e in paper.equation_regions],
            }
        )
    return results
