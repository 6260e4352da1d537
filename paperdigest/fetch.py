"""Download full texts (PDF, arXiv HTML) into the content-addressed store; only from allowed hosts."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from paperdigest.errors import FetchError
from paperdigest.http import get_bytes
from paperdigest.models import Record
from paperdigest.store import Store, cache_key

# URLs in data (HF media, links in abstracts) are never fetched: only full texts from arXiv's own hosts.
ALLOWED_HOSTS = frozenset({"arxiv.org", "export.arxiv.org", "www.arxiv.org"})


class Download(Record):
    url: str
    blob: str
    size: int


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


async def download(client: httpx.AsyncClient, url: str, kind: str, store: Store, max_bytes: int) -> Download:
    """Fetch once per URL: a rerun finds the blob in the store and makes no request."""
    check_allowed(url)
    key = cache_key("download", url)
    cached = store.get("download", key, Download)
    if cached and store.blob_path(cached.blob, f".{kind}").exists():
        return cached
    try:
        data = await get_bytes(client, url, max_bytes=max_bytes, only_hosts=ALLOWED_HOSTS)
        if not _looks_like(kind, data):
            raise FetchError(f"{url}: the response is not a {kind.upper()} ({data[:40]!r}...)")
    except FetchError:
        store.failed["download"] += 1
        raise
    path = store.put_blob(data, f".{kind}")
    record = Download(url=url, blob=path.stem, size=len(data))
    store.put("download", key, record)
    return record
