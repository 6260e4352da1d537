"""The LLM engine: classify every paper, summarise the selected ones, compare them per theme, then the week.

Each stage renders its prompt template, asks through paperdigest.llm (cached, budgeted, validated) and maps
the answer onto the records. One paper that fails gets an error in its entry; the batch goes on.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from paperdigest.analyse.fallback import stand_in
from paperdigest.analyse.grounding import ground
from paperdigest.analyse.outputs import (
    OverviewOut,
    SummaryOut,
    ThemeOut,
    classify_schema,
    main_text_figures,
    theme_schema,
)
from paperdigest.analyse.overview import compare as compare_quoted
from paperdigest.analyse.overview import table_row
from paperdigest.analyse.sections import pick_sections
from paperdigest.errors import LLMError
from paperdigest.events import Event, OnEvent
from paperdigest.llm.client import Call, LLMClient
from paperdigest.llm.cost import context_window, count_tokens
from paperdigest.llm.prompts import Prompt, load_prompts
from paperdigest.models import (
    Analysis,
    Record,
    Classification,
    Comparison,
    ComparisonRow,
    PaperEntry,
    Summary,
    Theme,
    Usage,
)
from paperdigest.settings import Settings
from paperdigest.stage import Results, Step, cache_key

T = TypeVar("T")

DEFAULT_TAXONOMY = (
    "LLM reasoning",
    "LLM training and alignment",
    "Agents and tool use",
    "Retrieval and RAG",
    "Multimodal models",
    "Vision",
    "Generative models (image, video, audio)",
    "Speech and audio",
    "Efficiency and systems",
    "Evaluation and benchmarks",
    "Safety, security and privacy",
    "Robotics and embodied AI",
    "Machine learning theory",
    "AI for science",
    "Other",
)
FALLBACK_TOPIC = "Other"


class FittedText(Record):
    text: str
    omitted: list[str] = []
    shortened: list[str] = []
    budget: int
    answer_tokens: int
MAX_TOKENS = {"classify": 512, "summarise": 4096, "compare": 2048, "overview": 2048}
MAX_TEXT_TOKENS = 30_000  # paper text per summary: a whole typical paper, not a whole appendix
PROMPT_OVERHEAD = 2_500  # tokens of instructions, metadata and JSON Schema around the paper text


async def analyse_llm(
    entries: list[PaperEntry],
    settings: Settings,
    results: Results,
    on_event: OnEvent,
    texts_read: Awaitable[list[PaperEntry]] | None = None,
) -> tuple[list[PaperEntry], Comparison, dict[str, Usage]]:
    """Run the stages over a period's papers; returns new entries with analyses, the comparison and usage.

    Papers outside the selection need only their title and abstract, so they are classified at once, while
    `texts_read` (the full-text stage, downloading and parsing) runs. The selected papers wait for the entries it
    gives: it may complete their metadata (version, categories) and so change their prompts. Progress events say,
    per paper answered or failed, how many of the stage's papers are done.
    """
    prompts = load_prompts(settings.prompts_dir)  # a bad user template fails here, before any call
    client = LLMClient(settings, results, on_event)
    stages = _Stages(settings, prompts, client, on_event)
    # Only the top of the ranking costs a classify call (selected papers always): a 1,500-paper day stays cheap.
    others = [i for i, e in enumerate(entries) if not e.selection.selected and e.selection.rank <= settings.classify_top]
    selected_count = sum(e.selection.selected for e in entries)
    totals = {"classify": len(others) + selected_count, "summarise": selected_count}
    finished: Counter[str] = Counter()

    def advance(stage: str) -> None:
        finished[stage] += 1
        on_event(Event(stage, done=finished[stage], total=totals[stage]))

    classifying = asyncio.ensure_future(_each([entries[i] for i in others], stages.classify, "classify", on_event, advance))
    try:
        if texts_read is not None:
            entries = await texts_read
        selected = [i for i, e in enumerate(entries) if e.selection.selected]
        picked = [entries[i] for i in selected]
        # Summaries do not need the classification: both stages share the concurrency limit, neither waits.
        picked_classes, summarised = await asyncio.gather(
            _each(picked, stages.classify, "classify", on_event, advance),
            _each(picked, stages.summarise, "summarise", on_event, advance),
        )
        classes = dict(zip(others, await classifying)) | dict(zip(selected, picked_classes))
    finally:
        classifying.cancel()  # a no-op once done; stops the calls when the full texts or summaries failed
    summaries = dict(zip(selected, summarised))
    entries = [
        _with_analysis(entry, classes.get(i), summaries.get(i), settings.classify_model or settings.model)
        for i, entry in enumerate(entries)
    ]
    comparison = await stages.compare(entries)
    for note in client.budget.skipped:
        on_event(Event("budget", note))
    return entries, comparison, dict(client.usage)


def _with_analysis(
    entry: PaperEntry,
    classified: Classification | LLMError | None,
    summarised: Analysis | LLMError | None,
    classify_model: str,
) -> PaperEntry:
    """A new entry with what the stages gave; a failed stage becomes one of the paper's errors, and a failed
    summary gets the paper's own sentences (the extractive analysis) in its place, marked."""
    failures = [f"{stage}: {result}" for stage, result in (("classify", classified), ("summarise", summarised)) if isinstance(result, LLMError)]
    classification = None if isinstance(classified, LLMError) else classified
    analysis = stand_in(entry, f"summarise: {summarised}") if isinstance(summarised, LLMError) else summarised
    update: dict[str, object] = {"errors": [*entry.errors, *failures]} if failures else {}
    if classification is not None or analysis is not None:
        analysis = analysis or Analysis(engine="llm", model=classify_model)
        update["analysis"] = analysis.model_copy(update={"classification": classification})
    return entry.model_copy(update=update) if update else entry


