"""The report's figures for one analysed paper: which ones, and their images.

The analysis's picks come first, then the paper's first figures. The HTML full text's own image files are used
where they can be fetched, else the regions are rendered from the PDF; both are steps, so a rerun fetches and
renders nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from pathlib import Path

import httpx

from paperdigest.errors import FetchError, ParseError
from paperdigest.fetch import download, image_kind
from paperdigest.files import atomic_write
from paperdigest.ids import figure_slug, safe_stem
from paperdigest.models import Figure, PaperEntry, Record
from paperdigest.settings import Settings
from paperdigest.stage import FilesStep, Results, cache_key, code_digest
from paperdigest.workers import Workers

MAX_REPORT_FIGURES = 3
MAX_IMAGE_BYTES = 20_000_000


class FigureSet(Record):
    figures: list[Figure] = []
    errors: list[str] = []


def choose(entry: PaperEntry) -> list[Figure]:
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


def _image_names(figures: FigureSet) -> list[str]:
    return [f.image for f in figures.figures if f.image]


async def _html_image(
    client: httpx.AsyncClient, figure: Figure, stem: str, results: Results
) -> Figure | None:
    """The HTML full text's own image file for a figure, when it can be fetched (else the PDF renders it)."""
    kind = image_kind(figure.image_url)
    if kind is None:
        return None
    try:
        blob = await results.blob(download(client, figure.image_url, kind, MAX_IMAGE_BYTES))
    except FetchError:
        return None
    name = f"{stem}-{figure_slug(figure.name)}.{kind}"

    async def named_copy(folder: Path) -> FigureSet:
        # The report's folder gets the image under a readable name, not the blob's digest.
        atomic_write(folder / name, blob.read_bytes())
        return FigureSet(figures=[figure.model_copy(update={"image": name})])

    folder, named = await results.files(FilesStep("figures-html", cache_key(blob.name, name), FigureSet, named_copy, _image_names))
    return named.figures[0].model_copy(update={"image": str(folder / name)})


def _load_renderer() -> None:
    import paperdigest.pdf  # noqa: F401  (pymupdf and the renderer, in the worker)


async def prepare_renderer(entries_read: Awaitable[list[PaperEntry]], settings: Settings, workers: Workers) -> None:
    """A worker with the renderer loaded, started while a model analyses the papers: it picks their figures only
    in its last answers, and starting a worker then (its imports) cost a second after the last call."""
    try:
        read = await entries_read
    except Exception:  # noqa: BLE001 - the analysis reports why the texts could not be read; this is a head start
        return
    if any(e.pdf_file for e in read if e.selection.selected):
        with contextlib.suppress(ParseError):  # the rendering itself says what is wrong with the workers
            await workers.call(settings.parse_timeout, _load_renderer)


def _render(pdf: Path, figures: list[Figure], folder: Path, dpi: int, stem: str) -> FigureSet:
    from paperdigest.pdf import render_figures

    return FigureSet(figures=render_figures(pdf, figures, folder, dpi=dpi, stem=stem))


async def _rendered(
    pdf_file: str, figures: list[Figure], stem: str, settings: Settings, results: Results, workers: Workers
) -> list[Figure]:
    step = FilesStep(
        "figures",
        cache_key("figures", code_digest("pdf"), Path(pdf_file).name, figures, settings.dpi),
        FigureSet,
        lambda folder: workers.call(settings.parse_timeout, _render, Path(pdf_file), figures, folder, settings.dpi, stem),
        _image_names,
    )
    folder, rendered = await results.files(step)
    return [f.model_copy(update={"image": str(folder / f.image)}) for f in rendered.figures if f.image]


async def figures_of(
    entry: PaperEntry, client: httpx.AsyncClient, settings: Settings, results: Results, workers: Workers
) -> FigureSet:
    """The chosen figures with image paths in the cache, and why any could not be shown."""
    chosen = choose(entry)
    stem = safe_stem(entry.paper.versioned_id)
    fetched = {f.name: f for f in await asyncio.gather(*(_html_image(client, f, stem, results) for f in chosen)) if f}
    to_render = [f for f in chosen if f.name not in fetched and f.region_bbox and f.page]
    rendered: dict[str, Figure] = {}
    errors = []
    if to_render and entry.pdf_file:
        try:
            rendered = {f.name: f for f in await _rendered(entry.pdf_file, to_render, stem, settings, results, workers)}
        except ParseError as exc:
            errors.append(f"figures could not be rendered: {exc}")
    shown = [fetched.get(f.name) or rendered[f.name] for f in chosen if f.name in fetched or f.name in rendered]
    return FigureSet(figures=shown, errors=errors)
