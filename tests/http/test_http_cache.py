"""The on-disk HTTP cache: ETag revalidation through make_client, and no cache for replayed runs."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from paperdigest.http import RetryPolicy, get_bytes, make_client


def test_etag_revalidation_serves_the_cached_body(tmp_path: Path):
    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("if-none-match"))
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304, headers={"etag": '"v1"'})
        return httpx.Response(200, content=b"<rss>feed</rss>", headers={"etag": '"v1"'})

    async def one_run() -> bytes:
        policy = RetryPolicy(min_interval={})
        transport = httpx.MockTransport(handler)
        async with make_client(transport=transport, policy=policy, cache=tmp_path / "http.sqlite") as client:
            return await get_bytes(client, "https://rss.arxiv.org/rss/cs")

    bodies = [asyncio.run(one_run()) for _ in range(3)]
    assert bodies == [b"<rss>feed</rss>"] * 3
    assert seen == [None, '"v1"', '"v1"']  # later runs only revalidate


def test_last_modified_revalidation(tmp_path: Path):
    seen: list[str | None] = []
    stamp = "Thu, 28 Nov 2024 01:00:00 GMT"

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("if-modified-since"))
        if request.headers.get("if-modified-since") == stamp:
            return httpx.Response(304)
        return httpx.Response(200, content=b"[]", headers={"last-modified": stamp, "cache-control": "no-cache"})

    async def one_run() -> bytes:
        transport = httpx.MockTransport(handler)
        async with make_client(transport=transport, policy=RetryPolicy(min_interval={}), cache=tmp_path / "c.db") as c:
            return await get_bytes(c, "https://huggingface.co/api/daily_papers", date="2025-01-20")

    assert [asyncio.run(one_run()) for _ in range(2)] == [b"[]", b"[]"]
    assert seen == [None, stamp]


def test_replay_never_uses_the_cache(tmp_path: Path, corpus: Path):
    async def run() -> bytes:
        async with make_client(replay=corpus / "replay.tsv", cache=tmp_path / "http.sqlite") as client:
            return await get_bytes(client, "https://rss.arxiv.org/rss/test")

    assert b"test updates on arXiv.org" in asyncio.run(run())
    assert not (tmp_path / "http.sqlite").exists()
