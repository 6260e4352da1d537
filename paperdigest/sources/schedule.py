"""arXiv's announcement calendar: which listing day a submission belongs to.

The rule (https://info.arxiv.org/help/availability.html): arXiv works in America/New_York time. Submissions
received on a weekday before 14:00 belong to that day's cycle, later ones (and weekend ones) to the next
weekday's cycle. A cycle is announced at 20:00 the same evening and listed under the *next* weekday's date,
which is the date the RSS feed and the /list pages carry (the feed of Thu 28 Nov 2024 announced the
submissions of Tue 14:00 to Wed 14:00). So Thu 14:00 to Fri 14:00 is Monday's listing and Fri 14:00 to
Mon 14:00 is Tuesday's. zoneinfo applies EST/EDT, so the cut-off moves in UTC across DST changes (19:00Z in
winter, 18:00Z in summer). Holidays on which arXiv skips a mailing are not modelled: such a paper is dated
one weekday too early.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

ARXIV_TZ = ZoneInfo("America/New_York")
CUTOFF = dt.time(14, 0)


def _next_weekday(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _previous_weekday(day: dt.date) -> dt.date:
    day -= dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def listing_day(submitted: dt.datetime) -> dt.date:
    """The listing date of a submission time (naive times are taken as UTC)."""
    if submitted.tzinfo is None:
        submitted = submitted.replace(tzinfo=dt.timezone.utc)
    local = submitted.astimezone(ARXIV_TZ)
    cycle = local.date()
    if cycle.weekday() >= 5 or local.time() >= CUTOFF:
        cycle = _next_weekday(cycle)
    return _next_weekday(cycle)


def submission_window(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The UTC interval [start, end) of the submissions listed on days first..last (inclusive).

    Empty (start == end) when the range holds no weekday, as arXiv lists nothing on weekends.
    """
    first_listing = first if first.weekday() < 5 else _next_weekday(first)
    last_listing = last if last.weekday() < 5 else _previous_weekday(last)
    end_cycle = _previous_weekday(last_listing)
    start_cut = _previous_weekday(_previous_weekday(first_listing))
    start = dt.datetime.combine(start_cut, CUTOFF, ARXIV_TZ).astimezone(dt.timezone.utc)
    end = dt.datetime.combine(end_cycle, CUTOFF, ARXIV_TZ).astimezone(dt.timezone.utc)
    return start, max(start, end)
