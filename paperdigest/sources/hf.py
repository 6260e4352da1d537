"""Hugging Face daily papers: one request per day, https://huggingface.co/api/daily_papers?date=YYYY-MM-DD.

Day rule: a paper belongs to the day it was listed on (the `date` asked for). The schema grew over time
(2025-01: id/title/summary/authors/upvotes; 2025-03: githubRepo, projectPage, ai_keywords; 2025-10:
ai_summary, organization, githubStars; 2026-08: ai_summary_model): every variant parses, and fields an older
day lacks are simply absent from `extra`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

import httpx

from paperdigest import jsonin
from paperdigest.errors import FetchError, InvalidIdError, SourceError
from paperdigest.http import get_bytes
from paperdigest.ids import parse_arxiv_id
from paperdigest.models import DayStatus, Paper
from paperdigest.settings import Settings
from paperdigest.sources import SourceResult, days_between, listed_day

API = "https://huggingface.co/api/daily_papers"
MAX_BYTES = 20_000_000


def _timestamp(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def read_daily(body: bytes, day: dt.date) -> tuple[list[Paper], int]:
    """The day's papers, and how many entries were skipped (no arXiv id or title: not fatal) for the report to say."""
    try:
        entries = jsonin.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SourceError(f"hf {day}: not JSON ({exc})") from exc
    except RecursionError as exc:  # [[[[...]]]] nested deeper than the parser's stack
        raise SourceError(f"hf {day}: JSON nested too deeply") from exc
    if not isinstance(entries, list):
        raise SourceError(f"hf {day}: expected a list of papers, got {type(entries).__name__}")
    papers = []
    for entry in entries:
        paper = entry.get("paper") if isinstance(entry, dict) else None
        if not isinstance(paper, dict):
            continue
        try:
            arxiv_id, version = parse_arxiv_id(str(paper.get("id", "")))
        except InvalidIdError:
            continue
        title = _first_text(paper.get("title"), entry.get("title"))
        if not title:
            continue
        extra = _extra(paper)
        organization = paper.get("organization") or entry.get("organization")
        if isinstance(organization, dict) and organization.get("fullname"):
            extra["organization"] = organization["fullname"]
        papers.append(
            Paper(
                arxiv_id=arxiv_id,
                version=version,
                title=title,
                abstract=_first_text(paper.get("summary"), entry.get("summary")),
                authors=[a["name"] for a in _list(paper.get("authors")) if isinstance(a, dict) and _text(a.get("name"))],
                published=_timestamp(paper.get("publishedAt")),
                announced=day,
                sources=["hf"],
                upvotes=paper.get("upvotes") if isinstance(paper.get("upvotes"), int) else None,
                num_comments=entry.get("numComments") if isinstance(entry.get("numComments"), int) else None,
                extra=extra,
            )
        )
    return papers, len(entries) - len(papers)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _first_text(*values: Any) -> str:
    """The first of these that is text, on one line: a list where a title belongs is no title ("['a', 'b']")."""
    return next((" ".join(v.split()) for v in values if _text(v)), "")


def _extra(paper: dict) -> dict[str, Any]:
    """Listing facts of the expected types only: a number where a list belongs broke the engines downstream."""
    extra: dict[str, Any] = {key: paper[key] for key in ("ai_summary", "ai_summary_model", "githubRepo", "projectPage") if _text(paper.get(key))}
    keywords = [k for k in _list(paper.get("ai_keywords")) if _text(k)]
    if keywords:
        extra["ai_keywords"] = keywords
    stars = paper.get("githubStars")
    if isinstance(stars, int) and not isinstance(stars, bool) and stars > 0:
        extra["githubStars"] = stars
    return extra


async def _fetch_day(client: httpx.AsyncClient, day: dt.date) -> tuple[list[Paper], DayStatus]:
    try:
        body = await get_bytes(client, API, MAX_BYTES, date=day.isoformat())
        papers, skipped = read_daily(body, day)
    except (FetchError, SourceError) as exc:
        weekend = " (a weekend: HF lists no papers on most weekends)" if day.weekday() >= 5 else ""
        return [], DayStatus(date=day, source="hf", status="missing", note=f"{exc}{weekend}")
    return papers, listed_day("hf", day, len(papers), skipped, "HF listed no papers that day", lacking="an arXiv id or a title")


async def fetch(client: httpx.AsyncClient, start: dt.date, end: dt.date, settings: Settings) -> SourceResult:
    results = await asyncio.gather(*(_fetch_day(client, day) for day in days_between(start, end)))
    result = SourceResult()
    for papers, status in results:
        result.papers.extend(papers)
        result.days.append(status)
    return result
