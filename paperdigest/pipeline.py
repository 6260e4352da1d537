"""Runs the stages in order: sources -> select -> full texts -> analyse -> figures (and equation images) -> report.

The stage contract (paperdigest.stage), in ten lines:
1. A stage module describes its work on one input as a Step: a store folder (`stage`), a `key` digesting every
   input and setting the result depends on (`cache_key`, `code_digest` for parsers), the record type, and a
   `compute` coroutine returning a new record. I/O at the edge (a download, a worker process, an LLM call) is
   fine inside compute; touching the store is not.
2. Only this module holds the Store; stages receive it as `Results` and ask for a step's result, which the
   Store loads or computes once, keeps (when final) and counts as computed / cached / failed.
3. Records are never changed after a stage returns them: this module assembles each PaperEntry anew with
   `model_copy(update=...)` from the stages' results.
4. One paper's failure is a paperdigest error caught here and written on that paper; the run goes on.
Adding a stage: a module with a step (or a function over records), and one call in `run` below.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from paperdigest import analyse, equation_crops, figures, fulltext, sentence_model
from paperdigest.already_read import skip_already_read
from paperdigest.errors import UsageError
from paperdigest.events import Event, OnEvent, ignore, paper_count
from paperdigest.history import HistoryEntry, entry_id
from paperdigest.http import RetryPolicy, client_origin, make_client
from paperdigest.ids import local_ids
from paperdigest.llm.providers import resolve_engine
from paperdigest.models import DayStatus, PaperEntry, Report, RunParams, StageStats
from paperdigest.render import DEFAULT_TEMPLATE, check_template
from paperdigest.profile import load_profile, look_up_bare_ids
from paperdigest.select import (
    category_exclusion, classified_note, closeness_step, describe_ranking, empty_filter_note, merge, select,
)  # fmt: skip
from paperdigest.settings import Settings, cache_root
from paperdigest.sources import SourceResult, fetch_source, source_module
from paperdigest.stage import Step, cache_key
from paperdigest.store import Store
from paperdigest.trends import previous_report
from paperdigest.workers import Workers


@dataclass
class RunRequest:
    command: str
    start: dt.date | None = None
    end: dt.date | None = None
    replay: Path | None = None
    record: Path | None = None
    local_files: list[Path] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)
    # The report history: what other reports read in depth is not read again.
    history: list[HistoryEntry] = field(default_factory=list)
    reread: bool = False
    # For embedding and tests: answer HTTP from this transport (still behind the retry policy), not the network.
    transport: httpx.AsyncBaseTransport | None = None
    retry: RetryPolicy | None = None


def open_store(settings: Settings) -> Store:
    return Store(cache_root(settings))


def http_cache_path(settings: Settings) -> Path:
    return cache_root(settings) / "http.sqlite"


def _source_step(
    name: str, client: httpx.AsyncClient, start: dt.date | None, end: dt.date | None, settings: Settings,
    feed: Sequence[str], today: dt.date, on_event: OnEvent,
) -> Step[SourceResult]:  # fmt: skip
    """A source's answer for a window, kept only when complete and old enough not to change."""

    async def fetch() -> SourceResult:
        on_event(Event("sources", f"fetching {name} {start}..{end}"))
        return await fetch_source(name, client, start, end, settings, feed)

    def final(result: SourceResult) -> bool:
        complete = not result.errors and not any(d.unavailable for d in result.days)
        # Today's and yesterday's listings can still grow (time zones, API lag): never freeze them.
        return complete and end is not None and end < today - dt.timedelta(days=1)

    # The arXiv API query is built from the categories and keywords; the others filter after fetching.
    key = cache_key("sources", name, start, end, settings.categories, settings.keywords, list(feed), client_origin(client))
    return Step("sources", key, SourceResult, fetch, final)


@dataclass(frozen=True)
class Query:
    """What to list: sources over start..end (rss without dates: the latest feed), arXiv ids, the rss feed."""

    sources: tuple[str, ...]
    start: dt.date | None = None
    end: dt.date | None = None
    ids: tuple[str, ...] = ()
    feed: tuple[str, ...] = ()


