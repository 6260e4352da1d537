"""Download full texts (PDF, arXiv HTML) into the content-addressed store; only from allowed hosts."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from paperdigest.errors import FetchError
from paperdigest.http import client_origin, get_bytes
from paperdigest.models import Record
from paperdigest.sniff import looks_like
from paperdigest.store import Store, cache_key

# URLs in data (HF media, links in abstracts) are never fetched: only full texts from arXiv's own hosts.
FULLTEXT_HOSTS = frozenset({"arxiv.org", "export.arxiv.org", "www.arxiv.org"})
# The image files of arXiv's HTML full texts worth fetching (no SVG: it can carry scripts).
FETCHED_IMAGES = ("png", "jpg", "gif")


class Download(Record):
    url: str
    blob: str
    size: int


def image_kind(url: str | None) -> str | None:
    """'png', 'jpg' or 'gif' for an image URL we would fetch, else None."""
    suffix = urlsplit(url or "").path.rsplit(".", 1)[-1].lower()
    kind = "jpg" if suffix == "jpeg" else suffix
    return kind if kind in FETCHED_IMAGES else None


async def download(client: httpx.AsyncClient, url: str, kind: str, store: Store, max_bytes: int) -> Download:
    """Fetch once per URL and origin: a rerun finds the blob in the store and makes no request.

    The origin (live, or which recording) is part of the key, so a replayed body never serves a live run.
    """
    key = cache_key("download", url, client_origin(client))
    cached = store.get("download", key, Download)
    if cached and store.blob_path(cached.blob, f".{kind}").exists():
        return cached
    try:
        data = await get_bytes(client, url, max_bytes=max_bytes, only_hosts=FULLTEXT_HOSTS)
        if not looks_like(kind, data):
            raise FetchError(f"{url}: the response is not a {kind.upper()} ({data[:40]!r}...)")
    except FetchError:
        store.failed["download"] += 1
        raise
    path = store.put_blob(data, f".{kind}")
    record = Download(url=url, blob=path.stem, size=len(data))
    store.put("download", key, record)
    return record
