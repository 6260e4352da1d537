from __future__ import annotations

import asyncio

import httpx
import pytest

from paperdigest.errors import FetchError, ParseError
from paperdigest.html import fetch_html
from paperdigest.http import RetryPolicy, make_client
from paperdigest.models import Paper

PAGE = (
    b'<html><head><base href="/html/2501.00001v2/"></head><body><article class="ltx_document">'
    b'<h1 class="ltx_title_document">T</h1><section class="ltx_section"><h2>1 Intro</h2><p>Hello.</p>'
    b'<figure class="ltx_figure"><img src="x1.png"/><figcaption><span class="ltx_tag ltx_tag_figure">Figure 1: '
    b"</span>Plot.</figcaption></figure></section></article></body></html>"
)


def run(paper: Paper, responses: dict[str, httpx.Response]):
    def handler(request: httpx.Request) -> httpx.Response:
        return responses.get(str(request.url), httpx.Response(404))

    async def go():
        client = make_client(transport=httpx.MockTransport(handler), policy=RetryPolicy(min_interval={}))
        async with client:
            return await fetch_html(client, paper)

    return asyncio.run(go())


def test_fetches_the_versioned_page_and_resolves_images() -> None:
    paper = Paper(arxiv_id="2501.00001", version=2, title="T")
    parsed = run(paper, {"https://arxiv.org/html/2501.00001v2": httpx.Response(200, content=PAGE)})
    assert parsed.source == "html" and parsed.metadata["url"] == "https://arxiv.org/html/2501.00001v2"
    assert parsed.sections[0].text.startswith("Hello.")
    assert parsed.figures[0].image_url == "https://arxiv.org/html/2501.00001v2/x1.png"


def test_no_html_is_a_fetch_error_and_a_bad_page_a_parse_error() -> None:
    paper = Paper(arxiv_id="2501.00001", version=1, title="T")
    with pytest.raises(FetchError, match="HTTP 404"):
        run(paper, {})
    with pytest.raises(ParseError, match="not an HTML document"):
        run(paper, {"https://arxiv.org/html/2501.00001v1": httpx.Response(200, content=b"%PDF-1.5")})
