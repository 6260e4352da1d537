"""The extractive engine groups papers only by the words they share, written the same way or not."""

from __future__ import annotations

import datetime as dt

from paperdigest.analyse.extractive import group_by_shared_terms
from paperdigest.models import Paper, PaperEntry, Selection


def _entry(arxiv_id: str, title: str, keywords: list[str] | None = None) -> PaperEntry:
    paper = Paper(
        arxiv_id=arxiv_id, title=title, abstract="", published=dt.datetime(2025, 1, 20, tzinfo=dt.UTC),
        extra={"ai_keywords": keywords} if keywords else {},
    )  # fmt: skip
    return PaperEntry(paper=paper, selection=Selection(arxiv_id=arxiv_id, selected=True))


def test_plural_and_singular_share_a_theme_and_the_rest_is_named_as_such() -> None:
    entries = [
        _entry("2501.00001", "PaSa: An LLM Agent for Comprehensive Academic Paper Search"),
        _entry("2501.00002", "Agent-R: Training Language Model Agents to Reflect"),
        _entry("2501.00003", "Evolving Deeper LLM Thinking"),
        _entry("2501.00004", "A Statistical Analysis of Analyses", ["corpus"]),
    ]
    themes = group_by_shared_terms(entries)
    assert [(t.name, t.arxiv_ids) for t in themes] == [
        ("Agent", ["2501.00001", "2501.00002"]),
        ("Other selected papers", ["2501.00003", "2501.00004"]),
    ]
    assert "“agent”" in themes[0].summary


def test_words_ending_in_s_that_are_not_plurals_are_kept_whole() -> None:
    entries = [_entry("2501.00001", "Corpus Analysis"), _entry("2501.00002", "Analysis of a Corpus")]
    names = [t.name for t in group_by_shared_terms(entries)]
    assert names in (["Corpus"], ["Analysis"])
