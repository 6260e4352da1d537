"""Full texts for the selected papers: arXiv HTML first, then the PDF, then the abstract alone.

Downloads go to the content-addressed store; PDF parsing runs in worker processes (one paper per task, with a
time limit) so a pathological PDF cannot stall or crash the run. Figures always come from the PDF when there is
one: the HTML gives the words and math, the PDF the pictures.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import os
import tempfile
from pathlib import Path

import httpx

from paperdigest.errors import FetchError, InvalidIdError, ParseError, UnavailableError
from paperdigest.events import Event, OnEvent
from paperdigest.fetch import download, image_kind
from paperdigest.ids import figure_slug, parse_arxiv_id, safe_stem
from paperdigest.models import Figure, Paper, PaperEntry, ParsedPaper, Record
from paperdigest.settings import Settings
from paperdigest.store import Store, atomic_write, cache_key
from paperdigest.workers import Workers

# The code each cached stage's results come from: editing a parser re-parses cached papers on the next run.
_STAGE_CODE = {"parse_pdf": "pdf", "parse_html": "html", "figures": "pdf"}
MAX_REPORT_FIGURES = 3
MAX_IMAGE_BYTES = 20_000_000


class FigureSet(Record):
    figures: list[Figure] = []


@functools.cache
def parser_version(stage: str) -> str:
    """A digest of the parser's source files (a hand-kept version number was once forgotten after a fix)."""
    digest = hashlib.sha256()
    for path in sorted((Path(__file__).parent / _STAGE_CODE[stage]).glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def local_paper(path: Path) -> Paper:
    """A reading-list entry for a local PDF/HTML file: its arXiv id if the name is one, else the name made safe."""
    try:
        arxiv_id, version = parse_arxiv_id(path.stem)
    except InvalidIdError:
        arxiv_id, version = safe_stem(path.stem), None
    return Paper(arxiv_id=arxiv_id, version=version, title=path.stem, sources=["local"], extra={"file": str(path)})


def _parse_pdf(path: Path, max_pages: int, max_bytes: int) -> ParsedPaper:
    from paperdigest.pdf import parse_pdf

    return parse_pdf(path, max_pages=max_pages, max_bytes=max_bytes)


def _parse_html(path: Path, base_url: str | None) -> ParsedPaper:
    from paperdigest.html import parse_html

    return parse_html(path.read_bytes(), base_url=base_url)


async def _parsed(store: Store, stage: str, blob: Path, compute) -> ParsedPaper:
    key = cache_key(stage, parser_version(stage), blob.name)
    cached = store.get(stage, key, ParsedPaper)
    if cached is None:
        try:
            cached = await compute()
        except ParseError:
            store.failed[stage] += 1
            raise
        store.put(stage, key, cached)
    return cached


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


async def _read_one(client, entry: PaperEntry, settings: Settings, store: Store, workers: Workers, on_event: OnEvent) -> None:
    paper = entry.paper
    max_bytes = int(settings.max_pdf_mb * 1_000_000)
    local = paper.extra.get("file")
    html = pdf = None
    notes = []
    for kind in settings.fulltext:
        try:
            if local:
                blob = Path(local)
                if (blob.suffix.lower() == ".pdf") != (kind == "pdf"):
                    continue
            else:
                url = paper.html_url if kind == "html" else paper.pdf_url
                blob = store.blob_path((await download(client, url, kind, store, max_bytes)).blob, f".{kind}")
            if kind == "html":
                html = await _parsed(store, "parse_html", blob, lambda: workers.call(settings.parse_timeout, _parse_html, blob, paper.html_url + "/"))
            else:
                pdf = await _parsed(
                    store, "parse_pdf", blob,
                    lambda: workers.call(settings.parse_timeout, _parse_pdf, blob, settings.max_pages, max_bytes),
                )
                entry.pdf_file = str(blob)
        except UnavailableError as exc:
            notes.append((kind, f"{kind.upper()} not available ({exc})"))
        except (FetchError, ParseError) as exc:
            notes.append((kind, f"{kind.upper()} failed: {exc}"))
    if html is not None and pdf is not None:
        from paperdigest.html import match_figures

        html = html.model_copy(update={"figures": match_figures(html.figures, pdf.figures), "page_texts": pdf.page_texts})
    if html is not None and not (html.sections or html.equations):
        # An HTML page with no paper in it (an error or placeholder page) must not stand in for the PDF.
        notes.append(("html", "HTML had no paper content"))
        html = None
    entry.parsed = html or pdf
    if entry.parsed is not None:
        entry.paper = _enrich(paper, entry.parsed)
    entry.fulltext_source = entry.parsed.source if entry.parsed else "abstract"
    # arXiv HTML is missing for many papers, which is normal, and the HTML alone is a full text; a paper left
    # with its abstract only is a gap the report must show.
    if entry.parsed is None:
        entry.errors.append("; ".join(note for _, note in notes) + ": analysed from the abstract only")
    for kind, note in notes:
        on_event(Event("fulltext", f"{paper.versioned_id}: {note}", level="info", paper=paper.arxiv_id))
    on_event(Event("fulltext", f"{paper.versioned_id}: read from {entry.fulltext_source}", paper=paper.arxiv_id))


async def read_all(
    client: httpx.AsyncClient, entries: list[PaperEntry], settings: Settings, store: Store, workers: Workers, on_event: OnEvent
) -> None:
    done = 0
    for coro in asyncio.as_completed([_read_one(client, e, settings, store, workers, on_event) for e in entries]):
        await coro
        done += 1
        on_event(Event("fulltext", done=done, total=len(entries)))


def _chosen_figures(entry: PaperEntry) -> list[Figure]:
    """The analysis's picks, else the first figures of the paper (Figure 1 usually explains the method).

    A figure qualifies when it can be shown: an image file of the HTML full text, or a region of the PDF.
    """
    figures = [
        f for f in (entry.parsed.figures if entry.parsed else [])
        if image_kind(f.image_url) or (f.region_bbox and f.page and entry.pdf_file)
    ]  # fmt: skip
    wanted = [c.name for c in entry.analysis.summary.key_figures] if entry.analysis else []
    picked = [f for name in wanted for f in figures if f.name == name]
    for figure in figures:
        if figure.type == "figure" and figure not in picked:
            picked.append(figure)
    return picked[:MAX_REPORT_FIGURES]


async def _html_image(client: httpx.AsyncClient, figure: Figure, stem: str, store: Store) -> Figure | None:
    """The HTML full text's own image file for a figure, when it can be fetched (else the PDF renders it)."""
    kind = image_kind(figure.image_url)
    if kind is None:
        return None
    try:
        blob = await download(client, figure.image_url, kind, store, MAX_IMAGE_BYTES)
    except FetchError:
        return None
    image = store.root / "figures" / "html" / f"{stem}-{figure_slug(figure.name)}.{kind}"
    if not image.exists():
        atomic_write(image, store.blob_path(blob.blob, f".{kind}").read_bytes())
    return figure.model_copy(update={"image": str(image)})


def _render(pdf: Path, figures: list[Figure], folder: Path, dpi: int, stem: str) -> list[Figure]:
    from paperdigest.pdf import render_figures

    return render_figures(pdf, figures, folder, dpi=dpi, stem=stem)


async def _render_into(workers: Workers, timeout: float, pdf: Path, figures: list[Figure], folder: Path, dpi: int, stem: str) -> list[Figure]:
    """Render in a private folder, then rename each image into place: another run sharing the cache never
    copies a half-written PNG, and a killed render leaves no partial image behind."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".render-") as scratch:
        images = await workers.call(timeout, _render, pdf, figures, Path(scratch), dpi, stem)
        for image in images:
            os.replace(Path(scratch) / image.image, folder / image.image)
    return images


async def _attach(entry: PaperEntry, figures: list[Figure], settings: Settings, store: Store, workers: Workers) -> None:
    stem = safe_stem(entry.paper.versioned_id)
    key = cache_key("figures", parser_version("figures"), Path(entry.pdf_file).name, figures, settings.dpi)
    folder = store.root / "figures" / key[:2] / key
    rendered = store.get("figures", key, FigureSet)
    if rendered is None or not all((folder / f.image).exists() for f in rendered.figures if f.image):
        try:
            images = await _render_into(workers, settings.parse_timeout, Path(entry.pdf_file), figures, folder, settings.dpi, stem)
        except ParseError as exc:
            store.failed["figures"] += 1
            entry.errors.append(f"figures could not be rendered: {exc}")
            return
        rendered = FigureSet(figures=images)
        store.put("figures", key, rendered)
    entry.figures = [f.model_copy(update={"image": str(folder / f.image)}) for f in rendered.figures if f.image]


async def _figures_of(client, entry: PaperEntry, settings: Settings, store: Store, workers: Workers) -> None:
    chosen = _chosen_figures(entry)
    stem = safe_stem(entry.paper.versioned_id)
    fetched = {f.name: f for f in await asyncio.gather(*(_html_image(client, f, stem, store) for f in chosen)) if f}
    to_render = [f for f in chosen if f.name not in fetched and f.region_bbox and f.page]
    if to_render and entry.pdf_file:
        await _attach(entry, to_render, settings, store, workers)
    rendered = {f.name: f for f in entry.figures}
    entry.figures = [fetched.get(f.name) or rendered[f.name] for f in chosen if f.name in fetched or f.name in rendered]


async def attach_figures(
    client: httpx.AsyncClient, entries: list[PaperEntry], settings: Settings, store: Store, workers: Workers
) -> None:
    """The report's figures: the HTML's image files where they can be fetched, else rendered from the PDF.

    Both are kept in the store (a rerun fetches and renders nothing); the report folder gets copies.
    """
    await asyncio.gather(*(_figures_of(client, e, settings, store, workers) for e in entries))


def copy_figures(entries: list[PaperEntry], out_dir: Path) -> None:
    """Copy rendered images next to the report and make their paths relative to it."""
    target = out_dir / "figures"
    for entry in entries:
        copies = []
        for figure in entry.figures:
            source = Path(figure.image)
            if not source.is_absolute():
                copies.append(figure)
                continue
            # Atomic, like the report: a failed rerun must not leave a truncated image under the last good report.
            atomic_write(target / source.name, source.read_bytes())
            copies.append(figure.model_copy(update={"image": f"figures/{source.name}"}))
        entry.figures = copies
