"""The digest's groups and abstract lines come from the records: themes where a source has no categories."""

from __future__ import annotations

from paperdigest.models import Comparison, Paper, PaperEntry, Report, RunParams, Selection, Theme
from paperdigest.render.context import abstract_parts, by_category


def _entry(arxiv_id: str, categories: list[str]) -> PaperEntry:
    return PaperEntry(paper=Paper(arxiv_id=arxiv_id, title="T", categories=categories), selection=Selection(arxiv_id=arxiv_id))


def test_papers_without_a_category_are_grouped_by_their_theme() -> None:
    report = Report(
        params=RunParams(command="week"),
        papers=[_entry("2501.00001", []), _entry("2501.00002", ["cs.CL"]), _entry("2501.00003", [])],
        comparison=Comparison(themes=[Theme(name="Video Generation", arxiv_ids=["2501.00001"])]),
    )
    groups = {name: [e.paper.arxiv_id for e in entries] for name, entries in by_category(report, "Uncategorised").items()}
    assert groups == {"Video Generation": ["2501.00001"], "cs.CL": ["2501.00002"], "Uncategorised": ["2501.00003"]}


def test_abstract_lines_follow_sentence_roles() -> None:
    parts = abstract_parts(
        "Long videos are costly. However, sparse methods lose accuracy. We propose MoGA, a sparse attention. "
        "A lightweight router module matches query tokens to key blocks. Experiments show MoGA is 2x faster than full attention."
    )
    assert parts.background == ["Long videos are costly.", "However, sparse methods lose accuracy."]
    assert parts.method == ["We propose MoGA, a sparse attention.", "A lightweight router module matches query tokens to key blocks."]
    assert parts.findings == ["Experiments show MoGA is 2x faster than full attention."]
