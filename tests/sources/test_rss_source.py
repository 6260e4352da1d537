"""rss.arxiv.org: the recorded all-archives feed, the empty feed, the error feed and the category filter."""

from __future__ import annotations

import collections
import datetime as dt
from pathlib import Path

import httpx
import pytest

from paperdigest.errors import SourceError
from paperdigest.select import category_match
from paperdigest.settings import Settings
from paperdigest.pipeline import Query, listing
from paperdigest.store import Store
from paperdigest.sources import rss

ERROR_FEED = b"""<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" version="2.0"><channel>
<title>Feed error for query: http://rss.arxiv.org/rss/astroph</title>
<link>http://rss.arxiv.org/rss/astroph</link>
<description>Bad archive 'astroph'. Valid archive names are: astro-ph, cond-mat, cs.</description>
<pubDate>Thu, 28 Nov 2024 00:00:00 -0500</pubDate></channel></rss>"""


def test_all_archives_feed_counts_and_fields(run_with_replay, tmp_path):
    settings = Settings(categories=rss.ALL_ARCHIVES)
    result = run_with_replay(lambda client: listing(client, Query(("rss",), None, None), settings, Store(tmp_path)))
    papers = result.papers
    assert len(papers) == 1504 and result.errors == []
    assert collections.Counter(p.announce_type for p in papers) == {"new": 926, "replace": 569, "cross": 9}
    assert {p.announced for p in papers} == {dt.date(2024, 11, 28)}
    assert [(d.date, d.count, d.status) for d in result.days] == [(dt.date(2024, 11, 28), 1504, "ok")]
    by_id = {p.arxiv_id: p for p in papers}
    first = by_id["2411.17700"]
    assert (first.version, first.announce_type, first.categories) == (1, "new", ["cs.CY"])
    assert first.authors == ["Jun Cui"]
    assert first.title.startswith("Exploring the Impact of Generative AI on Cross-Border E-Commerce")
    assert first.abstract.startswith("This study investigates the influence of generative artificial")
    replaced = by_id["2407.03297"]
    assert (replaced.version, replaced.announce_type) == (2, "replace")
    assert replaced.categories == ["cs.CV", "cs.AI"]
    assert replaced.authors == ["Tiankai Hang", "Shuyang Gu", "Xin Geng", "Baining Guo"]
    cross = by_id["2411.16552"]
    assert cross.announce_type == "cross" and cross.categories[0] == "stat.AP"


def test_authors_with_affiliations(corpus: Path):
    papers, _, _ = rss.parse_rss((corpus / "arxiv_rss/aioarxiv_rss_mock_feed.xml").read_bytes())
    (paper,) = [p for p in papers if "Tianliang Yan" in p.authors]
    assert paper.authors[:3] == ["Tianliang Yan", "Yubao Liu", "Leonid Prokhorov"] and len(paper.authors) == 8
    assert all(p.authors and p.abstract and p.categories and p.version for p in papers)


def test_split_authors():
    assert rss.split_authors("A. One (U1, Dept (X)), B. Two, and C. Three") == ["A. One", "B. Two", "C. Three"]
    assert rss.split_authors("") == []


def test_category_filter_keeps_cs_cl_and_says_primary_or_cross_list(run_with_replay, tmp_path):
    settings = Settings(categories=("cs.CL",))
    result = run_with_replay(lambda client: listing(client, Query(("rss",), None, None), settings, Store(tmp_path)))
    matches = [category_match(p, ("cs.CL",)) for p in result.papers]
    assert all(m is not None for m in matches)
    kinds = collections.Counter(kind for kind, _ in matches)
    assert kinds == {"primary": 71, "cross-list": 31}
    assert all(p.primary_category == "cs.CL" for p, (kind, _) in zip(result.papers, matches) if kind == "primary")
    primary_only = Settings(categories=("cs.CL",), cross_lists=False)
    strict = run_with_replay(lambda client: listing(client, Query(("rss",), None, None), primary_only, Store(tmp_path)))
    assert len(strict.papers) == 71


def test_feed_url_joins_with_plus():
    assert rss.feed_url(["cs.CL", "cs.LG", "cs.CL"]) == "https://rss.arxiv.org/rss/cs.CL+cs.LG"
    assert rss.feed_url([]) == rss.feed_url(["all"]) == "https://rss.arxiv.org/rss/" + "+".join(rss.ALL_ARCHIVES)
    with pytest.raises(SourceError, match="not an archive"):
        rss.feed_url(["cs/../x"])


def test_empty_feed(run_with_replay):
    result = run_with_replay(lambda client: rss.fetch(client, None, None, Settings(), feed=["test"]))
    assert result.papers == [] and result.errors == []
    assert [(d.date, d.status) for d in result.days] == [(dt.date(2024, 11, 28), "empty")]


def test_error_feed_names_the_bad_archive(run_with_mock):
    with pytest.raises(SourceError, match="Bad archive 'astroph'"):
        rss.parse_rss(ERROR_FEED)
    result = run_with_mock(
        lambda r: httpx.Response(200, content=ERROR_FEED), lambda c: rss.fetch(c, None, None, Settings(), feed=["astroph"])
    )
    assert result.papers == [] and "Bad archive 'astroph'" in result.errors[0]


def test_days_outside_the_feed_are_missing(run_with_replay):
    settings = Settings()
    start, end = dt.date(2024, 11, 27), dt.date(2024, 11, 28)
    result = run_with_replay(lambda client: rss.fetch(client, start, end, settings, feed=["test"]))
    assert [(d.date, d.status) for d in result.days] == [(start, "missing"), (end, "empty")]
    assert "only holds the latest listing (2024-11-28)" in result.days[0].note


def test_unrecorded_feed_is_an_error_for_that_source(run_with_replay):
    day, settings = dt.date(2024, 11, 28), Settings(categories=("cs.CL",))
    result = run_with_replay(lambda client: rss.fetch(client, day, day, settings, feed=["cs.CL"]))
    assert result.papers == [] and "not in the replay recording" in result.errors[0]
    assert result.days[0].status == "error"


def _feed(*ids: str) -> bytes:
    items = "".join(
        f"<item><title>Paper {n}</title><guid>oai:arXiv.org:{arxiv_id}</guid>"
        f"<description>arXiv:{arxiv_id} Announce Type: new Abstract: About paper {n}.</description></item>"
        for n, arxiv_id in enumerate(ids)
    )
    return f"<rss version='2.0'><channel><title>cs updates</title><pubDate>Thu, 28 Nov 2024 00:00:00 -0500</pubDate>{items}</channel></rss>".encode()


def test_items_without_a_readable_id_are_counted_and_all_unreadable_is_an_error(run_with_mock):
    papers, day, skipped = rss.parse_rss(_feed("2411.00001v1", "cs/../../etc", ""))
    assert [p.versioned_id for p in papers] == ["2411.00001v1"] and (day, skipped) == (dt.date(2024, 11, 28), 2)
    day = dt.date(2024, 11, 28)
    some = run_with_mock(lambda r: httpx.Response(200, content=_feed("2411.00001v1", "x")), lambda c: rss.fetch(c, day, day, Settings(), feed=["cs"]))
    assert [(d.status, d.count, d.note) for d in some.days] == [("ok", 1, "1 entry without an arXiv id skipped")]
    # A feed whose ids no longer parse is not "no announcements (weekend or holiday)".
    none = run_with_mock(lambda r: httpx.Response(200, content=_feed("x", "y")), lambda c: rss.fetch(c, day, day, Settings(), feed=["cs"]))
    assert [(d.status, d.note) for d in none.days] == [("error", "2 entries without an arXiv id skipped")]
