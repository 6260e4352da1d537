"""HF daily papers: every recorded day and schema variant, and the 2025-03-10..14 week through fetch_papers."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

from paperdigest.http import make_client
from paperdigest.settings import Settings
from paperdigest.pipeline import Query, listing
from paperdigest.store import Store
from paperdigest.sources import hf


def test_every_recorded_day_parses(corpus: Path):
    files = sorted((corpus / "hf_daily_papers").glob("daily_papers_*.json"))
    assert len(files) == 14
    for path in files:
        day = dt.date.fromisoformat(path.stem.removeprefix("daily_papers_"))
        papers, _ = hf.read_daily(path.read_bytes(), day)
        assert len(papers) == len(json.loads(path.read_bytes())), path.name
        for paper in papers:
            assert paper.title and paper.abstract and paper.authors and paper.announced == day
            assert isinstance(paper.upvotes, int) and isinstance(paper.num_comments, int)


def test_a_field_of_the_wrong_type_is_absent_not_its_repr():
    body = json.dumps([
        {"paper": {"id": "2501.00001", "title": ["list", "title"], "summary": {"a": 1}}, "title": "The entry's title"},
        {"paper": {"id": "2501.00002", "title": 42, "summary": "Kept."}},
    ]).encode()  # fmt: skip
    (paper,), _ = hf.read_daily(body, dt.date(2025, 1, 20))
    assert (paper.arxiv_id, paper.title, paper.abstract) == ("2501.00001", "The entry's title", "")


def test_schema_variants_keep_their_extras(corpus: Path):
    def first(day: str):
        path = corpus / f"hf_daily_papers/daily_papers_{day}.json"
        papers, _ = hf.read_daily(path.read_bytes(), dt.date.fromisoformat(day))
        return papers[0]

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


def test_entries_that_give_no_paper_are_counted_not_dropped_silently(tmp_path):
    """A day whose entries carry no arXiv id is not 'HF listed no papers that day': the report says what was skipped."""
    good = {"paper": {"id": "2501.00001", "title": "Kept", "summary": "We keep it."}}
    days = {"2025-01-20": [good, {"paper": {"id": "../../etc/passwd", "title": "Path trick"}}, {"paper": {"id": "2501.00002"}}],
            "2025-01-21": [{"paper": {"id": "not-an-id", "title": "Bad id"}}]}  # fmt: skip
    lines = []
    for day, entries in days.items():
        (tmp_path / f"{day}.json").write_text(json.dumps(entries))
        lines.append(f"https://huggingface.co/api/daily_papers?date={day}\t200\t{day}.json\n")
    (tmp_path / "replay.tsv").write_text("".join(lines))

    async def fetch():
        async with make_client(replay=tmp_path / "replay.tsv") as client:
            return await hf.fetch(client, dt.date(2025, 1, 20), dt.date(2025, 1, 21), Settings())

    result = asyncio.run(fetch())
    assert [p.arxiv_id for p in result.papers] == ["2501.00001"]
    ok, unreadable = result.days
    assert (ok.status, ok.count, ok.note) == ("ok", 1, "2 entries without an arXiv id or a title skipped")
    # Every entry unreadable is a changed format, not a quiet day: the run is partial and says so.
    assert (unreadable.status, unreadable.note) == ("error", "1 entry without an arXiv id or a title skipped")
    assert unreadable.unavailable
