"""A resource the origin does not have is one error, whoever says so: a live 404/410 or a replay without it.

The retry layer leaves a missing recording alone because of what the error is, not which transport raised it.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from paperdigest.errors import FetchError, UnavailableError
from paperdigest.http import RetryPolicy, get_bytes, make_client
from paperdigest.http.replay import NotRecorded, ReplayTransport


class Wrapped(httpx.AsyncBaseTransport):
    """An embedder's transport around a replay: the retry layer cannot tell it replays."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner, self.calls = inner, 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        return await self.inner.handle_async_request(request)


def _get(transport: httpx.AsyncBaseTransport, url: str, sleeps: list[float]) -> bytes:
    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async def go() -> bytes:
        async with make_client(transport=transport, policy=RetryPolicy(min_interval={}, sleep=sleep)) as client:
            return await get_bytes(client, url)

    return asyncio.run(go())


def test_a_missing_recording_is_unavailable_and_never_retried(tmp_path):
    (tmp_path / "replay.tsv").write_text("")
    transport, sleeps = Wrapped(ReplayTransport(tmp_path / "replay.tsv")), []
    with pytest.raises(UnavailableError) as error:
        _get(transport, "https://arxiv.org/html/2501.08325", sleeps)
    assert str(error.value) == "arxiv.org/html/2501.08325: not in the replay recording"
    assert transport.calls == 1 and sleeps == []
    assert isinstance(error.value.__cause__, NotRecorded) and not isinstance(error.value.__cause__, httpx.NetworkError)


@pytest.mark.parametrize("status", [404, 410])
def test_a_live_404_or_410_is_the_same_error(status):
    sleeps: list[float] = []
    with pytest.raises(UnavailableError, match=rf"^arxiv.org/pdf/2501.08325: HTTP {status}$"):
        _get(httpx.MockTransport(lambda request: httpx.Response(status)), "https://arxiv.org/pdf/2501.08325", sleeps)
    assert sleeps == []


def test_other_failures_stay_plain_fetch_errors():
    sleeps: list[float] = []
    with pytest.raises(FetchError, match="HTTP 403") as error:
        _get(httpx.MockTransport(lambda request: httpx.Response(403)), "https://arxiv.org/pdf/1", sleeps)
    assert not isinstance(error.value, UnavailableError)

    def refused(request):
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    with pytest.raises(FetchError, match="Connection refused") as error:
        _get(httpx.MockTransport(refused), "https://arxiv.org/pdf/1", sleeps)
    assert not isinstance(error.value, UnavailableError) and len(sleeps) == 3  # a network fault is retried
