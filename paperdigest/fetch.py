"""Download full texts (PDF, arXiv HTML) and figure images, only from allowed hosts, checked for what they are."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from paperdigest.errors import FetchError
from paperdigest.http import client_origin, get_bytes
from paperdigest.sniff import looks_like
from paperdigest.stage import BlobStep, cache_key

# URLs in data (HF media, links in abstracts) are never fetched: only full texts from arXiv's own hosts.
FULLTEXT_HOSTS = frozenset({"arxiv.org", "export.arxiv.org", "www.arxiv.org"})
# The image files of arXiv's HTML full texts worth fetching (no SVG: it can carry scripts).
FETCHED_IMAGES = ("png", "jpg", "gif")


def image_kind(url: str | None) -> str | None:
    """'png', 'jpg' or 'gif' for an image URL we would fetch, else None."""
    suffix = urlsplit(url or "").path.rsplit(".", 1)[-1].lower()
    kind = "jpg" if suffix == "jpeg" else suffix
    return kind if kind in FETCHED_IMAGES else None


def download(client: httpx.AsyncClient, url: str, kind: str, max_bytes: int) -> BlobStep:
    """The step that fetches `url` once: a rerun finds the blob by URL and origin and makes no request.

    The client's origin (http.client_origin: live, or which recording's bytes) keeps a replayed body from serving
    a live run.
    """

    async def fetch() -> bytes:
        data = await get_bytes(client, url, max_bytes=max_bytes, only_hosts=FULLTEXT_HOSTS)
        if not looks_like(kind, data):
            raise FetchError(f"{url}: the response is not a {kind.upper()} ({data[:40]!r}...)")
        return data

    return BlobStep("download", cache_key("download", url, client_origin(client)), f".{kind}", fetch)
