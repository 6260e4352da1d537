"""Papers read in depth before are not read again; the next-ranked take their places; new versions are."""

from __future__ import annotations

from records import entry, paper, report

from paperdigest.already_read import skip_already_read
from paperdigest.models import Selection


OWN = "range-2025-02-03-2025-02-09"


def ranked(ids: list[str], selected: int, excluded: tuple[str, ...] = ()) -> list[Selection]:
    return [
        Selection(arxiv_id=pid, rank=i, selected=i <= selected, excluded_by="keyword 'x'" if pid in excluded else None)
        for i, pid in enumerate(ids, 1)
    ]


def test_read_papers_give_their_places_to_the_next_ranked():
    earlier = [entry(report("2025-01-20", "2025-01-26", [paper("a"), paper("c"), paper("z")], read=2))]
    now = {pid: paper(pid) for pid in "abcdef"}
    selections, notes = skip_already_read(ranked(list("abcdef"), 3), now, earlier, OWN)
    assert [s.arxiv_id for s in selections if s.selected] == ["b", "d", "e"]
    assert [s.rank for s in selections] == [1, 2, 3, 4, 5, 6]  # ranks are kept: the report still says why
    assert [(n.arxiv_id, n.report_id, n.link) for n in notes.already_read] == [
        ("a", "range-2025-01-20-2025-01-26", "file:///reports/x/report.md"),
        ("c", "range-2025-01-20-2025-01-26", "file:///reports/x/report.md"),
    ]
    assert notes.updated == []


def test_a_paper_only_listed_before_is_read_and_one_below_the_cut_is_not_noted():
    earlier = [entry(report("2025-01-20", "2025-01-26", [paper("a"), paper("b"), paper("f")], read=1))]
    # b was listed (not read) earlier: it is read now. f was read earlier but ranks below the cut: not a note.
    earlier[0].report.papers[2].selection.selected = True
    earlier[0].report.papers[2].analysis = earlier[0].report.papers[0].analysis
    selections, notes = skip_already_read(ranked(list("abcdef"), 2), {p: paper(p) for p in "abcdef"}, earlier, OWN)
    assert [s.arxiv_id for s in selections if s.selected] == ["b", "c"]
    assert [n.arxiv_id for n in notes.already_read] == ["a"]


def test_a_newer_version_is_read_again_and_says_what_changed():
    old = paper("a", version=1, title="Old title")
    earlier = [entry(report("2025-01-20", "2025-01-26", [old, paper("b", version=2)], read=2))]
    now = {"a": paper("a", version=3, title="New  title"), "b": paper("b", version=2), "c": paper("c")}
    now["a"] = now["a"].model_copy(update={"abstract": "A rewritten abstract."})
    selections, notes = skip_already_read(ranked(["a", "b", "c"], 2), now, earlier, OWN)
    assert [s.arxiv_id for s in selections if s.selected] == ["a", "c"]
    [updated] = notes.updated
    assert (updated.version, updated.new_version, updated.title, updated.new_title) == (1, 3, "Old title", "New  title")
    assert updated.abstract_changed
    assert [n.arxiv_id for n in notes.already_read] == ["b"]


def test_the_latest_reading_counts_and_excluded_papers_stay_excluded():
    first = entry(report("2025-01-06", "2025-01-12", [paper("a", version=1)], read=1))
    second = entry(report("2025-01-13", "2025-01-19", [paper("a", version=2)], read=1))
    now = {"a": paper("a", version=2), "x": paper("x"), "b": paper("b")}
    selections, notes = skip_already_read(ranked(["a", "x", "b"], 1, excluded=("x",)), now, [second, first], OWN)
    assert [s.arxiv_id for s in selections if s.selected] == ["b"]
    assert notes.updated == [] and notes.already_read[0].report_id == "range-2025-01-13-2025-01-19"


def test_no_history_changes_nothing():
    selections = ranked(list("abc"), 2)
    again, notes = skip_already_read(selections, {p: paper(p) for p in "abc"}, [], OWN)
    assert again == selections and notes.already_read == [] and notes.updated == []


def test_a_rerun_keeps_reading_what_it_read_even_after_another_report_read_it_too():
    own = entry(report("2025-02-03", "2025-02-09", [paper("a"), paper("b"), paper("c")], read=2))
    other = entry(report("2025-02-03", "2025-02-07", [paper("a"), paper("b"), paper("c")], read=3))
    assert own.id == OWN
    selections, notes = skip_already_read(ranked(list("abcd"), 2), {p: paper(p) for p in "abcd"}, [other, own], OWN)
    assert [s.arxiv_id for s in selections if s.selected] == ["a", "b"] and notes.already_read == []
    selections, notes = skip_already_read(ranked(list("abcd"), 2), {p: paper(p) for p in "abcd"}, [other], OWN)
    assert [s.arxiv_id for s in selections if s.selected] == ["d"] and len(notes.already_read) == 3
