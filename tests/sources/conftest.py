from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from paperdigest.http import RetryPolicy, make_client

@pytest.fixture
def run_with_mock():
    """Run `work(client)` on a client whose network is `handler`, behind the real PoliteTransport."""

    def run(handler: Callable[[httpx.Request], httpx.Response], work, sleeps: list[float] | None = None):
        async def sleep(seconds: float) -> None:
            if sleeps is not None:
                sleeps.append(seconds)

        async def main():
            policy = RetryPolicy(min_interval={}, sleep=sleep, backoff=0.01)
            async with make_client(transport=httpx.MockTransport(handler), policy=policy) as client:
                return await work(client)

        return asyncio.run(main())

    return run

@pytest.fixture
def run_with_replay(corpus: Path):
    """Run `work(client)` on a client replaying ../shared/corpus/replay.tsv."""

    def run(work):
        async def main():
            async with make_client(replay=corpus / "replay.tsv") as client:
                return await work(client)

        return asyncio.run(main())

    return run
