"""The shared corpus served over real HTTP on 127.0.0.1, as the origins served it, for live-path tests.

Each origin sits under a path prefix (`/hf/api/daily_papers?date=...` is `https://huggingface.co/api/...`), so
one server stands in for all of them through the `endpoints` setting. Responses carry ETag, Last-Modified and
`Cache-Control: no-cache` (always revalidate); a URL the recording lacks is a 404. On demand it answers a URL
with one 429 (Retry-After) first, or slowly. Every request is logged with its arrival time.
"""

from __future__ import annotations

import email.utils
import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from paperdigest.http.replay import read_manifest

PREFIXES = {
    "hf": "https://huggingface.co",
    "arxiv": "https://arxiv.org",
    "export": "https://export.arxiv.org",
    "rss": "https://rss.arxiv.org",
    "oai": "https://oaipmh.arxiv.org",
}
TYPES = {".pdf": "application/pdf", ".json": "application/json", ".xml": "application/xml", ".html": "text/html"}


@dataclass
class Hit:
    at: float  # time.monotonic() on arrival
    origin: str
    url: str  # the origin's own URL
    status: int
    conditional: bool


@dataclass
class CorpusServer:
    manifest: Path
    throttle_once: set[str] = field(default_factory=set)  # origin URLs answered 429 the first time
    slow: dict[str, float] = field(default_factory=dict)  # origin URL -> seconds before answering
    retry_after: str = "1"
    log: list[Hit] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._entries = {str(httpx.URL(url)): entry for url, entry in read_manifest(self.manifest).items()}
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def endpoints(self) -> str:
        """The PAPERDIGEST_ENDPOINTS value that sends every origin here."""
        return ",".join(f"{origin}={self.base}/{prefix}" for prefix, origin in PREFIXES.items())

    def __enter__(self) -> CorpusServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _answer(self, path: str, headers, arrived: float) -> tuple[int, dict[str, str], bytes, Hit]:
        prefix, _, rest = path.lstrip("/").partition("/")
        origin = PREFIXES.get(prefix, "?")
        url = str(httpx.URL(f"{origin}/{rest}"))
        entry = self._entries.get(url)
        with self._lock:
            throttled = url in self.throttle_once
            self.throttle_once.discard(url)
        if throttled:
            status, extra, body = 429, {"Retry-After": self.retry_after}, b"slow down"
        elif entry is None:
            status, extra, body = 404, {}, b"not found"
        else:
            status, body_path = entry
            body = body_path.read_bytes()
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            extra = {
                "ETag": etag,
                "Last-Modified": email.utils.formatdate(body_path.stat().st_mtime, usegmt=True),
                "Cache-Control": "no-cache",
                "Content-Type": TYPES.get(body_path.suffix, "application/octet-stream"),
            }
            if headers.get("If-None-Match") == etag:
                status, body = 304, b""
        time.sleep(self.slow.get(url, 0.0))
        hit = Hit(arrived, origin, url, status, "If-None-Match" in headers or "If-Modified-Since" in headers)
        return status, extra, body, hit

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                status, headers, body, hit = server._answer(self.path, self.headers, time.monotonic())
                with server._lock:
                    server.log.append(hit)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        return Handler
