"""Download full texts (PDF, arXiv HTML) and figure images, only from allowed hosts, checked for what they are."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from paperdigest.errors import FetchError
from paperdigest.http import get_bytes
from paperdigest.stage import BlobStep, cache_key

# URLs in data (HF media, links in abstracts) are never fetched: only full texts from arXiv's own hosts.
ALLOWED_HOSTS = frozenset({"arxiv.org", "export.arxiv.org", "www.arxiv.org"})


def check_allowed(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.hostname not in ALLOWED_HOSTS:
        raise FetchError(f"refusing to fetch {url[:100]!r}: host not on the allow-list")


# Raster images only: an SVG can carry scripts, and the HTML report inlines images.
IMAGE_MAGIC = {"png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",), "gif": (b"GIF87a", b"GIF89a")}


def image_kind(url: str | None) -> str | None:
    """'png', 'jpg' or 'gif' for an image URL we would fetch, else None."""
    suffix = urlsplit(url or "").path.rsplit(".", 1)[-1].lower()
    kind = "jpg" if suffix == "jpeg" else suffix
    return kind if kind in IMAGE_MAGIC else None


def _looks_like(kind: str, data: bytes) -> bool:
    if kind in IMAGE_MAGIC:
        return data.startswith(IMAGE_MAGIC[kind])
    head = data[:1024].lstrip().lower()
    return head.startswith(b"%pdf-") if kind == "pdf" else (b"<html" in head or b"<!doctype html" in head)


def download(client: httpx.AsyncClient, url: str, kind: str, max_bytes: int, origin: str = "") -> BlobStep:
    """The step that fetches `url` once: a rerun finds the blob by URL and origin and makes no request."""
    check_allowed(url)

    async def fetch() -> bytes:
        data = await get_bytes(client, url, max_bytes=max_bytes, only_hosts=ALLOWED_HOSTS)
        if not _looks_like(kind, data):
            raise FetchError(f"{url}: the response is not a {kind.upper()} ({data[:40]!r}...)")
        return data

    return BlobStep("download", cache_key("download", url, origin), f".{kind}", fetch)
