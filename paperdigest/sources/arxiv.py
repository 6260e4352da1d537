"""arXiv export API (Atom): searches by category/keyword and submission window, and lookups by id.

Politeness: PoliteTransport spaces requests to export.arxiv.org 3 s apart and retries 429/5xx; this module
adds arXiv's own quirk, a page that comes back empty in the middle of a result set, which is retried.
Day rule: a paper belongs to the listing day of its first version's submission time (`published`), by
`paperdigest.sources.schedule.listing_day` (America/New_York, 14:00 cut-off, no weekend listings).
Request URLs keep arXiv's parameter order (search_query, id_list, sortBy, sortOrder, start, max_results), the
one the recordings in ../shared/corpus were made with.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence

import httpx

from paperdigest.errors import FetchError, InvalidIdError, SourceError
from paperdigest.http import fetch as http_fetch
from paperdigest.ids import parse_arxiv_id
from paperdigest.models import Paper
from paperdigest.settings import Settings
from paperdigest.sources import SourceResult, day_statuses
from paperdigest.sources.schedule import listing_day, submission_window
from paperdigest.sources.xmlsafe import parse_xml, text

API = "https://export.arxiv.org/api/query"
MAX_BYTES = 30_000_000
PAGE_SIZE = 200
MAX_RESULTS = 10_000
EMPTY_PAGE_RETRIES = 3
NS = {
    "a": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "os": "http://a9.com/-/spec/opensearch/1.1/",
}


def _time(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
    except ValueError:
        return None


def _entry(entry: ET.Element) -> Paper | None:
    try:
        arxiv_id, version = parse_arxiv_id(text(entry, "a:id", NS))
    except InvalidIdError:
        return None
    primary = entry.find("arxiv:primary_category", NS)
    terms = [primary.get("term", "")] if primary is not None else []
    terms += [c.get("term", "") for c in entry.findall("a:category", NS)]
    published = _time(text(entry, "a:published", NS))
    extra = {
        key: value
        for key, value in (
            ("comment", text(entry, "arxiv:comment", NS)),
            ("journal_ref", text(entry, "arxiv:journal_ref", NS)),
            ("doi", text(entry, "arxiv:doi", NS)),
        )
        if value
    }
    return Paper(
        arxiv_id=arxiv_id,
        version=version,
        title=text(entry, "a:title", NS),
        abstract=text(entry, "a:summary", NS),
        authors=[name for a in entry.findall("a:author", NS) if (name := text(a, "a:name", NS))],
        categories=list(dict.fromkeys(t for t in terms if t)),
        published=published,
        updated=_time(text(entry, "a:updated", NS)),
        announced=listing_day(published) if published else None,
        sources=["arxiv"],
        extra=extra,
    )


def parse_atom(body: bytes, label: str = "arxiv") -> tuple[list[Paper], int, list[dt.date | None]]:
    """The papers of one result page, the total number of results the query has, and the listing day of each entry
    skipped for want of a readable arXiv id (None when it has no date either), for the day's note to count."""
    root = parse_xml(body, label, f"{{{NS['a']}}}feed")
    entries = root.findall("a:entry", NS)
    for entry in entries:
        if text(entry, "a:id", NS).startswith(("https://arxiv.org/api/errors", "http://arxiv.org/api/errors")):
            message = text(entry, "a:summary", NS) or "unknown error"
            if "id" in text(entry, "a:id", NS).rpartition("#")[2]:
                raise InvalidIdError(f"arXiv rejected the id: {message}")
            raise SourceError(f"{label}: arXiv rejected the query: {message}")
    total = text(root, "os:totalResults", NS)
    papers, unreadable = [], []
    for entry in entries:
        paper = _entry(entry)
        if paper is not None:
            papers.append(paper)
        else:
            published = _time(text(entry, "a:published", NS))
            unreadable.append(listing_day(published) if published else None)
    return papers, int(total) if total.isdigit() else len(entries), unreadable


async def _page(client: httpx.AsyncClient, params: dict[str, str | int], label: str) -> tuple[list[Paper], int, list[dt.date | None]]:
    status, body = await http_fetch(client, API, MAX_BYTES, **params)
    if status >= 400 and not body.lstrip().startswith(b"<"):
        raise FetchError(f"{label}: HTTP {status}")
    page = parse_atom(body, label)
    if status >= 400:
        raise FetchError(f"{label}: HTTP {status}")
    return page


