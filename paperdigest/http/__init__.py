"""The one place that builds HTTP clients: live, recording or replaying, all with the same retry policy."""

from __future__ import annotations

import asyncio
import contextvars
import email.utils
import math
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from paperdigest import __version__
from paperdigest.errors import FetchError, UnavailableError
from paperdigest.http.endpoints import EndpointTransport, endpoints_digest
from paperdigest.http.origin import origin_fingerprint
from paperdigest.http.replay import NotRecorded, RecordTransport, ReplayTransport

USER_AGENT = f"paperdigest/{__version__} (+https://pypi.org/project/paperdigest/)"
RETRY_STATUSES = {429, 500, 502, 503, 504}
# Statuses that say the resource is not there, as a URL missing from a replayed recording does.
GONE_STATUSES = {404, 410}
ARXIV_HOSTS = ("export.arxiv.org", "oaipmh.arxiv.org", "rss.arxiv.org", "arxiv.org", "www.arxiv.org")


def arxiv_intervals(seconds: float) -> dict[str, float]:
    """arXiv asks for at most one request every 3 seconds (https://info.arxiv.org/help/api/tou.html)."""
    return dict.fromkeys(ARXIV_HOSTS, seconds)


@dataclass
class RetryPolicy:
    attempts: int = 4
    backoff: float = 1.0
    max_wait: float = 60.0
    min_interval: dict[str, float] = field(default_factory=lambda: arxiv_intervals(3.0))
    sleep: Callable[[float], object] = asyncio.sleep


class PoliteTransport(httpx.AsyncBaseTransport):
    """Spaces requests per host and retries 429/5xx and connection faults with backoff and Retry-After."""

    def __init__(self, inner: httpx.AsyncBaseTransport, policy: RetryPolicy) -> None:
        self._inner = inner
        self._policy = policy
        self._next_slot: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def _wait_turn(self, host: str) -> None:
        interval = self._policy.min_interval.get(host, 0.0)
        if not interval:
            return
        lock = self._locks.setdefault(host, asyncio.Lock())
        async with lock:
            delay = self._next_slot.get(host, 0.0) - time.monotonic()
            if delay > 0:
                await self._policy.sleep(delay)
            self._next_slot[host] = time.monotonic() + interval

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        policy = self._policy
        for attempt in range(1, policy.attempts + 1):
            await self._wait_turn(request.url.host)
            try:
                response = await self._inner.handle_async_request(request)
            except (httpx.TimeoutException, httpx.NetworkError):
                if attempt == policy.attempts:
                    raise
                await policy.sleep(_backoff(policy, attempt))
                continue
            if response.status_code not in RETRY_STATUSES or attempt == policy.attempts:
                return response
            wait = retry_after_seconds(response.headers.get("retry-after")) or _backoff(policy, attempt)
            await response.aclose()
            await policy.sleep(min(wait, policy.max_wait))
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def aclose(self) -> None:
        await self._inner.aclose()


def _backoff(policy: RetryPolicy, attempt: int) -> float:
    return min(policy.max_wait, policy.backoff * 2 ** (attempt - 1)) * (0.5 + random.random() / 2)


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After is either seconds or an HTTP date."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


# Hosts the current fetch may reach, redirects included (None: any). A context variable, because the check
# runs in the client's request hook, which sees every hop of a redirect chain but not who asked.
_ONLY_HOSTS: contextvars.ContextVar[frozenset[str] | None] = contextvars.ContextVar("only_hosts", default=None)


async def _check_host(request: httpx.Request) -> None:
    """The one allow-list. It sees origins' own URLs (http.endpoints maps below it): plain http is refused
    everywhere, so only a mapped endpoint's base ever speaks it."""
    hosts = _ONLY_HOSTS.get()
    if request.url.scheme != "https":
        raise FetchError(f"refusing to fetch {str(request.url)[:100]!r}: not https")
    if hosts is not None and request.url.host not in hosts:
        raise FetchError(f"refusing to fetch {str(request.url)[:100]!r}: host not on the allow-list")


class Client(httpx.AsyncClient):
    """An httpx client that also names where its answers come from (see http.origin)."""

    def __init__(self, fingerprint: Callable[[], str], **kwargs) -> None:
        super().__init__(**kwargs)
        self._fingerprint = fingerprint

    @cached_property
    def origin(self) -> str:
        # Computed on first use, once per run: digesting a recording is wasted on a run that never asks.
        return self._fingerprint()


def client_origin(client: httpx.AsyncClient) -> str:
    """The part of a cache key that keeps one origin's answers from serving another."""
    return client.origin if isinstance(client, Client) else f"client:{type(client).__qualname__}"


