import asyncio
from pathlib import Path

import httpx
import pytest

from paperdigest.errors import FetchError, UnavailableError, UsageError
from paperdigest.http import RetryPolicy, fetch, get_bytes, make_client
from paperdigest.http.replay import RecordTransport, read_manifest


def _manifest(tmp_path: Path, lines: str) -> Path:
    (tmp_path / "body.json").write_text('{"ok": true}')
    path = tmp_path / "replay.tsv"
    path.write_text("# comment\n\n" + lines)
    return path


def test_replay_serves_recorded_and_fails_unrecorded_like_network(tmp_path):
    manifest = _manifest(tmp_path, "https://example.org/a?x=1\t200\tbody.json\nhttps://example.org/gone\t404\tbody.json\n")

    async def go():
        async with make_client(replay=manifest) as client:
            assert await get_bytes(client, "https://example.org/a", x="1") == b'{"ok": true}'
            status, _ = await fetch(client, "https://example.org/gone")
            assert status == 404
            with pytest.raises(UnavailableError, match="not in the replay recording"):
                await get_bytes(client, "https://example.org/other")
            with pytest.raises(FetchError, match="HTTP 404"):
                await get_bytes(client, "https://example.org/gone")

    asyncio.run(go())


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("https://x\t200\t../../etc/passwd\n", "outside the manifest's folder"),
        ("https://x\t200\t/etc/passwd\n", "outside the manifest's folder"),
        ("https://x 200 body.json\n", "expected 'URL<TAB>status<TAB>file'"),
        ("https://x\tabc\tbody.json\n", "expected 'URL<TAB>status<TAB>file'"),
        ("https://x\t999\tbody.json\n", "out of range"),
    ],
)
def test_manifest_rejects_hostile_lines(tmp_path, line, message):
    with pytest.raises(UsageError, match=message):
        read_manifest(_manifest(tmp_path, line))


def test_size_limit_refuses_big_bodies_without_reading_them(tmp_path):
    def huge(request):
        async def chunks():
            for _ in range(1_000_000):  # 1 GB, never materialised
                yield b"x" * 1024

        return httpx.Response(200, content=chunks())

    async def go():
        async with make_client(transport=httpx.MockTransport(huge)) as client:
            with pytest.raises(FetchError, match="exceeds the 1,000,000 byte limit"):
                await get_bytes(client, "https://example.org/big", max_bytes=1_000_000)

    asyncio.run(go())


def test_retry_after_then_success():
    calls, waits = [], []

    def flaky(request):
        calls.append(request.url)
        if len(calls) == 1:
            return httpx.Response(429, headers={"retry-after": "7"})
        return httpx.Response(200, content=b"fine")

    async def no_sleep(seconds):
        waits.append(seconds)

    async def go():
        policy = RetryPolicy(min_interval={}, sleep=no_sleep)
        async with make_client(transport=httpx.MockTransport(flaky), policy=policy) as client:
            assert await get_bytes(client, "https://example.org/x") == b"fine"

    asyncio.run(go())
    assert len(calls) == 2 and waits == [7.0]


def test_retries_are_bounded():
    async def no_sleep(seconds):
        pass

    async def go():
        policy = RetryPolicy(attempts=3, min_interval={}, sleep=no_sleep)
        transport = httpx.MockTransport(lambda request: httpx.Response(503))
        async with make_client(transport=transport, policy=policy) as client:
            with pytest.raises(FetchError, match="HTTP 503"):
                await get_bytes(client, "https://example.org/x")

    asyncio.run(go())


def test_record_then_replay_round_trip(tmp_path):
    inner = httpx.MockTransport(lambda request: httpx.Response(200, json={"n": 1}))

    async def go():
        async with httpx.AsyncClient(transport=RecordTransport(inner, tmp_path / "rec")) as client:
            await client.get("https://example.org/data?date=2025-01-20")
        async with make_client(replay=tmp_path / "rec" / "replay.tsv") as client:
            return await get_bytes(client, "https://example.org/data", date="2025-01-20")

    assert asyncio.run(go()) == b'{"n":1}'
