"""Send each origin's requests to a replacement base URL (a mirror, a proxy, a test server), keeping path and query.

The mapping sits below everything else in the client: the allow-list, the politeness intervals, the HTTP cache and
recordings all see the origin's own URLs, so a mapped run behaves, caches and records like a direct one. Plain
http is thus only ever spoken to a mapped base, never to an origin a URL in data names.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

import httpx


def endpoints_digest(endpoints: Iterable[tuple[str, str]]) -> str:
    """A short name for a mapping, so what was had through one mirror is cached apart from another's."""
    return hashlib.sha256(json.dumps(sorted(endpoints)).encode()).hexdigest()[:16]


def _origin(url: httpx.URL) -> str:
    port = f":{url.port}" if url.port is not None else ""
    return f"{url.scheme}://{url.host}{port}"


class EndpointTransport(httpx.AsyncBaseTransport):
    """Rewrites requests to mapped origins, and redirects from a mapped base back to its origin."""

    def __init__(self, inner: httpx.AsyncBaseTransport, endpoints: Iterable[tuple[str, str]]) -> None:
        self._inner = inner
        self._bases = {origin: httpx.URL(base) for origin, base in endpoints}

    def _mapped(self, url: httpx.URL) -> httpx.URL:
        base = self._bases.get(_origin(url))
        if base is None:
            return url
        return base.copy_with(raw_path=base.raw_path.rstrip(b"/") + url.raw_path)

    def _unmapped(self, url: httpx.URL) -> httpx.URL:
        for origin, base in self._bases.items():
            prefix = base.raw_path.rstrip(b"/")
            if _origin(url) == _origin(base) and (url.raw_path == prefix or url.raw_path.startswith(prefix + b"/")):
                return httpx.URL(origin).copy_with(raw_path=url.raw_path[len(prefix) :] or b"/")
        return url

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        logical = request.url
        mapped = self._mapped(logical)
        if mapped != logical:
            # A new request, so the Host header names the base (a mirror behind a CDN routes by it).
            headers = [(b"Host", mapped.netloc)] + [(k, v) for k, v in request.headers.raw if k.lower() != b"host"]
            request = httpx.Request(
                request.method, mapped, headers=headers, stream=request.stream, extensions=request.extensions
            )
        response = await self._inner.handle_async_request(request)
        location = response.headers.get("location")
        if location:
            # Resolved against the URL really asked, then named by its origin again for the layers above.
            response.headers["location"] = str(self._unmapped(mapped.join(location)))
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
