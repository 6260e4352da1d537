"""Pure: how the field moved across the reports of the history, in counts (never adjectives).

Each period is one history entry. Rising and fading compare the newest period with the one before it, and
every change carries both counts, so a reader (and a test) can check it against the per-period table.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict

from paperdigest.analyse.themes import STOPWORDS, singular
from paperdigest.history import HistoryEntry
from paperdigest.models import Change, Paper, PreviousReport, Record, Report


class Period(Record):
    id: str
    command: str
    start: dt.date | None = None
    end: dt.date | None = None
    generated_at: dt.datetime | None = None
    link: str | None = None
    papers: int = 0
    selected: int = 0
    themes: dict[str, int] = {}
    terms: dict[str, int] = {}


class Recurring(Record):
    """An author or organisation listed in more than one period."""

    name: str
    periods: list[str]
    papers: int


class ReturningPaper(Record):
    """A paper listed in more than one period (an HF re-listing, an arXiv replacement)."""

    arxiv_id: str
    title: str
    periods: list[str]
    versions: list[int | None]


class Trends(Record):
    periods: list[Period] = []
    compared: list[str] = []
    rising_themes: list[Change] = []
    fading_themes: list[Change] = []
    rising_terms: list[Change] = []
    fading_terms: list[Change] = []
    authors: list[Recurring] = []
    organisations: list[Recurring] = []
    returning_papers: list[ReturningPaper] = []


_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+-]*[A-Za-z0-9+]")


def paper_terms(paper: Paper) -> set[str]:
    """The title's words (singular, lowercase, no stopwords) and the HF keywords: what the trends count."""
    words = {singular(w.lower()) for w in _WORD.findall(paper.title) if len(w) > 3 and w.lower() not in STOPWORDS}
    return words | {str(k).lower() for k in paper.extra.get("ai_keywords") or []}


def theme_counts(report: Report) -> dict[str, int]:
    return {theme.name: len(theme.arxiv_ids) for theme in report.comparison.themes}


def term_counts(report: Report) -> dict[str, int]:
    """Papers per title word or keyword, over every paper the report lists."""
    counts = Counter(term for entry in report.papers for term in paper_terms(entry.paper))
    return dict(sorted(counts.items()))


def period(entry: HistoryEntry) -> Period:
    report, params = entry.report, entry.report.params
    return Period(
        id=entry.id, command=params.command, start=params.start, end=params.end, generated_at=report.generated_at,
        link=entry.link, papers=len(report.papers), selected=len(report.selected),
        themes=theme_counts(report), terms=term_counts(report),
    )


def changes(before: dict[str, int], after: dict[str, int], limit: int = 10) -> tuple[list[Change], list[Change]]:
    """(rising, fading): names whose count went up / down, biggest moves first."""
    moved = [Change(name=n, before=before.get(n, 0), after=after.get(n, 0)) for n in sorted(set(before) | set(after))]
    rising = sorted((c for c in moved if c.after > c.before), key=lambda c: (c.before - c.after, -c.after, c.name))
    fading = sorted((c for c in moved if c.after < c.before), key=lambda c: (c.after - c.before, -c.before, c.name))
    return rising[:limit], fading[:limit]


def window(entries: list[HistoryEntry], weeks: int | None = None, since: dt.date | None = None) -> list[HistoryEntry]:
    """The entries of periods ending on or after `since`, or within `weeks` weeks of the newest period's end."""
    dated = [e for e in entries if e.report.params.end]
    if weeks is not None and dated:
        newest = max(e.report.params.end for e in dated)
        try:
            since = max(since or dt.date.min, newest - dt.timedelta(weeks=weeks) + dt.timedelta(days=1))
        except OverflowError:  # more weeks than the calendar has before the newest period: all of them
            since = since or dt.date.min
    return [e for e in sorted(dated, key=lambda e: e.sort_key) if since is None or e.report.params.end >= since]


def _recurring(per_period: dict[str, dict[str, int]], limit: int) -> list[Recurring]:
    """Names seen in two periods or more: most periods first, then most papers."""
    found = [
        Recurring(name=name, periods=[p for p, counts in per_period.items() if name in counts],
                  papers=sum(counts.get(name, 0) for counts in per_period.values()))
        for name in sorted({n for counts in per_period.values() for n in counts})
    ]
    found = [r for r in found if len(r.periods) > 1]
    return sorted(found, key=lambda r: (-len(r.periods), -r.papers, r.name))[:limit]


def compute(entries: list[HistoryEntry], limit: int = 10) -> Trends:
    entries = sorted(entries, key=lambda e: e.sort_key)
    trends = Trends(periods=[period(e) for e in entries])
    if len(trends.periods) >= 2:
        before, after = trends.periods[-2], trends.periods[-1]
        trends.compared = [before.id, after.id]
        trends.rising_themes, trends.fading_themes = changes(before.themes, after.themes, limit)
        trends.rising_terms, trends.fading_terms = changes(before.terms, after.terms, limit)
    authors: dict[str, dict[str, int]] = {}
    organisations: dict[str, dict[str, int]] = {}
    listings: dict[str, list[tuple[str, int | None, str]]] = defaultdict(list)
    for entry in entries:
        papers = [e.paper for e in entry.report.papers]
        authors[entry.id] = Counter(a for p in papers for a in dict.fromkeys(p.authors))
        organisations[entry.id] = Counter(str(p.extra["organization"]) for p in papers if p.extra.get("organization"))
        for paper in papers:
            listings[paper.arxiv_id].append((entry.id, paper.version, paper.title))
    trends.authors = _recurring(authors, limit)
    trends.organisations = _recurring(organisations, limit)
    trends.returning_papers = [
        ReturningPaper(arxiv_id=pid, title=seen[-1][2], periods=[s[0] for s in seen], versions=[s[1] for s in seen])
        for pid, seen in sorted(listings.items())
        if len(seen) > 1
    ]
    return trends


def previous_report(report: Report, earlier: list[HistoryEntry]) -> PreviousReport | None:
    """This report against the history's report of the latest period that ended before this one started."""
    start = report.params.start
    before = [e for e in earlier if start and e.report.params.end and e.report.params.end < start]
    if not before:
        return None
    last = max(before, key=lambda e: e.sort_key)
    old_themes, new_themes = theme_counts(last.report), theme_counts(report)
    old_ids = {e.paper.arxiv_id for e in last.report.papers}
    p = last.report.params
    return PreviousReport(
        report_id=last.id, start=p.start, end=p.end, link=last.link,
        papers=Change(name="papers", before=len(last.report.papers), after=len(report.papers)),
        selected=Change(name="selected", before=len(last.report.selected), after=len(report.selected)),
        themes=[Change(name=n, before=old_themes.get(n, 0), after=new_themes.get(n, 0)) for n in sorted(set(old_themes) | set(new_themes))],
        listed_again=[e.paper.arxiv_id for e in report.papers if e.paper.arxiv_id in old_ids],
    )
