"""The history folder: one entry per command and period, and a broken entry or folder costs that entry only."""

from __future__ import annotations

import datetime as dt

import pytest
from records import paper, report

from paperdigest.errors import UsageError
from paperdigest.history import History, entry_id, relative_links


def test_ids_name_the_command_and_period():
    day = dt.date(2025, 1, 20)
    assert entry_id("week", day, day + dt.timedelta(days=6)) == "week-2025-01-20"
    assert entry_id("day", day, day) == "day-2025-01-20"
    assert entry_id("range", day, dt.date(2025, 1, 24)) == "range-2025-01-20-2025-01-24"
    assert entry_id("digest", None, None, ["b", "a"]) == entry_id("digest", None, None, ["a", "b"]) != entry_id("digest", None, None, ["a"])


def test_the_same_command_and_period_replaces_its_entry(tmp_path):
    history = History(tmp_path / "history")
    first = report("2025-01-20", "2025-01-24", [paper("a")], read=1)
    second = report("2025-01-20", "2025-01-24", [paper("a"), paper("b")], read=1)
    assert history.save(first, tmp_path / "out" / "report.md") == history.save(second, None)
    history.save(report("2025-03-10", "2025-03-14", [paper("c")]), tmp_path / "r.md")
    entries = history.entries()
    assert [e.id for e in entries] == ["range-2025-01-20-2025-01-24", "range-2025-03-10-2025-03-14"]
    # printed on stdout, and the first run's file is gone: no link
    assert len(entries[0].report.papers) == 2 and entries[0].written_to is None and entries[0].link is None
    assert entries[1].link == (tmp_path / "r.md").resolve().as_uri()
    assert history.warnings == []


def test_a_rerun_on_stdout_keeps_the_link_to_the_report_file(tmp_path):
    history = History(tmp_path / "history")
    (tmp_path / "report.md").write_text("# report")
    history.save(report("2025-01-20", "2025-01-24", [paper("a")]), tmp_path / "report.md")
    history.save(report("2025-01-20", "2025-01-24", [paper("a"), paper("b")]), None)
    [entry] = history.entries()
    assert entry.link == (tmp_path / "report.md").resolve().as_uri() and len(entry.report.papers) == 2


def test_a_corrupt_or_foreign_entry_costs_that_entry_only(tmp_path):
    history = History(tmp_path)
    history.save(report("2025-01-20", "2025-01-24", [paper("a")]), None)
    (tmp_path / "week-2025-02-03.json").write_text('{"id": "week-2025-02-03", "report": {"params": ')
    (tmp_path / "day-2025-02-04.json").write_bytes(b"\xff\xfe not json")
    moved = history.get("range-2025-01-20-2025-01-24").model_copy(update={"id": "day-2025-02-05"})
    (tmp_path / "day-2025-02-06.json").write_text(moved.model_dump_json())  # says it is another entry
    (tmp_path / "notes.json").write_text("{}")  # not an entry name: never read
    assert [e.id for e in history.entries()] == ["range-2025-01-20-2025-01-24"]
    assert sorted(w.split()[2] for w in history.warnings) == ["day-2025-02-04.json", "day-2025-02-06.json", "week-2025-02-03.json"]


def test_a_deleted_folder_is_an_empty_history_and_saving_makes_it_again(tmp_path):
    history = History(tmp_path / "gone")
    assert history.entries() == [] and history.warnings == []
    history.save(report("2025-01-20", "2025-01-24", [paper("a")]), None)
    assert [e.id for e in history.entries()] == ["range-2025-01-20-2025-01-24"]


def test_an_unwritable_folder_is_a_warning_not_a_failure(tmp_path):
    (tmp_path / "file").write_text("")
    history = History(tmp_path / "file" / "history")
    history.save(report("2025-01-20", "2025-01-24", [paper("a")]), None)
    assert len(history.warnings) == 1 and "not kept in the history" in history.warnings[0]


@pytest.mark.parametrize("bad", ["../etc/passwd", "week-2025-01-20/../../x", "", "WEEK-2025-01-20"])
def test_ids_from_the_command_line_cannot_leave_the_folder(tmp_path, bad):
    history = History(tmp_path)
    with pytest.raises(UsageError, match="no history entry"):
        history.get(bad)
    with pytest.raises(UsageError, match="no history entry"):
        history.remove(bad)


def test_remove_forgets_an_entry(tmp_path):
    history = History(tmp_path)
    history.save(report("2025-01-20", "2025-01-24", [paper("a")]), None)
    history.remove("range-2025-01-20-2025-01-24")
    assert history.entries() == []
    with pytest.raises(UsageError, match="no history entry"):
        history.remove("range-2025-01-20-2025-01-24")


def test_entries_with_and_without_a_time_zone_sort_together(tmp_path):
    history = History(tmp_path)
    history.save(report("2025-01-20", "2025-01-24", [paper("a")]), None)
    naive = report("2025-01-20", "2025-01-24", [paper("b")], command="week")
    naive.generated_at = naive.generated_at.replace(tzinfo=None)
    history.save(naive, None)
    assert [e.id for e in history.entries()] == ["range-2025-01-20-2025-01-24", "week-2025-01-20"]


def test_links_to_earlier_reports_become_relative_to_the_new_report(tmp_path):
    from paperdigest.models import HistoryNotes, ReadBefore

    rep = report("2025-01-27", "2025-01-31", [paper("a")])
    earlier = tmp_path / "reports" / "week 2025-01-20" / "report.md"
    rep.history = HistoryNotes(already_read=[ReadBefore(arxiv_id="a", title="A", report_id="week-2025-01-20", link=earlier.as_uri())])
    moved = relative_links(rep, tmp_path / "reports" / "range-2025-01-27-2025-01-31")
    assert moved.history.already_read[0].link == "../week 2025-01-20/report.md"
    assert rep.history.already_read[0].link == earlier.as_uri()  # the history keeps the file's own address
