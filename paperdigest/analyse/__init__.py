"""Analysis engines: `llm` (staged prompts through litellm) and `extractive` (no LLM, quotes only)."""

from __future__ import annotations

from collections.abc import Awaitable

from paperdigest.events import Event, OnEvent, paper_count
from paperdigest.llm.providers import resolve_engine
from paperdigest.models import Comparison, PaperEntry, Usage
from paperdigest.settings import Settings
from paperdigest.stage import Results


async def run(
    entries: list[PaperEntry],
    settings: Settings,
    results: Results,
    on_event: OnEvent,
    texts_read: Awaitable[list[PaperEntry]],
) -> tuple[list[PaperEntry], Comparison, dict[str, Usage]]:
    """The entries with their analyses once `texts_read` (the full-text stage) gives them; the LLM starts before."""
    engine, _ = resolve_engine(settings)
    if engine == "extractive":
        from paperdigest.analyse import extractive
        from paperdigest.analyse.overview import compare

        analysed = []
        for entry in await texts_read:
            if entry.selection.selected:
                entry = entry.model_copy(update={"analysis": await results.record(extractive.step(entry))})
            analysed.append(entry)
        on_event(Event("analyse", f"extractive: {paper_count(sum(e.analysis is not None for e in analysed))}"))
        # Themes cluster the top of the ranking, like the LLM's classify stage: clustering is cubic in the papers,
        # and a 1,504-paper RSS day took minutes.
        top = [e for e in analysed if e.selection.selected or e.selection.rank <= settings.classify_top]
        return analysed, compare(top, settings.lang, listed=len(analysed)), {}
    from paperdigest.analyse.staged import analyse_llm

    return await analyse_llm(entries, settings, results, on_event, texts_read)
