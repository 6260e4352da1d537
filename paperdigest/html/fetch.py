"""Getting a paper's HTML full text from arXiv, through the client the pipeline built (live, record or replay)."""

from __future__ import annotations

import httpx

from paperdigest.html.parse import MAX_BYTES, parse_html
from paperdigest.http import get_bytes
from paperdigest.models import Paper, ParsedPaper


async def fetch_html(client: httpx.AsyncClient, paper: Paper, max_bytes: int = MAX_BYTES) -> ParsedPaper:
    """The paper's arXiv HTML, parsed. FetchError when arXiv has none (404), ParseError when it is unreadable."""
    url = paper.html_url
    body = await get_bytes(client, url, max_bytes=max_bytes)
    # Relative image paths are relative to the paper's folder: /html/<id>v<n>/x1.png
    parsed = parse_html(body, base_url=f"{url}/", max_bytes=max_bytes)
    return parsed.model_copy(update={"metadata": {**parsed.metadata, "url": url}})
