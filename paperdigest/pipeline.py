"""Runs the stages in order: sources -> select -> full texts -> analyse -> figures -> report.

Every stage result goes through the Store, so a rerun resumes where a crash left off and an identical rerun
does no work. One paper's failure is recorded on that paper and the run goes on.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from paperdigest import fulltext
from paperdigest import analyse
from paperdigest.events import Event, OnEvent, ignore
from paperdigest.http import RetryPolicy, make_client
from paperdigest.models import (
    DayStatus,
    Paper,
    PaperEntry,
    Record,
    Report,
    RunParams,
    StageStats,
)
from paperdigest.render import DEFAULT_TEMPLATE, template_file
from paperdigest.profile import Profile, load_profile
from paperdigest.relevance import Closeness, Closenesses
from paperdigest.select import classified_note, describe_ranking, empty_filter_note, merge, profile_closeness, select
from paperdigest.settings import Settings, cache_root
from paperdigest.sources import fetch_source
from paperdigest.store import Store, cache_key


@dataclass
class RunRequest:
    command: str
    start: dt.date | None = None
    end: dt.date | None = None
    replay: Path | None = None
    record: Path | None = None
    local_files: list[Path] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)
    # For embedding and tests: answer HTTP from this transport (still behind the retry policy), not the network.
    transport: httpx.AsyncBaseTransport | None = None
    retry: RetryPolicy | None = None


class SourceSnapshot(Record):
    """A source's answer for a window, cached only when complete and old enough not to change."""

    papers: list[Paper] = []
    days: list[DayStatus] = []
    errors: list[str] = []


def open_store(settings: Settings) -> Store:
    return Store(cache_root(settings))


def http_cache_path(settings: Settings) -> Path:
    return cache_root(settings) / "http.sqlite"


def _replay_fingerprint(replay: Path | None) -> str | None:
    return hashlib.sha256(replay.read_bytes()).hexdigest() if replay else None


async def gather_sources(
    client: httpx.AsyncClient, request: RunRequest, settings: Settings, store: Store, on_event: OnEvent
) -> SourceSnapshot:
    assert request.start and request.end
    total = SourceSnapshot()
    for name in settings.sources:
        # The arXiv API query is built from the categories and keywords; the others filter after fetching.
        key = cache_key("sources", name, request.start, request.end, settings.categories, settings.keywords, _replay_fingerprint(request.replay))
        snapshot = store.get("sources", key, SourceSnapshot)
        if snapshot is None:
            on_event(Event("sources", f"fetching {name} {request.start}..{request.end}"))
            result = await fetch_source(name, client, request.start, request.end, settings)
            snapshot = SourceSnapshot(papers=result.papers, days=result.days, errors=result.errors)
            complete = not snapshot.errors and all(d.status in ("ok", "empty") for d in snapshot.days)
            # Today's and yesterday's listings can still grow (time zones, API lag): never freeze them.
            if complete and request.end < request.today - dt.timedelta(days=1):
                store.put("sources", key, snapshot)
            else:
                store.failed["sources"] += 1
        for day in snapshot.days:
            if day.status != "ok":
                level = "info" if day.status == "empty" else "warning"
                on_event(Event("sources", f"{name} {day.date}: {day.status}: {day.note}", level=level))
        total.papers.extend(snapshot.papers)
        total.days.extend(snapshot.days)
        total.errors.extend(snapshot.errors)
    return total


def closeness_cached(store: Store, papers: list[Paper], profile: Profile) -> dict[str, Closeness]:
    """The profile ranking, from the store when these papers were ranked by this profile before."""
    if not profile.has_library:
        return {}
    key = cache_key("closeness", [(p.arxiv_id, p.title, p.abstract, p.categories) for p in papers], profile.liked, profile.disliked)
    cached = store.get("ranking", key, Closenesses)
    if cached is None:
        cached = Closenesses(by_id=profile_closeness(papers, profile))
        store.put("ranking", key, cached)
    return cached.by_id


def _explain_empty(days: list[DayStatus]) -> str:
    if not days:
        return "no days were requested"
    states = Counter(d.status for d in days)
    return "no papers: " + ", ".join(f"{n} day(s) {s}" for s, n in sorted(states.items()))


async def run(request: RunRequest, settings: Settings, on_event: OnEvent = ignore) -> Report:
    """The whole run, from sources to a Report (writing files is render's job)."""
    store = open_store(settings)
    engine, model = analyse.resolve_engine(settings)  # a missing key is a usage error before any work
    report = Report(
        generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        params=RunParams(
            command=request.command,
            start=request.start,
            end=request.end,
            sources=list(settings.sources) if not request.local_files else ["local"],
            max_papers=settings.max_papers,
            engine=engine,
            model=model,
            lang=settings.lang,
            template=settings.template or DEFAULT_TEMPLATE[request.command],
        ),
    )
    template_file(report.params.template, settings)  # a bad --template fails before any request or paid call
    profile = load_profile(settings, request.today)  # so does a missing or unreadable library file
    if profile.skipped:
        on_event(Event("select", f"{profile.skipped} malformed library entries skipped", level="warning"))
    report.ranking = describe_ranking(settings, profile)
    async with make_client(
        replay=request.replay, record=request.record, cache=http_cache_path(settings), policy=request.retry,
        transport=request.transport,
    ) as client:
        if request.local_files:
            papers = [fulltext.local_paper(path) for path in request.local_files]
        else:
            snapshot = await gather_sources(client, request, settings, store, on_event)
            papers = merge(snapshot.papers)
            report.days, report.errors = snapshot.days, snapshot.errors
            if not papers and report.partial:
                # Empty because data could not be had (not a quiet holiday): a failed run, and it says why.
                report.errors.append(_explain_empty(snapshot.days))
        on_event(Event("select", f"{len(papers)} papers"))
        by_id = {p.arxiv_id: p for p in papers}
        selections = select(papers, settings, profile, closeness_cached(store, papers, profile))
        if note := empty_filter_note(selections, settings):
            report.notes.append(note)
            on_event(Event("select", note, level="warning"))
        if request.local_files:
            # A reading list is read in full, whatever --max-papers says.
            for selection in selections:
                selection.selected = selection.excluded_by is None
        report.papers = [PaperEntry(paper=by_id[s.arxiv_id], selection=s) for s in selections]
        workers = fulltext.Workers(memory_mb=settings.parse_memory_mb)
        try:
            reading = asyncio.ensure_future(fulltext.read_all(client, report.selected, settings, store, workers, on_event))
            try:
                report.comparison, report.usage = await analyse.run(report, settings, store, on_event, reading)
                report.notes += [note] if (note := classified_note(report.papers, settings.classify_top)) else []
            finally:
                reading.cancel()  # a no-op once done; stops the downloads when the analysis failed first
            # The analysis returns new entry records: take the selected ones again.
            await fulltext.attach_figures(client, report.selected, settings, store, workers)
        finally:
            workers.close()
    report.papers.sort(key=lambda e: e.selection.rank)
    report.stages = {stage: StageStats(**counts) for stage, counts in store.stats().items()}
    for entry in report.papers:
        for error in entry.errors:
            on_event(Event("paper", f"{entry.paper.versioned_id}: {error}", level="warning"))
    return report


def run_sync(request: RunRequest, settings: Settings, on_event: OnEvent = ignore) -> Report:
    return asyncio.run(run(request, settings, on_event))