def make_client(
    replay: Path | None = None,
    record: Path | None = None,
    policy: RetryPolicy | None = None,
    timeout: float = 30.0,
    transport: httpx.AsyncBaseTransport | None = None,
    cache: Path | None = None,
    endpoints: Iterable[tuple[str, str]] = (),
    arxiv_interval: float = 3.0,
) -> Client:
    """The only constructor of HTTP clients in paperdigest.

    `cache` (a SQLite file) adds an RFC 9111 HTTP cache in front of the polite layer: fresh answers cost no
    request, stale ones are revalidated with ETag/Last-Modified (a 304 is one cheap request). Replayed and
    recording runs never use it: a replay is its own cache, and a recording must see every response.
    `endpoints` sends each mapped origin's requests to its replacement base (see http.endpoints).
    """
    endpoints = tuple(endpoints)
    if transport is not None:
        source = transport
    else:
        source = ReplayTransport(replay) if replay is not None else httpx.AsyncHTTPTransport(retries=0)
    transport = EndpointTransport(source, endpoints) if endpoints and replay is None else source
    if record is not None:
        transport = RecordTransport(transport, record)
    if policy is None:
        policy = RetryPolicy(min_interval={} if replay is not None else arxiv_intervals(arxiv_interval))
    outer: httpx.AsyncBaseTransport = PoliteTransport(transport, policy)
    if cache is not None and replay is None and record is None:
        outer = _cache_transport(outer, cache, endpoints)
    memo = cache.with_name("replay-digests.json") if cache is not None else None
    return Client(
        lambda: origin_fingerprint(source, record, endpoints, memo),
        transport=outer,
        timeout=timeout,
        follow_redirects=True,
        headers={"user-agent": USER_AGENT},
        event_hooks={"request": [_check_host]},
    )


def _cache_transport(
    inner: httpx.AsyncBaseTransport, path: Path, endpoints: tuple[tuple[str, str], ...]
) -> httpx.AsyncBaseTransport:
    # Imported here: hishel pulls in sqlite and msgpack, which `--help` and replayed runs never need.
    from hishel import AsyncSqliteStorage
    from hishel.httpx import AsyncCacheTransport

    if endpoints:
        # The cache is keyed by the origin's URLs: a mirror's answers are kept apart from the origin's own.
        path = path.with_name(f"{path.stem}-{endpoints_digest(endpoints)}{path.suffix}")
    path.parent.mkdir(parents=True, exist_ok=True)
    return AsyncCacheTransport(inner, storage=AsyncSqliteStorage(database_path=path), rfc=True)


# A body cut off after the headers (reset, truncated, stalled) is fetched again: the transport's retries only
# cover failures before the response starts.
BODY_ATTEMPTS = 3


class _BodyCut(Exception):
    pass


async def fetch(
    client: httpx.AsyncClient, url: str, max_bytes: int = 50_000_000, only_hosts: frozenset[str] | None = None, **params
) -> tuple[int, bytes]:
    """GET (status, body) after retries, refusing bodies over max_bytes, mapping every failure to FetchError.

    Error statuses are returned, not raised: arXiv explains a bad query in a 400 body. With only_hosts, no
    request leaves for another host, not even by a redirect.
    """
    token = _ONLY_HOSTS.set(only_hosts)
    try:
        for attempt in range(1, BODY_ATTEMPTS + 1):
            try:
                return await _fetch_once(client, url, max_bytes, params)
            except _BodyCut as cut:
                if attempt == BODY_ATTEMPTS:
                    cause = cut.__cause__
                    raise FetchError(f"{_short(url)}: body cut off {attempt} times ({type(cause).__name__}: {cause})") from cause
        raise AssertionError("unreachable: the last attempt returns or raises")
    finally:
        _ONLY_HOSTS.reset(token)


async def _fetch_once(client: httpx.AsyncClient, url: str, max_bytes: int, params: dict) -> tuple[int, bytes]:
    try:
        async with client.stream("GET", url, params=params or None) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{_short(url)}: body of {int(declared):,} bytes exceeds the {max_bytes:,} limit")
            chunks, size = [], 0
            try:
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(f"{_short(url)}: body exceeds the {max_bytes:,} byte limit")
                    chunks.append(chunk)
            except httpx.TransportError as exc:
                raise _BodyCut from exc
            return response.status_code, b"".join(chunks)
    except NotRecorded as exc:
        raise UnavailableError(f"{_short(url)}: not in the replay recording") from exc
    except httpx.ConnectError as exc:
        raise FetchError(f"{_short(url)}: {exc}") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{_short(url)}: {type(exc).__name__}: {exc}") from exc


async def get_bytes(
    client: httpx.AsyncClient, url: str, max_bytes: int = 50_000_000, only_hosts: frozenset[str] | None = None, **params
) -> bytes:
    """GET a body that must be a success."""
    status, body = await fetch(client, url, max_bytes, only_hosts, **params)
    if status in GONE_STATUSES:
        raise UnavailableError(f"{_short(url)}: HTTP {status}")
    if status >= 400:
        raise FetchError(f"{_short(url)}: HTTP {status}")
    return body


def _short(url: str) -> str:
    parts = urlsplit(url)
    tail = f"?{parts.query}" if parts.query else ""
    return f"{parts.netloc}{parts.path}{tail}"[:160]
