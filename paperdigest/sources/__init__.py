"""Paper sources. Each module has a pure `parse_*` (bytes -> records) and an async `fetch` that does the I/O.

`fetch` never raises for one bad day or page: it reports it in `SourceResult.days` / `.errors` so the run goes
on with whatever else it got.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx

from paperdigest.errors import UsageError
from paperdigest.models import DayStatus, Paper
from paperdigest.settings import Settings

SOURCES = ("hf", "arxiv", "rss", "oai")


@dataclass
class SourceResult:
    papers: list[Paper] = field(default_factory=list)
    days: list[DayStatus] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, other: SourceResult) -> None:
        self.papers += other.papers
        self.days += other.days
        self.errors += other.errors


def days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def day_statuses(
    source: str,
    start: dt.date,
    end: dt.date,
    papers: Sequence[Paper],
    errors: Sequence[str],
    day_of: Callable[[Paper], dt.date | None] = lambda paper: paper.announced,
) -> list[DayStatus]:
    """One status per day (by default the papers' `announced` day), so an empty day always says why."""
    statuses = []
    for day in days_between(start, end):
        count = sum(1 for p in papers if day_of(p) == day)
        if count:
            statuses.append(DayStatus(date=day, source=source, count=count))
        elif errors:
            statuses.append(DayStatus(date=day, source=source, status="error", note="; ".join(errors)[:300]))
        elif day.weekday() >= 5:
            statuses.append(DayStatus(date=day, source=source, status="empty", note="arXiv lists nothing on weekends"))
        else:
            statuses.append(DayStatus(date=day, source=source, status="empty", note="no papers that day"))
    return statuses


def _module(name: str):
    if name not in SOURCES:
        raise UsageError(f"unknown source {name!r}; choose from {', '.join(SOURCES)}")
    return importlib.import_module(f"paperdigest.sources.{name}")


async def fetch_source(
    name: str, client: httpx.AsyncClient, start: dt.date, end: dt.date, settings: Settings
) -> SourceResult:
    return await _module(name).fetch(client, start, end, settings)


async def fetch_papers(
    client: httpx.AsyncClient,
    sources: Sequence[str],
    start: dt.date | None,
    end: dt.date | None,
    settings: Settings,
    ids: Sequence[str] = (),
    feed: Sequence[str] = (),
) -> SourceResult:
    """Papers of `sources` for start..end plus the arXiv `ids`, merged (one per paper) and category-filtered.

    Without dates only `rss` (whose feed is always the latest day) and `ids` (the arxiv lookup) can run. `feed` names the
    archives/categories the rss source requests (default: all archives, filtered here by category).
    """
    from paperdigest.select import category_exclusion, merge
    from paperdigest.sources import arxiv, rss

    modules = [_module(name) for name in dict.fromkeys(sources)]
    if ids and start is None:
        # Without dates, `--source arxiv --ids ...` means the id lookup, not a date search.
        modules = [m for m in modules if m is not arxiv]
    if (start is None or end is None) and any(m is not rss for m in modules):
        raise UsageError("give a start and end date for sources other than rss")
    if start is not None and end is not None and end < start:
        raise UsageError(f"end {end} is before start {start}")
    calls = [
        rss.fetch(client, start, end, settings, feed=feed) if m is rss else m.fetch(client, start, end, settings)
        for m in modules
    ]
    looked_up = arxiv.lookup_ids(client, ids) if ids else None
    parts = await asyncio.gather(*calls, *([looked_up] if looked_up else []))
    result = SourceResult()
    for part in parts:
        result.add(part)
    # Papers asked for by id are kept whatever their category.
    asked = {p.arxiv_id for p in parts[-1].papers} if looked_up else set()
    fetched = merge(result.papers)
    result.papers = [p for p in fetched if p.arxiv_id in asked or category_exclusion(p, settings) is None]
    if fetched and not result.papers:
        result.notes.append(f"0 of {len(fetched):,} announcements matched categories [{', '.join(settings.categories)}]")
    return result
