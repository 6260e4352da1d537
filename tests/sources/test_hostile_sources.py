"""Hostile input for every source: entity bombs, truncated and compressed bodies, HTML, 429s, huge bodies."""

from __future__ import annotations

import datetime as dt
import gzip

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperdigest.errors import FetchError, SourceError
from paperdigest.http import fetch as http_fetch
from paperdigest.models import Paper
from paperdigest.settings import Settings
from paperdigest.sources import arxiv, hf, oai, rss
from paperdigest.sources.xmlsafe import parse_xml

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rss version="2.0"><channel><title>&lol9;</title></channel></rss>"""
EXTERNAL = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel>&x;</channel></rss>'
HTML = b"<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body>busy</body></html>"
ATOM = (
    b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2501.00001v1</id>'
    b"<title>T</title><published>2025-01-02T10:00:00Z</published></entry></feed>"
)
PARSERS = {
    "rss": lambda body: rss.parse_rss(body)[0],
    "arxiv": lambda body: arxiv.parse_atom(body)[0],
    "oai": lambda body: oai.parse_oai(body)[0],
}


@pytest.mark.parametrize("name", PARSERS)
@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_entity_declarations_are_refused(name, body):
    with pytest.raises(SourceError, match="refused unsafe XML"):
        PARSERS[name](body)


@pytest.mark.parametrize("name", PARSERS)
def test_html_instead_of_xml(name):
    with pytest.raises(SourceError, match=r"HTML page instead of XML \(503 Service Unavailable\)"):
        PARSERS[name](HTML)


@pytest.mark.parametrize("name", PARSERS)
def test_truncated_and_gzip_bodies(name):
    with pytest.raises(SourceError, match="malformed or truncated XML"):
        PARSERS[name](ATOM[: len(ATOM) // 2])
    with pytest.raises(SourceError, match="gzip-compressed body"):
        PARSERS[name](gzip.compress(ATOM))


def test_wrong_root_is_named():
    with pytest.raises(SourceError, match="expected <rss>, got <feed>"):
        parse_xml(ATOM, "rss", "rss")


def test_truncated_gzip_on_the_wire_is_an_error_for_that_source(run_with_mock):
    items = b"<item><title>t</title></item>" * 500
    feed = gzip.compress(b"<rss version='2.0'><channel><title>x</title>" + items + b"</channel></rss>")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=feed[: len(feed) // 2], headers={"content-encoding": "gzip"})

    result = run_with_mock(handler, lambda c: rss.fetch(c, dt.date(2024, 11, 28), dt.date(2024, 11, 28), Settings()))
    assert result.papers == [] and len(result.errors) == 1
    assert "truncated" in result.errors[0] or "Decoding" in result.errors[0]
    assert result.days[0].status == "error"


def test_429_then_success_honours_retry_after(run_with_mock, corpus):
    body = (corpus / "hf_daily_papers/daily_papers_2025-01-21.json").read_bytes()
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url)
        if len(calls) == 1:
            return httpx.Response(429, headers={"retry-after": "7"})
        return httpx.Response(200, content=body)

    sleeps: list[float] = []
    day = dt.date(2025, 1, 21)
    result = run_with_mock(handler, lambda c: hf.fetch(c, day, day, Settings()), sleeps)
    assert len(calls) == 2 and sleeps == [7.0]
    assert [p.arxiv_id for p in result.papers] == ["2501.08325"] and result.days[0].status == "ok"


def test_a_1_gb_body_is_refused_without_being_read(run_with_mock):
    produced = []

    async def endless():
        for _ in range(1024):
            produced.append(1)
            yield b"x" * (1 << 20)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=endless())

    with pytest.raises(FetchError, match="exceeds the 30,000,000 byte limit"):
        run_with_mock(handler, lambda c: http_fetch(c, rss.FEED + "cs", rss.MAX_BYTES))
    assert len(produced) < 40  # stopped after ~30 MB of the 1 GB

    result = run_with_mock(handler, lambda c: rss.fetch(c, None, None, Settings(), feed=["cs"]))
    assert result.papers == [] and "byte limit" in result.errors[0]


def test_a_declared_1_gb_body_is_refused_before_reading(run_with_mock):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-length": str(1 << 30)}, content=b"")

    with pytest.raises(FetchError, match="1,073,741,824 bytes exceeds"):
        run_with_mock(handler, lambda c: http_fetch(c, rss.FEED + "cs", rss.MAX_BYTES))


def _assert_papers_or_source_error(parse, body: bytes) -> None:
    try:
        papers = parse(body)
    except SourceError:
        return
    assert all(isinstance(p, Paper) and p.arxiv_id for p in papers)


xml_fragments = st.lists(
    st.sampled_from([
        "<feed xmlns='http://www.w3.org/2005/Atom'>", "</feed>", "<entry>", "</entry>", "<id>", "</id>",
        "http://arxiv.org/abs/2501.00001v2", "arxiv.org/api/errors#x", "<title>", "</title>", "<published>",
        "</published>", "2025-01-02T10:00:00Z", "<rss>", "</rss>", "<channel>", "</channel>", "<item>", "</item>",
        "<description>", "</description>", "arXiv:2411.17700v1 Announce Type: new Abstract: x", "<pubDate>",
        "</pubDate>", "Thu, 28 Nov 2024 00:00:00 -0500", "<OAI-PMH xmlns='http://www.openarchives.org/OAI/2.0/'>",
        "</OAI-PMH>", "<ListRecords>", "</ListRecords>", "<record>", "</record>", "<header>", "</header>",
        "<metadata>", "</metadata>", "<arXivRaw xmlns='http://arxiv.org/OAI/arXivRaw/'>", "</arXivRaw>",
        "<version version='v1'>", "</version>", "<date>", "</date>", "<error code='x'>", "</error>", "&amp;",
        "&bogus;", "<![CDATA[x]]>", "\x00", "é", "<", ">", "abc",
    ]),  # fmt: skip
    max_size=40,
).map(lambda parts: "".join(parts).encode())


@pytest.mark.parametrize("name", PARSERS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(st.binary(max_size=300), xml_fragments))
def test_xml_parsers_return_papers_or_raise_source_error(name, body):
    _assert_papers_or_source_error(PARSERS[name], body)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.just("2501.00001"),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["paper", "id", "title", "summary", "authors", "name", "upvotes", "numComments",
                         "publishedAt", "organization", "fullname", "ai_summary"]),  # fmt: skip
        inner,
        max_size=6,
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(value=json_values)
def test_hf_parser_returns_papers_or_raises_source_error(value):
    import json

    _assert_papers_or_source_error(lambda body: hf.read_daily(body, dt.date(2025, 1, 20))[0], json.dumps(value).encode())
