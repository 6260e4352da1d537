"""Hand-made history entries: reports with chosen papers, versions, themes and authors."""

from __future__ import annotations

import datetime as dt

from paperdigest.history import HistoryEntry, entry_id
from paperdigest.models import Analysis, Comparison, Paper, PaperEntry, Report, RunParams, Selection, Theme


def paper(pid: str, version: int | None = None, title: str | None = None, authors=(), **extra) -> Paper:
    return Paper(arxiv_id=pid, version=version, title=title or f"Paper {pid}", abstract=f"Abstract of {pid}.",
                 authors=list(authors), extra=extra)


def report(start: str, end: str, papers: list[Paper], read: int = 0, themes: dict[str, list[str]] | None = None,
           command: str = "range") -> Report:
    """The first `read` papers read in depth (with an analysis), the rest listed."""
    entries = [
        PaperEntry(paper=p, selection=Selection(arxiv_id=p.arxiv_id, rank=i, selected=i <= read),
                   analysis=Analysis(engine="extractive") if i <= read else None)
        for i, p in enumerate(papers, 1)
    ]
    return Report(
        generated_at=dt.datetime.fromisoformat(f"{end}T12:00:00+00:00"),
        params=RunParams(command=command, start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end)),
        papers=entries,
        comparison=Comparison(themes=[Theme(name=n, arxiv_ids=ids) for n, ids in (themes or {}).items()]),
    )


def entry(rep: Report, written_to: str | None = "/reports/x/report.md") -> HistoryEntry:
    p = rep.params
    return HistoryEntry(id=entry_id(p.command, p.start, p.end), written_to=written_to, report=rep)
