"""The figure renderer's worker is started while a model works, and only when a selected paper has a PDF."""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from pathlib import Path

from paperdigest.figures import prepare_renderer
from paperdigest.models import Paper, PaperEntry, Selection
from paperdigest.settings import Settings
from paperdigest.workers import Workers


def _entry(pdf_file: str | None, selected: bool = True) -> PaperEntry:
    paper = Paper(arxiv_id="2501.00001", version=1, title="A paper", abstract="An abstract.")
    return PaperEntry(paper=paper, selection=Selection(arxiv_id="2501.00001", rank=1, selected=selected), pdf_file=pdf_file)


async def _prepared(entries: list[PaperEntry]) -> tuple[int, int]:
    """(worker processes after the warm-up, worker processes after a task that follows it)."""
    workers = Workers(size=2)

    async def read() -> list[PaperEntry]:
        return entries

    try:
        await prepare_renderer(asyncio.ensure_future(read()), Settings(), workers)
        warmed = len(multiprocessing.active_children())
        await workers.call(30, time.sleep, 0)
        return warmed, len(multiprocessing.active_children())
    finally:
        workers.close()


def test_a_selected_pdf_gets_a_worker_before_its_figures_are_picked(tmp_path: Path) -> None:
    """Starting the worker only once the model had picked the figures cost a second after the last answer."""
    assert asyncio.run(_prepared([_entry(str(tmp_path / "paper.pdf"))])) == (1, 1)  # the later task reuses it


def test_no_worker_is_started_without_a_selected_pdf(tmp_path: Path) -> None:
    assert asyncio.run(_prepared([_entry(None), _entry(str(tmp_path / "other.pdf"), selected=False)])) == (0, 1)
