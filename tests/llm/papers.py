"""Plain-data papers for the LLM tests (metadata, selection and a small parsed full text each), and a runner."""

from __future__ import annotations

import asyncio
from pathlib import Path

from paperdigest.analyse.staged import analyse_llm
from paperdigest.events import Event
from paperdigest.models import Comparison, Paper, PaperEntry, ParsedPaper, Section, Selection, StageStats, Usage
from paperdigest.settings import Settings
from paperdigest.store import Store

RESULTS = {
    "2501.00001": "On GSM8K the method reaches 77.8 accuracy, compared with 71.2 for the strongest baseline.",
    "2501.00002": "Retrieval recall improves from 64.5 to 70.25 on Natural Questions with 1,000 passages.",
    "2501.00003": "The agent solves 43.58 percent of the tasks while the baseline solves 31.07 percent.",
}


def entry(arxiv_id: str, title: str, selected: bool = True, abstract: str | None = None) -> PaperEntry:
    abstract = abstract or f"We study {title.lower()} and propose a simple method that works well in practice."
    sections = [
        Section(title="1 Introduction", text=f"This paper is about {title.lower()}. Prior work is limited.", page=1),
        Section(title="2 Method", text="The model updates its state with a learned gate at every step.", page=1),
        Section(title="3 Experiments", text=RESULTS.get(arxiv_id, "We report results on two benchmarks."), page=2),
        Section(title="4 Conclusion", text="The method is simple and strong. Future work will scale it up.", page=2),
    ]
    pages = [f"{abstract}\n{sections[0].text}\n{sections[1].text}", f"{sections[2].text}\n{sections[3].text}"]
    parsed = ParsedPaper(source="pdf", abstract=abstract, sections=sections, page_texts=pages, page_count=2)
    return PaperEntry(
        paper=Paper(arxiv_id=arxiv_id, version=1, title=title, abstract=abstract, authors=["A. Author"], categories=["cs.CL"]),
        selection=Selection(arxiv_id=arxiv_id, selected=selected, score=1.0),
        fulltext_source="pdf",
        parsed=parsed,
    )


def week() -> list[PaperEntry]:
    return [
        entry("2501.00001", "Gated Reasoning for Math Word Problems"),
        entry("2501.00002", "Dense Retrieval at Scale"),
        entry("2501.00003", "Agents That Use Tools Safely"),
        entry("2501.00004", "A Survey of Something Else", selected=False),
    ]


def run_llm(
    entries: list[PaperEntry],
    config: Settings,
    cache: Path,
    events: list[tuple[str, str]] | None = None,
    progress: list[tuple[str, int, int]] | None = None,
) -> tuple[list[PaperEntry], Comparison, dict[str, Usage], dict[str, StageStats]]:
    """The LLM stages over a store in `cache`; events and progress appended to the lists given."""
    sink = events if events is not None else []
    steps = progress if progress is not None else []

    def hear(event: Event) -> None:
        if event.done is not None:
            steps.append((event.stage, event.done, event.total))
        else:
            sink.append((event.stage, event.message))

    store = Store(cache)
    entries, comparison, usage = asyncio.run(analyse_llm(entries, config, store, hear))
    stats = {name.removeprefix("llm-"): StageStats(**counts) for name, counts in store.stats().items() if name.startswith("llm-")}
    return entries, comparison, usage, stats