async def gather(
    client: httpx.AsyncClient,
    query: Query,
    settings: Settings,
    results: Store,
    on_event: OnEvent = ignore,
    today: dt.date | None = None,
) -> SourceResult:
    """Papers of the query's sources for its window, merged into one record per paper.

    Without dates only `rss` can run (its feed is always the latest day). Every day that is not `ok` is said, so
    an empty result is never a silent one.
    """
    names = list(dict.fromkeys(query.sources))
    for name in names:
        source_module(name)  # an unknown source is a usage error before any request
    if query.ids and query.start is None:
        # Without dates, `--source arxiv --ids ...` means the id lookup, not a date search.
        names = [n for n in names if n != "arxiv"]
    start, end = query.start, query.end
    if (start is None or end is None) and any(n != "rss" for n in names):
        raise UsageError("give a start and end date for sources other than rss")
    if start is not None and end is not None and end < start:
        raise UsageError(f"end {end} is before start {start}")
    today = today or dt.date.today()
    steps = [_source_step(n, client, start, end, settings, query.feed, today, on_event) for n in names]
    parts = await asyncio.gather(*(results.record(step) for step in steps))
    total = SourceResult()
    for name, part in zip(names, parts):
        for day in part.days:
            if day.status != "ok" or day.note:  # an ok day's note: entries the source listed but no paper came of
                level = "warning" if day.unavailable else "info"
                on_event(Event("sources", f"{name} {day.date}: {day.status}: {day.note}", level=level))
        total.add(part)
    total.papers = merge(total.papers)
    return total


async def listing(client: httpx.AsyncClient, query: Query, settings: Settings, results: Store) -> SourceResult:
    """The query's papers plus its arXiv ids, merged and category-filtered (papers asked for by id are kept
    whatever their category)."""
    from paperdigest.sources.arxiv import lookup_ids

    found = await gather(client, query, settings, results)
    looked_up = await lookup_ids(client, query.ids) if query.ids else SourceResult()  # never kept: ids gain versions
    asked = {p.arxiv_id for p in looked_up.papers}
    found.add(looked_up)
    fetched = merge(found.papers)
    found.papers = [p for p in fetched if p.arxiv_id in asked or category_exclusion(p, settings) is None]
    if fetched and not found.papers:
        found.notes.append(f"0 of {len(fetched):,} announcements matched categories [{', '.join(settings.categories)}]")
    return found


def fetch_listing(query: Query, settings: Settings, replay: Path | None = None, record: Path | None = None) -> SourceResult:
    """`paperdigest fetch`: the listing through the same client, cache and source steps as a report run."""

    async def fetch() -> SourceResult:
        async with make_client(
            replay=replay, record=record, cache=http_cache_path(settings),
            endpoints=settings.endpoints, arxiv_interval=settings.arxiv_interval,
        ) as client:  # fmt: skip
            return await listing(client, query, settings, open_store(settings))

    return asyncio.run(fetch())


def _explain_empty(days: list[DayStatus]) -> str:
    if not days:
        return "no days were requested"
    states = Counter(d.status for d in days)
    return "no papers: " + ", ".join(f"{n} day(s) {s}" for s, n in sorted(states.items()))


async def _read_texts(
    entries: list[PaperEntry], client: httpx.AsyncClient, settings: Settings, store: Store, workers: Workers,
    on_event: OnEvent,
) -> list[PaperEntry]:  # fmt: skip
    """The entries with the selected ones' full texts (or the reason they were analysed from the abstract)."""
    selected = [i for i, e in enumerate(entries) if e.selection.selected]
    texts: dict[int, fulltext.FullText] = {}

    async def one(index: int) -> None:
        texts[index] = await fulltext.read(entries[index].paper, client, settings, store, workers, on_event)
        on_event(Event("fulltext", done=len(texts), total=len(selected)))

    await asyncio.gather(*(one(i) for i in selected))
    read = list(entries)
    for index, text in texts.items():
        entry = entries[index]
        read[index] = entry.model_copy(
            update={
                "paper": text.paper,
                "parsed": text.parsed,
                "pdf_file": text.pdf_file,
                "fulltext_source": text.source,
                "errors": [*entry.errors, *([text.error] if text.error else [])],
            }
        )
    return read


async def _with_figures(
    entries: list[PaperEntry], client: httpx.AsyncClient, settings: Settings, store: Store, workers: Workers
) -> list[PaperEntry]:
    """The chosen figures and, for a PDF without LaTeX, its key equations as images."""
    selected = [e for e in entries if e.selection.selected]
    found, crops = await asyncio.gather(
        asyncio.gather(*(figures.figures_of(e, client, settings, store, workers) for e in selected)),
        asyncio.gather(*(equation_crops.crops_of(e, settings, store, workers) for e in selected)),
    )
    shown = {
        id(e): e.model_copy(update={"figures": f.figures, "equations": c.equations, "errors": [*e.errors, *f.errors, *c.errors]})
        for e, f, c in zip(selected, found, crops)
    }
    return [shown.get(id(e), e) for e in entries]


