"""arXiv OAI-PMH ListRecords (metadataPrefix arXiv or arXivRaw): the way to backfill weeks and months.

One harvest per archive set (cs, math, physics:hep-th, ...), `from`/`until` = the date range, following
resumptionTokens until the list ends; 503 + Retry-After is honoured by PoliteTransport.
OAI selects records by datestamp (new *or changed* that day), so a harvest also returns revisions of older
papers: those get announce_type 'replace', papers first submitted in the range 'new'.
Day rule: arXivRaw carries v1's submission time, dated by `schedule.listing_day` (America/New_York, 14:00
cut-off); the arXiv format only has v1's `created` date, used as is (no time, so no cut-off) and kept as
midnight UTC in `published`.
"""

from __future__ import annotations

import datetime as dt
import email.utils
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
from paperdigest.sources.rss import split_authors
from paperdigest.sources.schedule import listing_day
from paperdigest.sources.xmlsafe import parse_xml, text

ENDPOINT = "https://oaipmh.arxiv.org/oai"
MAX_BYTES = 100_000_000
MAX_PAGES = 2_000
OAI = "http://www.openarchives.org/OAI/2.0/"
FORMATS = {"arXiv": "http://arxiv.org/OAI/arXiv/", "arXivRaw": "http://arxiv.org/OAI/arXivRaw/"}
# Archives that OAI files under the physics set (physics:hep-th); the others are sets of their own.
PHYSICS = {
    "astro-ph", "cond-mat", "gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th", "math-ph", "nlin", "nucl-ex",
    "nucl-th", "physics", "quant-ph",
}  # fmt: skip


