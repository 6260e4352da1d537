"""HF daily papers: every recorded day and schema variant, and the 2025-03-10..14 week through fetch_papers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from paperdigest.settings import Settings
from paperdigest.pipeline import Query, listing
from paperdigest.store import Store
from paperdigest.sources import hf


def test_every_recorded_day_parses(corpus: Path):
    files = sorted((corpus / "hf_daily_papers").glob("daily_papers_*.json"))
    assert len(files) == 14
    for path in files:
        day = dt.date.fromisoformat(path.stem.removeprefix("daily_papers_"))
        papers = hf.parse_daily(path.read_bytes(), day)
        assert len(papers) == len(json.loads(path.read_bytes())), path.name
        for paper in papers:
            assert paper.title and paper.abstract and paper.authors and paper.announced == day
            assert isinstance(paper.upvotes, int) and isinstance(paper.num_comments, int)


def test_a_field_of_the_wrong_type_is_absent_not_its_repr():
    body = json.dumps([
        {"paper": {"id": "2501.00001", "title": ["list", "title"], "summary": {"a": 1}}, "title": "The entry's title"},
        {"paper": {"id": "2501.00002", "title": 42, "summary": "Kept."}},
    ]).encode()  # fmt: skip
    (paper,) = hf.parse_daily(body, dt.date(2025, 1, 20))
    assert (paper.arxiv_id, paper.title, paper.abstract) == ("2501.00001", "The entry's title", "")


def test_schema_variants_keep_their_extras(corpus: Path):
    def first(day: str):
        path = corpus / f"hf_daily_papers/daily_papers_{day}.json"
        return hf.parse_daily(path.read_bytes(), dt.date.fromisoformat(day))[0]

    old = first("2025-01-20")
    assert (old.arxiv_id, old.upvotes, old.num_comments, old.extra) == ("2501.09891", 71, 4, {})
    assert "githubRepo" in first("2025-03-10").extra and "ai_keywords" in first("2025-03-11").extra
    october = first("2025-10-20")
    assert october.extra["organization"] == "NVIDIA" and october.extra["ai_summary"]
    latest = first("2026-08-21")
    assert latest.upvotes == 163 and latest.extra["organization"] and latest.extra["ai_summary_model"]


def test_week_of_2025_03_10_has_98_papers(run_with_replay, tmp_path):
    start, end = dt.date(2025, 3, 10), dt.date(2025, 3, 14)
    result = run_with_replay(lambda client: listing(client, Query(("hf",), start, end), Settings(), Store(tmp_path)))
    assert len(result.papers) == 98 and result.errors == []
    assert [d.count for d in result.days] == [13, 26, 23, 10, 26]
    assert len({p.arxiv_id for p in result.papers}) == 98
