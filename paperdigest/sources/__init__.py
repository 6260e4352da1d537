"""Paper sources. Each module has a pure `parse_*` (bytes -> records) and an async `fetch` that does the I/O.

`fetch` never raises for one bad day or page: it reports it in `SourceResult.days` / `.errors` so the run goes
on with whatever else it got.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections import Counter
from collections.abc import Callable, Sequence

import httpx

from paperdigest.errors import UsageError
from paperdigest.models import DayStatus, Paper, Record
from paperdigest.settings import Settings

SOURCES = ("hf", "arxiv", "rss", "oai")


class SourceResult(Record):
    """A source's answer for a window: its papers, a status per day, and what failed."""

    papers: list[Paper] = []
    days: list[DayStatus] = []
    errors: list[str] = []
    notes: list[str] = []  # not errors: e.g. a category filter that left 0 of N papers

    def add(self, other: SourceResult) -> None:
        self.papers += other.papers
        self.days += other.days
        self.errors += other.errors
        self.notes += other.notes


def days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def skipped_note(count: int, lacking: str = "an arXiv id") -> str:
    """What a day's note says of the entries a source listed but no paper came of (a changed feed reads as this)."""
    return f"{count} {'entry' if count == 1 else 'entries'} without {lacking} skipped" if count else ""


def listed_day(source: str, day: dt.date, count: int, skipped: int, quiet: str, lacking: str = "an arXiv id") -> DayStatus:
    """A day a source answered for: ok, saying what it skipped; an error when it listed entries and none could be
    read (a changed format, not a quiet day); else empty, saying why (`quiet`)."""
    note = skipped_note(skipped, lacking)
    if count:
        return DayStatus(date=day, source=source, count=count, note=note)
    if skipped:
        return DayStatus(date=day, source=source, status="error", note=note)
    return DayStatus(date=day, source=source, status="empty", note=quiet)


def day_statuses(
    source: str,
    start: dt.date,
    end: dt.date,
    papers: Sequence[Paper],
    errors: Sequence[str],
    day_of: Callable[[Paper], dt.date | None] = lambda paper: paper.announced,
    skipped: Counter[dt.date] | None = None,
) -> list[DayStatus]:
    """One status per day (by default the papers' `announced` day), so an empty day always says why; `skipped`
    counts each day's entries that had no usable id."""
    skipped = skipped or Counter()
    statuses = []
    for day in days_between(start, end):
        count = sum(1 for p in papers if day_of(p) == day)
        if errors and not count:
            statuses.append(DayStatus(date=day, source=source, status="error", note="; ".join(errors)[:300]))
        else:
            quiet = "arXiv lists nothing on weekends" if day.weekday() >= 5 else "no papers that day"
            statuses.append(listed_day(source, day, count, skipped[day], quiet))
    return statuses


def source_module(name: str):
    if name not in SOURCES:
        raise UsageError(f"unknown source {name!r}; choose from {', '.join(SOURCES)}")
    return importlib.import_module(f"paperdigest.sources.{name}")


async def fetch_source(
    name: str, client: httpx.AsyncClient, start: dt.date | None, end: dt.date | None, settings: Settings, feed: Sequence[str] = ()
) -> SourceResult:
    """One source's papers for start..end; `feed` names the archives/categories the rss source requests."""
    module = source_module(name)
    if name == "rss":
        return await module.fetch(client, start, end, settings, feed=feed)
    return await module.fetch(client, start, end, settings)
