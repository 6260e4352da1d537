from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from paperdigest.http import RetryPolicy, make_client

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("PAPERDIGEST_CORPUS", ROOT.parent / "shared" / "corpus")).resolve()


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared recordings (../shared/corpus); CI always has them."""
    assert (CORPUS / "replay.tsv").is_file(), f"shared corpus not found at {CORPUS} (set PAPERDIGEST_CORPUS)"
    return CORPUS


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's keys, config, cache or locale."""
    for name in list(os.environ):
        if name.startswith("PAPERDIGEST_") and name != "PAPERDIGEST_CORPUS" or name.endswith("_API_KEY"):
            monkeypatch.delenv(name, raising=False)
    (tmp_path / "empty-config.toml").write_text("")
    monkeypatch.setenv("PAPERDIGEST_CONFIG", str(tmp_path / "empty-config.toml"))
    monkeypatch.setenv("PAPERDIGEST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PAPERDIGEST_HISTORY_DIR", str(tmp_path / "history"))
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # the report language follows the locale when none is configured


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
