"""Paper sources. Each module has a pure `parse_*` (bytes -> records) and an async `fetch` that does the I/O.

`fetch` never raises for one bad day or page: it reports it in `SourceResult.days` / `.errors` so the run goes
on with whatever else it got.
"""

from __future__ import annotations

import datetime as dt
import importlib
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


def days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


async def fetch_source(
    name: str, client: httpx.AsyncClient, start: dt.date, end: dt.date, settings: Settings
) -> SourceResult:
    if name not in SOURCES:
        raise UsageError(f"unknown source {name!r}; choose from {', '.join(SOURCES)}")
    module = importlib.import_module(f"paperdigest.sources.{name}")
    return await module.fetch(client, start, end, settings)