async def search(
    client: httpx.AsyncClient,
    query: str = "",
    id_list: Sequence[str] = (),
    *,
    start: int = 0,
    max_results: int | None = None,
    page_size: int = PAGE_SIZE,
    sort_by: str = "relevance",
    sort_order: str = "descending",
) -> tuple[SourceResult, Counter[dt.date | None]]:
    """Page through one query; a failed page ends the paging and is reported in `errors`, not raised. Also counted:
    the entries skipped for want of a readable id, by listing day.

    An InvalidIdError from arXiv's 400 is raised: the user must change the ids.
    """
    result, seen, offset, skipped = SourceResult(), set(), start, Counter()
    while max_results is None or offset < start + max_results:
        want = page_size if max_results is None else min(page_size, start + max_results - offset)
        params = {
            "search_query": query,
            "id_list": ",".join(id_list),
            "sortBy": sort_by,
            "sortOrder": sort_order,
            "start": offset,
            "max_results": want,
        }
        label = f"arxiv {query or ','.join(id_list)} [{offset}:{offset + want}]"
        try:
            for _attempt in range(EMPTY_PAGE_RETRIES + 1):
                papers, total, unreadable = await _page(client, params, label)
                if papers or unreadable or offset >= total:
                    break
        except (FetchError, SourceError) as exc:
            result.errors.append(str(exc))
            break
        if not papers and not unreadable:
            if offset < total:
                result.errors.append(f"{label}: arXiv kept returning an empty page ({total} results expected)")
            break
        for paper in papers:
            if paper.versioned_id not in seen:
                seen.add(paper.versioned_id)
                result.papers.append(paper)
        skipped.update(unreadable)
        offset += len(papers) + len(unreadable)
        if offset >= total:
            break
    return result, skipped


async def lookup_ids(client: httpx.AsyncClient, ids: Sequence[str]) -> SourceResult:
    """The papers with these ids (new or old style, with or without version), in the order asked.

    An id arXiv rejects raises InvalidIdError; an id arXiv does not know is reported in `errors`.
    """
    wanted = []
    for raw in ids:
        try:
            arxiv_id, version = parse_arxiv_id(raw)
            wanted.append((f"{arxiv_id}v{version}" if version else arxiv_id, arxiv_id, version))
        except InvalidIdError:
            # arXiv is the judge of what an id is (its 400 says why), so an unparsable one is still sent.
            wanted.append((raw.strip(), raw.strip(), None))
    result = SourceResult()
    found: list[Paper] = []
    for chunk in range(0, len(wanted), 100):
        part = [query for query, _, _ in wanted[chunk : chunk + 100]]
        page, _ = await search(client, id_list=part, max_results=100, page_size=100)  # an unread id is "no paper with id"
        found += page.papers
        result.errors += page.errors
    for query, arxiv_id, version in wanted:
        match = next((p for p in found if p.arxiv_id == arxiv_id and version in (None, p.version)), None)
        if match is not None:
            result.papers.append(match)
        elif not result.errors:
            result.errors.append(f"arxiv: no paper with id {query}")
    return result


def build_query(categories: Sequence[str], keywords: Sequence[str], first: dt.date, last: dt.date) -> str:
    """`(cat:A OR cat:B) AND (all:"k" OR ...) AND submittedDate:[from TO to]` for listing days first..last."""
    begin, end = submission_window(first, last)
    parts = []
    if categories:
        parts.append("(" + " OR ".join(f"cat:{c}" for c in categories) + ")")
    if keywords:
        parts.append("(" + " OR ".join(f'all:"{k}"' for k in keywords) + ")")
    # The window end is exclusive, arXiv's upper bound inclusive to the minute.
    last_minute = end - dt.timedelta(minutes=1)
    parts.append(f"submittedDate:[{begin:%Y%m%d%H%M} TO {last_minute:%Y%m%d%H%M}]")
    return " AND ".join(parts)


async def fetch(client: httpx.AsyncClient, start: dt.date, end: dt.date, settings: Settings) -> SourceResult:
    if not settings.categories and not settings.keywords:
        return SourceResult(errors=["arxiv: give categories or keywords (a whole week of arXiv is too much)"])
    begin, stop = submission_window(start, end)
    if begin == stop:
        return SourceResult(days=day_statuses("arxiv", start, end, [], []))
    query = build_query(settings.categories, settings.keywords, start, end)
    found, skipped = await search(client, query, max_results=MAX_RESULTS, sort_by="submittedDate", sort_order="ascending")
    papers = [p for p in found.papers if p.announced and start <= p.announced <= end]
    if len(found.papers) >= MAX_RESULTS:
        found.errors.append(f"arxiv: stopped at {MAX_RESULTS} results; narrow the categories or keywords")
    days = day_statuses("arxiv", start, end, papers, found.errors, skipped=skipped)
    return SourceResult(papers=papers, days=days, errors=found.errors)
