"""The already-read rule inside a real run: a newer arXiv version is read again, a read paper gives its place."""

from __future__ import annotations

import datetime as dt
import json

from records import entry, paper, report
from reliability_helpers import run_pipeline, settings

from paperdigest.http.replay import ReplayTransport
from paperdigest.pipeline import RunRequest
from paperdigest.render import render_document

LISTING = [
    {"paper": {"id": "2501.00001v2", "title": "Sparse agents, revised", "summary": "We revise the agents. A new section.", "upvotes": 50}},
    {"paper": {"id": "2501.00004", "title": "Read last week", "summary": "We did this before.", "upvotes": 40}},
    {"paper": {"id": "2501.00005", "title": "Next in line", "summary": "We are next in line for reading.", "upvotes": 30}},
    {"paper": {"id": "2501.00006", "title": "Below the cut", "summary": "We are only listed.", "upvotes": 20}},
]


def _run(tmp_path, reread: bool = False):
    (tmp_path / "day.json").write_text(json.dumps(LISTING))
    (tmp_path / "replay.tsv").write_text("https://huggingface.co/api/daily_papers?date=2025-01-20\t200\tday.json\n")
    read = report("2025-01-13", "2025-01-17", [paper("2501.00001", version=1, title="Sparse agents"), paper("2501.00004")], read=2)
    request = RunRequest(
        command="day", start=dt.date(2025, 1, 20), end=dt.date(2025, 1, 20), transport=ReplayTransport(tmp_path / "replay.tsv"),
        history=[entry(read, written_to=str(tmp_path / "last" / "report.md"))], reread=reread,
    )
    config = settings(tmp_path, max_papers=2)
    return run_pipeline(request, config), config


def test_a_newer_version_is_analysed_again_and_a_read_paper_gives_its_place(tmp_path):
    result, config = _run(tmp_path)
    assert [e.paper.arxiv_id for e in result.selected] == ["2501.00001", "2501.00005"]
    assert all(e.analysis is not None for e in result.selected)
    [updated] = result.history.updated
    assert (updated.arxiv_id, updated.version, updated.new_version) == ("2501.00001", 1, 2)
    assert updated.new_title == "Sparse agents, revised" and updated.abstract_changed
    assert [n.arxiv_id for n in result.history.already_read] == ["2501.00004"]
    assert result.history.already_read[0].link == (tmp_path / "last" / "report.md").as_uri()
    text = render_document(result, "md", config)
    assert "### Updated since you read it" in text and "arXiv:2501.00001 v1 → v2" in text
    assert "arXiv:2501.00004: read in the report of [2025-01-13 to 2025-01-17](file://" in text


def test_reread_reads_the_top_papers_whatever_the_history_says(tmp_path):
    result, _ = _run(tmp_path, reread=True)
    assert [e.paper.arxiv_id for e in result.selected] == ["2501.00001", "2501.00004"]
    assert result.history.already_read == [] and result.history.updated == []
