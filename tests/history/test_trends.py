"""Trends in counts: per period, rising and fading with both sides, recurring authors, returning papers."""

from __future__ import annotations

import datetime as dt

from records import entry, paper, report

from paperdigest.trends import changes, compute, previous_report, window


def history():
    agents = lambda n: [paper(f"a{i}", title=f"Agent planning {i}", authors=["Ada Lovelace"], organization="Lab") for i in range(n)]  # noqa: E731
    first = report("2025-01-06", "2025-01-12", [*agents(3), paper("v1", version=1, title="Video diffusion")], read=2,
                   themes={"Agents": ["a0", "a1"], "Video": ["v1"]})
    second = report("2025-01-13", "2025-01-19", [paper("v1", version=2, title="Video diffusion"), *agents(1)], read=1,
                    themes={"Video": ["v1"]})
    third = report("2025-01-20", "2025-01-26", [paper("v2", title="Video world models", authors=["Ada Lovelace"]),
                                               paper("v3", title="Video tokenizers"), paper("x", title="Lone paper")], read=3,
                   themes={"Video": ["v2", "v3"], "Lone": ["x"]})
    return [entry(first), entry(second), entry(third)]


def test_rising_and_fading_carry_both_counts_and_agree_with_the_periods():
    trends = compute(history())
    assert [p.id for p in trends.periods] == ["range-2025-01-06-2025-01-12", "range-2025-01-13-2025-01-19", "range-2025-01-20-2025-01-26"]
    before, after = trends.periods[1], trends.periods[2]
    assert trends.compared == [before.id, after.id]
    assert [(c.name, c.before, c.after) for c in trends.rising_themes] == [("Video", 1, 2), ("Lone", 0, 1)]
    assert after.themes == {"Video": 2, "Lone": 1} and after.terms["tokenizer"] == 1 and "models" not in after.terms
    assert ("video", 1, 2) in [(c.name, c.before, c.after) for c in trends.rising_terms]
    assert ("agent", 1, 0) in [(c.name, c.before, c.after) for c in trends.fading_terms]
    for kind, field in (("themes", "theme"), ("terms", "term")):
        for c in getattr(trends, f"rising_{kind}"):
            assert c.after > c.before and c.before == getattr(before, kind).get(c.name, 0) and c.after == getattr(after, kind)[c.name]
        for c in getattr(trends, f"fading_{kind}"):
            assert c.after < c.before and c.before == getattr(before, kind)[c.name] and c.after == getattr(after, kind).get(c.name, 0)


def test_recurring_authors_organisations_and_returning_papers():
    trends = compute(history())
    assert [(r.name, len(r.periods), r.papers) for r in trends.authors] == [("Ada Lovelace", 3, 5)]
    assert [(r.name, len(r.periods)) for r in trends.organisations] == [("Lab", 2)]
    returning = {r.arxiv_id: r.versions for r in trends.returning_papers}
    assert returning == {"a0": [None, None], "v1": [1, 2]}


def test_changes_sort_biggest_moves_first_and_limit():
    rising, fading = changes({"a": 1, "b": 5, "c": 2}, {"a": 4, "b": 1, "d": 1, "c": 2}, limit=1)
    assert [(c.name, c.before, c.after) for c in rising] == [("a", 1, 4)]
    assert [(c.name, c.before, c.after) for c in fading] == [("b", 5, 1)]


def test_window_by_weeks_counts_back_from_the_newest_period():
    entries = history()
    assert [e.report.params.start.day for e in window(entries, weeks=1)] == [20]
    assert [e.report.params.start.day for e in window(entries, weeks=2)] == [13, 20]
    assert [e.report.params.start.day for e in window(entries, since=dt.date(2025, 1, 12))] == [6, 13, 20]
    assert len(window(entries, weeks=10**9)) == 3


def test_previous_report_is_the_latest_period_that_ended_before_this_one():
    entries = history()
    now = entries[2].report
    previous = previous_report(now, entries[:2])
    assert previous.report_id == "range-2025-01-13-2025-01-19"
    assert (previous.papers.before, previous.papers.after, previous.selected.before, previous.selected.after) == (2, 3, 1, 3)
    assert [(c.name, c.before, c.after) for c in previous.themes] == [("Lone", 0, 1), ("Video", 1, 2)]
    assert previous.listed_again == []
    assert previous_report(entries[0].report, entries[1:]) is None
