"""Full texts for the selected papers: arXiv HTML first, then the PDF, then the abstract alone.

Downloads and parses are steps run through the pipeline's Results (a rerun downloads and parses nothing); PDF
and HTML parsing run in worker processes (one paper per task, with a time limit) so a pathological file cannot
stall or crash the run. The HTML gives the words and math, the PDF the pictures.
"""

from __future__ import annotations

import functools
from pathlib import Path

import httpx

from paperdigest.errors import FetchError, InvalidIdError, ParseError, UnavailableError
from paperdigest.events import Event, OnEvent
from paperdigest.fetch import download
from paperdigest.ids import parse_arxiv_id, safe_stem
from paperdigest.models import FulltextSource, Paper, ParsedPaper, Record
from paperdigest.parsefiles import parse_file
from paperdigest.settings import Settings
from paperdigest.stage import Results, Step, cache_key, code_digest
from paperdigest.workers import Workers


class FullText(Record):
    """What reading one paper gave: the text (if any), where it came from, and what could not be had."""

    paper: Paper
    parsed: ParsedPaper | None = None
    source: FulltextSource = "abstract"
    pdf_file: str | None = None
    error: str | None = None


def local_paper(path: Path) -> Paper:
    """A reading-list entry for a local PDF/HTML file: its arXiv id if the name is one, else the name made safe."""
    try:
        arxiv_id, version = parse_arxiv_id(path.stem)
    except InvalidIdError:
        arxiv_id, version = safe_stem(path.stem), None
    return Paper(arxiv_id=arxiv_id, version=version, title=path.stem, sources=["local"], extra={"file": str(path)})


def _enrich(paper: Paper, parsed: ParsedPaper) -> Paper:
    """Fill what the listing lacked from the full text.

    HF lists papers without version or category, which the arXiv stamp in a PDF's margin has; a local file
    has only a file name until its own title, authors and abstract are read.
    """
    meta = parsed.metadata
    update = {}
    if meta.get("arxiv_id") == paper.arxiv_id:
        if not paper.version and meta.get("arxiv_version"):
            update["version"] = meta["arxiv_version"]
        if not paper.categories and meta.get("arxiv_category"):
            update["categories"] = [meta["arxiv_category"]]
    if "local" in paper.sources:
        update.update(
            {k: v for k, v in (("title", meta.get("title")), ("authors", meta.get("authors")), ("abstract", parsed.abstract)) if v}
        )
        if meta.get("arxiv_category"):
            update["categories"] = [meta["arxiv_category"]]
    return paper.model_copy(update=update) if update else paper


def _parse_step(path: Path, content_id: str, kind: str, base_url: str, settings: Settings, workers: Workers) -> Step[ParsedPaper]:
    """Keyed by the file's content and the parser's code: editing a parser re-parses cached papers."""
    parse = functools.partial(
        parse_file, path, base_url=base_url, max_pages=settings.max_pages, max_bytes=int(settings.max_pdf_mb * 1_000_000)
    )
    stage = f"parse_{kind}"
    return Step(stage, cache_key(stage, code_digest(kind), content_id), ParsedPaper, lambda: workers.call(settings.parse_timeout, parse))


def _file_identity(path: Path) -> str:
    """A local file is known by where it is and its size and time: two files of one name are two papers, an
    edited file a new one. Nothing is read here: the file may be hostile (a FIFO that never answers), and only a
    worker with a time limit opens it."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise ParseError(f"{path.name}: {exc.strerror or exc}") from exc
    return cache_key(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


async def _text(
    paper: Paper, kind: str, client: httpx.AsyncClient, settings: Settings, results: Results, workers: Workers
) -> tuple[Path, ParsedPaper] | None:
    """One kind of full text for one paper: downloaded (or the local file) and parsed; None if not this kind."""
    local = paper.extra.get("file")
    if local:
        path = Path(local)
        if (path.suffix.lower() == ".pdf") != (kind == "pdf"):
            return None
        content_id = _file_identity(path)
    else:
        url = paper.html_url if kind == "html" else paper.pdf_url
        path = await results.blob(download(client, url, kind, int(settings.max_pdf_mb * 1_000_000)))
        content_id = path.name
    return path, await results.record(_parse_step(path, content_id, kind, paper.html_url + "/", settings, workers))


async def read(
    paper: Paper,
    client: httpx.AsyncClient,
    settings: Settings,
    results: Results,
    workers: Workers,
    on_event: OnEvent,
) -> FullText:
    """The paper's full text by the first kinds in settings.fulltext that can be had; every miss is noted."""
    texts: dict[str, tuple[Path, ParsedPaper]] = {}
    notes = []
    for kind in settings.fulltext:
        try:
            text = await _text(paper, kind, client, settings, results, workers)
        except UnavailableError as exc:
            notes.append(f"{kind.upper()} not available ({exc})")
        except (FetchError, ParseError) as exc:
            notes.append(f"{kind.upper()} failed: {exc}")
        else:
            if text is not None:
                texts[kind] = text
    html = texts["html"][1] if "html" in texts else None
    pdf = texts["pdf"][1] if "pdf" in texts else None
    if html is not None and pdf is not None:
        from paperdigest.html import match_figures

        html = html.model_copy(update={"figures": match_figures(html.figures, pdf.figures), "page_texts": pdf.page_texts})
    if html is not None and not (html.sections or html.equations):
        # An HTML page with no paper in it (an error or placeholder page) must not stand in for the PDF.
        notes.append("HTML had no paper content")
        html = None
    parsed = html or pdf
    for note in notes:
        on_event(Event("fulltext", f"{paper.versioned_id}: {note}", level="info", paper=paper.arxiv_id))
    result = FullText(
        paper=_enrich(paper, parsed) if parsed else paper,
        parsed=parsed,
        source=parsed.source if parsed else "abstract",
        pdf_file=str(texts["pdf"][0]) if "pdf" in texts else None,
        # arXiv HTML is missing for many papers, which is normal, and the HTML alone is a full text; a paper
        # left with its abstract only (a local file: with nothing) is a gap the report must show.
        error=None if parsed else "; ".join(notes) + (": analysed from the abstract only" if paper.abstract else ": nothing to analyse (no abstract)"),
    )
    on_event(Event("fulltext", f"{paper.versioned_id}: read from {result.source}", paper=paper.arxiv_id))
    return result