def set_spec(category: str) -> str:
    """The OAI set of the archive a category belongs to: cs.CL -> cs, hep-th -> physics:hep-th."""
    archive = category.split(".")[0]
    return f"physics:{archive}" if archive in PHYSICS else archive


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _midnight(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime.combine(day, dt.time(), dt.timezone.utc) if day else None


def _arxiv_format(meta: ET.Element, ns: dict[str, str]) -> dict:
    authors = []
    for author in meta.findall("m:authors/m:author", ns):
        parts = (text(author, "m:forenames", ns), text(author, "m:keyname", ns), text(author, "m:suffix", ns))
        if name := " ".join(p for p in parts if p):
            authors.append(name)
    created = _date(text(meta, "m:created", ns))
    return {
        "version": None,
        "authors": authors,
        "published": _midnight(created),
        "updated": _midnight(_date(text(meta, "m:updated", ns))),
        "announced": created,
        "extra": {"journal_ref": text(meta, "m:journal-ref", ns), "doi": text(meta, "m:doi", ns)},
    }


def _raw_format(meta: ET.Element, ns: dict[str, str]) -> dict:
    stamps = []
    for version in meta.findall("m:version", ns):
        try:
            number = int(version.get("version", "v0").lstrip("v"))
            stamps.append((number, email.utils.parsedate_to_datetime(text(version, "m:date", ns))))
        except (TypeError, ValueError):
            continue
    stamps.sort()
    first = stamps[0][1] if stamps else None
    return {
        "version": stamps[-1][0] if stamps else None,
        "authors": split_authors(text(meta, "m:authors", ns).replace(" and ", ", ")),
        "published": first,
        "updated": stamps[-1][1] if len(stamps) > 1 else None,
        "announced": listing_day(first) if first else None,
        "extra": {"journal_ref": text(meta, "m:journal-ref", ns), "doi": text(meta, "m:doi", ns)},
    }


def _readable_id(meta: ET.Element, record_ns: dict[str, str]) -> str | None:
    try:
        return parse_arxiv_id(text(meta, "m:id", record_ns))[0]
    except InvalidIdError:
        return None


def parse_oai(body: bytes, label: str = "oai") -> tuple[list[Paper], str | None, list[dt.date | None]]:
    """The records of one ListRecords page, the resumptionToken for the next (None at the end) and the datestamp
    of each record skipped for want of a readable arXiv id or metadata (a deleted record is no paper to skip)."""
    ns = {"o": OAI}
    root = parse_xml(body, label, f"{{{OAI}}}OAI-PMH")
    error = root.find("o:error", ns)
    if error is not None:
        if error.get("code") == "noRecordsMatch":
            return [], None, []
        raise SourceError(f"{label}: OAI error {error.get('code', '?')}: {text(error)}")
    listing = root.find("o:ListRecords", ns)
    if listing is None:
        raise SourceError(f"{label}: OAI-PMH answer without ListRecords")
    papers, skipped = [], []
    for record in listing.findall("o:record", ns):
        header = record.find("o:header", ns)
        if header is None or header.get("status") == "deleted":
            continue
        metadata = record.find("o:metadata", ns)
        meta = next(iter(metadata), None) if metadata is not None else None
        tag = meta.tag if meta is not None else ""
        prefix = next((name for name, uri in FORMATS.items() if tag == f"{{{uri}}}{name}"), None)
        record_ns = {"m": FORMATS[prefix]} if prefix else {}
        arxiv_id = _readable_id(meta, record_ns) if meta is not None and prefix else None
        if arxiv_id is None:
            skipped.append(_date(text(header, "o:datestamp", ns)))
            continue
        fields = (_arxiv_format if prefix == "arXiv" else _raw_format)(meta, record_ns)
        extra = {k: v for k, v in fields.pop("extra").items() if v}
        extra["datestamp"] = text(header, "o:datestamp", ns)
        papers.append(
            Paper(
                arxiv_id=arxiv_id,
                title=text(meta, "m:title", record_ns),
                abstract=text(meta, "m:abstract", record_ns),
                categories=text(meta, "m:categories", record_ns).split(),
                sources=["oai"],
                extra=extra,
                **fields,
            )
        )
    token = listing.find("o:resumptionToken", ns)
    return papers, (text(token) or None) if token is not None else None, skipped


async def harvest(
    client: httpx.AsyncClient,
    start: dt.date,
    end: dt.date,
    oai_set: str | None = None,
    prefix: str = "arXivRaw",
) -> tuple[SourceResult, Counter[dt.date | None]]:
    """Every record of one set whose datestamp is in start..end, and the datestamps of the records skipped (no
    readable id); a failed page ends it, reported in errors."""
    params: dict[str, str] = {"verb": "ListRecords", "metadataPrefix": prefix, "from": f"{start}", "until": f"{end}"}
    if oai_set:
        params["set"] = oai_set
    result, tokens, skipped = SourceResult(), set(), Counter()
    label = f"oai {oai_set or 'all'} {start}..{end}"
    for _page in range(MAX_PAGES):
        try:
            status, body = await http_fetch(client, ENDPOINT, MAX_BYTES, **params)
            if status >= 400:
                raise FetchError(f"{label}: HTTP {status}")
            papers, token, unreadable = parse_oai(body, label)
        except (FetchError, SourceError) as exc:
            result.errors.append(str(exc))
            break
        result.papers += papers
        skipped.update(unreadable)
        if not token or token in tokens:
            break
        tokens.add(token)
        params = {"verb": "ListRecords", "resumptionToken": token}
    return result, skipped


async def fetch(
    client: httpx.AsyncClient, start: dt.date, end: dt.date, settings: Settings, prefix: str = "arXivRaw"
) -> SourceResult:
    sets: Sequence[str | None] = list(dict.fromkeys(set_spec(c) for c in settings.categories)) or [None]
    result, skipped = SourceResult(), Counter()
    for oai_set in sets:
        harvested, unreadable = await harvest(client, start, end, oai_set, prefix)
        result.add(harvested)
        skipped.update(unreadable)
    papers = []
    for paper in result.papers:
        is_new = paper.announced is not None and start <= paper.announced <= end
        papers.append(paper.model_copy(update={"announce_type": "new" if is_new else "replace"}))
    result.papers = papers
    result.days = day_statuses("oai", start, end, papers, result.errors, lambda p: _date(p.extra["datestamp"]), skipped)
    return result
