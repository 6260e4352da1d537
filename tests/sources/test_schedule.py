"""arXiv's listing-day rule at its edges: cut-off, weekends, a year boundary and both DST changes."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from paperdigest.sources.schedule import ARXIV_TZ, listing_day, submission_window

UTC = dt.timezone.utc


def et(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ARXIV_TZ)


def test_cutoff_splits_a_weekday():
    # Tue 2024-11-26: before 14:00 ET -> listed Wed 27; from 14:00 -> listed Thu 28 (the recorded RSS day).
    assert listing_day(et(2024, 11, 26, 13, 59)) == dt.date(2024, 11, 27)
    assert listing_day(et(2024, 11, 26, 14, 0)) == dt.date(2024, 11, 28)
    assert listing_day(et(2024, 11, 27, 13, 59)) == dt.date(2024, 11, 28)


def test_thursday_afternoon_to_monday_and_weekend_to_tuesday():
    assert listing_day(et(2025, 1, 16, 15, 0)) == dt.date(2025, 1, 20)  # Thu after cut-off -> Mon
    assert listing_day(et(2025, 1, 17, 13, 0)) == dt.date(2025, 1, 20)  # Fri before cut-off -> Mon
    assert listing_day(et(2025, 1, 17, 14, 30)) == dt.date(2025, 1, 21)  # Fri after -> Tue
    assert listing_day(et(2025, 1, 18, 9, 0)) == dt.date(2025, 1, 21)  # Sat -> Tue
    assert listing_day(et(2025, 1, 20, 13, 0)) == dt.date(2025, 1, 21)  # Mon before cut-off -> Tue


def test_year_boundary():
    # Wed 2025-12-31 15:00 ET falls in Thursday's cycle, listed Fri 2026-01-02.
    assert listing_day(et(2025, 12, 31, 15, 0)) == dt.date(2026, 1, 2)
    assert listing_day(et(2025, 12, 31, 10, 0)) == dt.date(2026, 1, 1)
    assert listing_day(dt.datetime(2025, 12, 31, 23, 30, tzinfo=UTC)) == dt.date(2026, 1, 2)


def test_the_cutoff_moves_in_utc_with_dst():
    # 18:30 UTC is 13:30 EST in winter (before the cut-off) but 14:30 EDT in summer (after it).
    assert listing_day(dt.datetime(2025, 3, 7, 18, 30, tzinfo=UTC)) == dt.date(2025, 3, 10)  # Fri, EST
    assert listing_day(dt.datetime(2025, 3, 10, 18, 30, tzinfo=UTC)) == dt.date(2025, 3, 12)  # Mon, EDT
    assert listing_day(dt.datetime(2025, 3, 10, 17, 30, tzinfo=UTC)) == dt.date(2025, 3, 11)
    # Autumn change: Mon 2025-11-03 is EST again, 18:30 UTC = 13:30 ET.
    assert listing_day(dt.datetime(2025, 10, 31, 18, 30, tzinfo=UTC)) == dt.date(2025, 11, 4)  # Fri EDT, late
    assert listing_day(dt.datetime(2025, 11, 3, 18, 30, tzinfo=UTC)) == dt.date(2025, 11, 4)


def test_naive_times_are_utc():
    assert listing_day(dt.datetime(2025, 3, 10, 18, 30)) == dt.date(2025, 3, 12)


def test_window_of_a_week_and_of_a_weekend():
    start, end = submission_window(dt.date(2025, 1, 20), dt.date(2025, 1, 26))
    assert start == et(2025, 1, 16, 14, 0) and end == et(2025, 1, 23, 14, 0)
    lo, hi = submission_window(dt.date(2025, 1, 25), dt.date(2025, 1, 26))
    assert lo == hi


moments = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1), timezones=st.just(UTC))
days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 1, 1))


@given(moments, days, st.integers(0, 20))
def test_window_holds_exactly_the_submissions_listed_in_the_range(moment, first, length):
    last = first + dt.timedelta(days=length)
    start, end = submission_window(first, last)
    assert (start <= moment < end) == (first <= listing_day(moment) <= last)


@given(moments)
def test_listing_day_is_a_weekday_after_submission(moment):
    day = listing_day(moment)
    assert day.weekday() < 5
    assert 1 <= (day - moment.astimezone(ARXIV_TZ).date()).days <= 4