async def _each(
    entries: Sequence[PaperEntry],
    work: Callable[[PaperEntry], Awaitable[T]],
    stage: str,
    on_event: OnEvent,
    advance: Callable[[str], None],
) -> list[T | LLMError]:
    """Run one stage over papers concurrently; a failure becomes that paper's error, never the batch's."""

    async def one(entry: PaperEntry) -> T | LLMError:
        try:
            result = await work(entry)
        except LLMError as exc:
            on_event(Event(stage, f"{entry.paper.arxiv_id}: failed: {exc}"))
            return exc
        finally:
            advance(stage)
        on_event(Event(stage, f"{entry.paper.arxiv_id}: done"))
        return result

    return list(await asyncio.gather(*(one(e) for e in entries)))


def _meta(entry: PaperEntry) -> dict[str, object]:
    """The paper facts a template may show (the abstract and text go separately, fenced)."""
    p = entry.paper
    return {"arxiv_id": p.versioned_id, "title": p.title, "authors": p.authors, "categories": p.categories}


class _Stages:
    def __init__(self, settings: Settings, prompts: dict[str, Prompt], client: LLMClient, on_event: OnEvent) -> None:
        self.settings = settings
        self.prompts = prompts
        self.client = client
        self.on_event = on_event
        self.taxonomy = settings.taxonomy or DEFAULT_TAXONOMY
        self.classify_schema = classify_schema(self.taxonomy)

    def _call(self, stage: str, item: str, model: str, max_tokens: int | None = None, **values: object) -> Call:
        prompt = self.prompts[stage]
        messages = prompt.render(lang=self.settings.lang, **values)
        return Call(stage, item, model, prompt.source, messages, max_tokens or MAX_TOKENS[stage])

    async def classify(self, entry: PaperEntry) -> Classification:
        model = self.settings.classify_model or self.settings.model
        interests = [*self.settings.keywords, *self.settings.categories, *filter(None, [self.settings.interests.strip()])]
        call = self._call(
            "classify", entry.paper.arxiv_id, model,
            paper=_meta(entry), abstract=entry.paper.abstract, taxonomy=list(self.taxonomy), interests=interests,
        )  # fmt: skip
        out, _ = await self.client.run(call, self.classify_schema)
        return Classification.model_validate(out.model_dump())

    async def _fit(self, entry: PaperEntry, model: str) -> FittedText:
        """The paper text that fits the model, remembered: a rerun needs no tokenizer, so never imports litellm."""
        window = self.settings.max_input_tokens
        limits = (window, MAX_TOKENS["summarise"], MAX_TEXT_TOKENS, PROMPT_OVERHEAD)
        key = cache_key("fit", model, *limits, entry.parsed, entry.paper.abstract)

        async def fit() -> FittedText:
            await self.client.ready()
            return await asyncio.to_thread(self._fitted_text, entry, model, window)  # tokenizing a paper takes a while

        return await self.client.results.record(Step("llm-fit", key, FittedText, fit))

    @staticmethod
    def _fitted_text(entry: PaperEntry, model: str, configured_window: int | None) -> FittedText:
        window = context_window(model, configured_window)
        answer_tokens = min(MAX_TOKENS["summarise"], window // 4)  # a small local model keeps room for the paper
        budget = min(MAX_TEXT_TOKENS, window - answer_tokens - PROMPT_OVERHEAD)
        picked = pick_sections(entry.parsed, entry.paper.abstract, budget, lambda text: count_tokens(model, text))
        return FittedText(
            text=picked.text, omitted=picked.omitted, shortened=picked.shortened, budget=budget, answer_tokens=answer_tokens
        )

    async def summarise(self, entry: PaperEntry) -> Analysis:
        model, parsed, paper_id = self.settings.model, entry.parsed, entry.paper.arxiv_id
        picked = await self._fit(entry, model)
        if picked.omitted or picked.shortened:
            self.on_event(
                Event(
                    "summarise",
                    f"{paper_id}: to fit {picked.budget} tokens, left out {picked.omitted or 'nothing'}, "
                    f"shortened {picked.shortened or 'nothing'}",
                )
            )
        call = self._call(
            "summarise", paper_id, model, picked.answer_tokens,
            paper=_meta(entry),
            source=entry.fulltext_source or (parsed.source if parsed else "abstract"),
            text=picked.text,
            omitted=picked.omitted + [f"{t} (shortened)" for t in picked.shortened],
            figures=[{"name": f.name, "caption": f.caption} for f in (parsed.figures if parsed else [])],
            equations=list(parsed.equations) if parsed else [],
        )  # fmt: skip
        out, answer = await self.client.run(call, SummaryOut)
        summary = out.to_summary()
        summary.key_figures = main_text_figures(summary.key_figures, parsed)
        # Searching a long paper for every number takes a moment: off the event loop, where answers arrive.
        summary, grounding = await asyncio.to_thread(ground, summary, parsed, entry.paper.abstract)
        if grounding.unverified:
            self.on_event(Event("grounding", f"{paper_id}: {grounding.unverified} of {grounding.checked} not found in the paper"))
        prompt = self.prompts["summarise"]
        return Analysis(
            engine="llm",
            model=answer.model,
            summary=summary,
            grounding=grounding,
            date=answer.created,
            prompt_version=f"{prompt.origin} {cache_key(prompt.source)[:8]}",
            omitted=picked.omitted + [f"{t} (shortened)" for t in picked.shortened],
            filled=answer.filled,
        )

    async def compare(self, entries: list[PaperEntry]) -> Comparison:
        """Per theme (the selected papers that were summarised, grouped by topic), then the whole period."""
        groups: dict[str, list[PaperEntry]] = {}
        for entry in entries:
            if entry.selection.selected and entry.analysis and entry.analysis.summary.contribution:
                topic = entry.analysis.classification.topic if entry.analysis.classification else FALLBACK_TOPIC
                groups.setdefault(topic, []).append(entry)
        names = sorted(groups, key=lambda name: (-len(groups[name]), name))
        comparison = Comparison()
        # Only the model's summaries are compared by the model; a stand-in's row comes from its own sentences.
        written = {name: [e for e in groups[name] if e.analysis.engine == "llm"] for name in names}
        results = await asyncio.gather(*(self._theme(name, written[name]) for name in names), return_exceptions=True)
        theme_trends: dict[str, list[str]] = {}
        for name, result in zip(names, results):
            if isinstance(result, BaseException) and not isinstance(result, LLMError):
                raise result
            if isinstance(result, LLMError):
                comparison.errors.append(f"compare {name}: {result}")
            group, compared = groups[name], result if isinstance(result, ThemeOut) else None
            ids = [e.paper.arxiv_id for e in group]
            comparison.themes.append(Theme(name=name, arxiv_ids=ids, summary=compared.summary if compared else ""))
            # The papers the model did not compare (stand-ins; all of them when the call failed): their quoted row.
            quoted = [e for e in group if not compared or e.analysis.engine != "llm"]
            comparison.table += _rows(compared.table, ids) if compared else []
            comparison.table += [table_row(e, e.analysis.summary, name) for e in quoted]
            if compared:
                comparison.disagreements += compared.disagreements
                theme_trends[name] = compared.trends
        if entries:
            try:
                overview = await self._overview(entries, comparison.themes, theme_trends)
            except LLMError as exc:
                comparison.errors.append(f"overview: {exc}")
                comparison.overview = compare_quoted(entries, self.settings.lang).overview
                comparison.trends = [t for trends in theme_trends.values() for t in trends]
            else:
                comparison.overview, comparison.trends, comparison.outlook = overview.overview, overview.trends, overview.outlook
        for error in comparison.errors:
            self.on_event(Event("compare", error))
        return comparison

    async def _theme(self, name: str, group: list[PaperEntry]) -> ThemeOut | None:
        """The model's comparison of a theme's summaries; None (no call) when the model summarised none of them."""
        if not group:
            return None
        papers = [
            {"arxiv_id": e.paper.arxiv_id, "title": e.paper.title, "summary": _digest(e.analysis.summary)} for e in group
        ]
        call = self._call("compare", name, self.settings.model, theme=name, papers=papers)
        out, _ = await self.client.run(call, theme_schema(tuple(p["arxiv_id"] for p in papers)))
        return out

    async def _overview(self, entries: list[PaperEntry], themes: list[Theme], trends: dict[str, list[str]]) -> OverviewOut:
        days = sorted(str(e.paper.announced or e.paper.published.date()) for e in entries if e.paper.announced or e.paper.published)
        papers = [
            {
                "arxiv_id": e.paper.arxiv_id,
                "title": e.paper.title,
                "topic": e.analysis.classification.topic if e.analysis and e.analysis.classification else FALLBACK_TOPIC,
                "relevance": e.analysis.classification.relevance if e.analysis and e.analysis.classification else 0,
                "selected": e.selection.selected,
            }
            for e in entries
            if e.selection.selected or e.selection.rank <= self.settings.classify_top  # what classify saw
        ]
        theme_values = [{**t.model_dump(), "trends": trends.get(t.name, [])} for t in themes]
        call = self._call(
            "overview", "the period", self.settings.model,
            start=days[0] if days else "", end=days[-1] if days else "", themes=theme_values, papers=papers,
        )  # fmt: skip
        out, _ = await self.client.run(call, OverviewOut)
        return out


def _digest(summary: Summary) -> str:
    """What compare needs of one analysis, as compact JSON: the texts, not the evidence."""
    texts = {
        name: [c.text for c in getattr(summary, name)] for name in ("innovations", "experiments", "usage", "limitations")
    }
    data = {"domain": summary.domain, "contribution": summary.contribution.text if summary.contribution else "", **texts}
    return json.dumps({**data, "rating": summary.rating}, ensure_ascii=False)


def _rows(rows: list[ComparisonRow], ids: list[str]) -> list[ComparisonRow]:
    """At most one row per paper, in the theme's order (the schema already limits ids to the theme's)."""
    by_id: dict[str, ComparisonRow] = {}
    for row in rows:
        by_id.setdefault(row.arxiv_id, row)
    return [ComparisonRow.model_validate(by_id[i].model_dump()) for i in ids if i in by_id]
