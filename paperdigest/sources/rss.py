"""rss.arxiv.org RSS 2.0: the latest announcement of one or more archives/categories, joined with '+'.

The feed only ever holds the most recent listing day, so it suits "today", not backfills (use oai or arxiv).
By default the one all-archives feed is requested and categories are filtered locally: one request a day
(a few MB, revalidated by the HTTP cache) serves every category choice, and each item's announce_type is
its own (new/replace) rather than relative to the feed asked for. `feed` narrows the request instead.
Day rule: every item belongs to the feed's channel `pubDate` as printed (America/New_York), which is the
listing date arXiv gives that announcement. Each item keeps its `arxiv:announce_type` (new, cross, replace,
replace-cross). A misspelt archive makes arXiv answer 200 with an error feed ("Bad archive 'astroph'"):
that becomes a SourceError naming it, never an empty report.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Sequence

import httpx

from paperdigest.errors import FetchError, InvalidIdError, SourceError
from paperdigest.http import fetch as http_fetch
from paperdigest.ids import parse_arxiv_id
from paperdigest.models import DayStatus, Paper
from paperdigest.settings import Settings
from paperdigest.sources import SourceResult, days_between, listed_day
from paperdigest.sources.xmlsafe import parse_xml, text

FEED = "https://rss.arxiv.org/rss/"
MAX_BYTES = 30_000_000
# Every archive, in the order aioarxiv (and the recording) uses for the all-of-arXiv feed.
ALL_ARCHIVES = (
    "astro-ph", "cond-mat", "physics", "quant-ph", "math", "cs", "econ", "eess", "gr-qc", "hep-ex",
    "hep-lat", "hep-ph", "hep-th", "math-ph", "nlin", "nucl-ex", "nucl-th", "q-bio", "q-fin", "stat",
)  # fmt: skip
NS = {"arxiv": "http://arxiv.org/schemas/atom", "dc": "http://purl.org/dc/elements/1.1/"}
_HEAD = re.compile(r"^arXiv:(?P<id>\S+)\s+Announce Type:\s*(?P<type>[\w-]+)\s*(?:Abstract:\s*)?", re.I)
_FEED_NAME = re.compile(r"^[A-Za-z][A-Za-z.-]*$")


def feed_url(names: Sequence[str]) -> str:
    """The feed of these archives/categories; 'all' (or nothing) means every archive."""
    names = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    if not names or names == ["all"]:
        names = list(ALL_ARCHIVES)
    bad = [n for n in names if not _FEED_NAME.match(n)]
    if bad:
        raise SourceError(f"rss: not an archive or category name: {bad[0]!r}")
    return FEED + "+".join(names)


def split_authors(creator: str) -> list[str]:
    """Split 'A (Univ X, Y), B' on the commas outside parentheses, dropping the affiliations."""
    names, depth, current = [], 0, []
    for char in creator:
        depth += (char == "(") - (char == ")")
        if char == "," and depth <= 0:
            names.append("".join(current))
            current, depth = [], 0
        else:
            current.append(char)
    names.append("".join(current))
    cleaned = (" ".join(re.sub(r"\([^()]*(?:\([^()]*\)[^()]*)*\)", " ", n).split()) for n in names)
    return [n.removeprefix("and ") for n in cleaned if n]


def _feed_day(channel) -> dt.date | None:
    try:
        return email.utils.parsedate_to_datetime(text(channel, "pubDate")).date()
    except (TypeError, ValueError):
        return None


def parse_rss(body: bytes, label: str = "rss") -> tuple[list[Paper], dt.date | None, int]:
    """The announced papers, the feed's listing day (None when the feed carries no date) and how many items were
    skipped for want of a readable arXiv id (not fatal: the day's note says so)."""
    channel = parse_xml(body, label, "rss").find("channel")
    if channel is None:
        raise SourceError(f"{label}: RSS without a <channel>")
    title = text(channel, "title")
    if title.lower().startswith("feed error"):
        raise SourceError(f"{label}: arXiv refused the feed: {text(channel, 'description') or title}")
    day = _feed_day(channel)
    papers, items = [], channel.findall("item")
    for item in items:
        description = text(item, "description")
        head = _HEAD.match(description)
        raw_id = head.group("id") if head else text(item, "guid").removeprefix("oai:arXiv.org:")
        try:
            arxiv_id, version = parse_arxiv_id(raw_id)
        except InvalidIdError:
            continue
        extra = {"license": rights} if (rights := text(item, "dc:rights", NS)) else {}
        papers.append(
            Paper(
                arxiv_id=arxiv_id,
                version=version,
                title=text(item, "title"),
                abstract=description[head.end():] if head else description,
                authors=split_authors(text(item, "dc:creator", NS)),
                categories=list(dict.fromkeys(c for node in item.findall("category") if (c := text(node)))),
                announced=day,
                sources=["rss"],
                announce_type=(text(item, "arxiv:announce_type", NS) or (head.group("type") if head else "")) or None,
                extra=extra,
            )
        )
    return papers, day, len(items) - len(papers)


async def fetch(
    client: httpx.AsyncClient,
    start: dt.date | None,
    end: dt.date | None,
    settings: Settings,
    feed: Sequence[str] = (),
) -> SourceResult:
    """The latest feed, kept only if its listing day is in start..end (no dates: whatever day it is)."""
    names = list(feed)
    window = days_between(start, end) if start and end else []
    label = f"rss {'+'.join(names) or 'all'}"
    try:
        status, body = await http_fetch(client, feed_url(names), MAX_BYTES)
        if status >= 400:
            raise FetchError(f"{label}: HTTP {status}")
        papers, day, skipped = parse_rss(body, label)
    except (FetchError, SourceError) as exc:
        days = [DayStatus(date=d, source="rss", status="error", note=str(exc)[:300]) for d in window]
        return SourceResult(days=days, errors=[str(exc)])
    result = SourceResult(papers=papers if not window or day in window else [])
    for d in window or ([day] if day else []):
        if d == day:
            result.days.append(listed_day("rss", d, len(papers), skipped, "the feed lists no announcements (weekend or holiday)"))
        else:
            note = f"rss.arxiv.org only holds the latest listing ({day}); use --source oai or arxiv for past days"
            result.days.append(DayStatus(date=d, source="rss", status="missing", note=note))
    return result