async def run(request: RunRequest, settings: Settings, on_event: OnEvent = ignore) -> Report:
    """The whole run, from sources to a Report (writing files is render's job)."""
    store = open_store(settings)
    engine, model = resolve_engine(settings)  # a missing key is a usage error before any work
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
    check_template(report.params, settings)  # a bad --template fails before any request or paid call
    profile = load_profile(settings, request.today)  # so does a missing or unreadable library file
    if profile.skipped:
        on_event(Event("select", f"{profile.skipped} malformed library entries skipped", level="warning"))
    async with make_client(
        replay=request.replay, record=request.record, cache=http_cache_path(settings), policy=request.retry,
        transport=request.transport, endpoints=settings.endpoints, arxiv_interval=settings.arxiv_interval,
    ) as client:  # fmt: skip
        if request.local_files:
            papers = [
                fulltext.local_paper(path).model_copy(update={"arxiv_id": arxiv_id, "version": version})
                for path, (arxiv_id, version) in zip(request.local_files, local_ids(request.local_files))
            ]
        else:
            assert request.start and request.end
            query = Query(tuple(settings.sources), request.start, request.end)
            found = await gather(client, query, settings, store, on_event, today=request.today)
            papers, report.days, report.errors = found.papers, found.days, found.errors
            if not papers and report.partial:
                # Empty because data could not be had (not a quiet holiday): a failed run, and it says why.
                report.errors.append(_explain_empty(found.days))
        on_event(Event("select", paper_count(len(papers))))
        by_id = {p.arxiv_id: p for p in papers}
        profile = await look_up_bare_ids(profile, papers, client, store, on_event)
        report.ranking = describe_ranking(settings, profile)
        close = (await store.record(closeness_step(papers, profile))).by_id if profile.has_library else {}
        selections = select(papers, settings, profile, close)
        if note := empty_filter_note(selections, settings):
            report.notes.append(note)
            on_event(Event("select", note, level="warning"))
        if request.local_files:
            # A reading list is read in full, whatever --max-papers says.
            selections = [s.model_copy(update={"selected": s.excluded_by is None}) for s in selections]
        elif not request.reread:
            own_id = entry_id(request.command, request.start, request.end)
            selections, report.history = skip_already_read(selections, by_id, request.history, own_id)
        entries = [PaperEntry(paper=by_id[s.arxiv_id], selection=s) for s in selections]
        workers = Workers(memory_mb=settings.parse_memory_mb)
        warming: asyncio.Future[None] | None = None
        if entries and not sentence_model.at_hand():
            # Fitted once (about 20 s), while the papers download; the first reading of an abstract waits for it.
            on_event(Event("analyse", "fitting the sentence-role model, once (about 20 s)"))
            fitting = asyncio.ensure_future(asyncio.to_thread(sentence_model.shipped))
            fitting.add_done_callback(lambda done: done.cancelled() or done.exception())  # a failure is met again on use
        try:
            reading = asyncio.ensure_future(_read_texts(entries, client, settings, store, workers, on_event))
            # A model picks the figures in its last answers: the renderer's worker starts while it works.
            warming = asyncio.ensure_future(figures.prepare_renderer(reading, settings, workers)) if engine == "llm" else None
            try:
                entries, report.comparison, report.usage = await analyse.run(entries, settings, store, on_event, reading)
                report.notes += [note] if (note := classified_note(entries, settings.classify_top)) else []
            finally:
                reading.cancel()  # a no-op once done; stops the downloads when the analysis failed first
            entries = await _with_figures(entries, client, settings, store, workers)
        finally:
            if warming:
                warming.cancel()  # still starting (nothing to render, e.g. a cached rerun): its worker is killed
            workers.close()
    report.papers = sorted(entries, key=lambda e: e.selection.rank)
    report.history.previous = previous_report(report, request.history)
    report.stages = {stage: StageStats(**counts) for stage, counts in store.stats().items()}
    for entry in report.papers:
        for error in entry.errors:
            on_event(Event("paper", f"{entry.paper.versioned_id}: {error}", level="warning", paper=entry.paper.arxiv_id))
    return report


def run_sync(request: RunRequest, settings: Settings, on_event: OnEvent = ignore) -> Report:
    return asyncio.run(run(request, settings, on_event))
