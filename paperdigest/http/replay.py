"""Serve every request of a run from recorded responses, and record a live run for later replay.

Both are httpx transports, so a replayed run goes through exactly the code of a live one.
Manifest format (one response a line): URL <TAB> HTTP status <TAB> body file, relative to the manifest;
lines starting with '#' and blank lines are ignored. A URL that is not recorded raises NotRecorded, which the
layers above treat like any origin's "no such resource".
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import httpx

from paperdigest.errors import UsageError

_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".json": "application/json",
    ".xml": "application/xml",
    ".html": "text/html; charset=utf-8",
    ".atom": "application/atom+xml",
}


class NotRecorded(httpx.TransportError):
    """The recording holds no response for this URL. Not a network fault: asking again cannot help."""


class UnreadableRecording(httpx.TransportError):
    """A body file the manifest names cannot be read."""


def read_manifest(path: Path) -> dict[str, tuple[int, Path]]:
    """Parse a replay manifest; a body path may not leave the manifest's folder."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read replay manifest {path}: {exc}") from exc
    root = path.parent.resolve()
    entries: dict[str, tuple[int, Path]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        status = parts[1].strip() if len(parts) == 3 else ""
        if not (status.isascii() and status.isdigit()):
            raise UsageError(f"{path}:{number}: expected 'URL<TAB>status<TAB>file', got {line[:80]!r}")
        url, body = parts[0].strip(), parts[2].strip()
        status_code = int(status)
        if not 100 <= status_code <= 599:
            raise UsageError(f"{path}:{number}: HTTP status {status_code} is out of range")
        try:
            body_path = (root / body).resolve()
        except (OSError, RuntimeError, ValueError) as exc:  # a symlink loop (RuntimeError before 3.13), a NUL byte
            raise UsageError(f"{path}:{number}: bad body file name {body[:80]!r}: {exc}") from exc
        if not body_path.is_relative_to(root) or body_path == root:
            raise UsageError(f"{path}:{number}: body file {body[:80]!r} is outside the manifest's folder")
        if body_path.is_dir():
            raise UsageError(f"{path}:{number}: body file {body[:80]!r} is a folder")
        entries[url] = (status_code, body_path)
    return entries


def _canonical(url: httpx.URL | str) -> str:
    return str(httpx.URL(str(url)))


class ReplayTransport(httpx.AsyncBaseTransport):
    """Answers from a manifest; never touches the network."""

    def __init__(self, manifest: Path) -> None:
        self.manifest = manifest
        self._entries = {_canonical(url): entry for url, entry in read_manifest(manifest).items()}
        self.bodies = [path for _, path in self._entries.values()]
        self.served: list[str] = []
        self.missed: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = _canonical(request.url)
        entry = self._entries.get(url)
        if entry is None:
            self.missed.append(url)
            raise NotRecorded(f"not in the replay recording: {url}", request=request)
        status, body_path = entry
        try:
            body = body_path.read_bytes()
        except OSError as exc:
            raise UnreadableRecording(f"recorded body unreadable: {body_path}: {exc}", request=request) from exc
        self.served.append(url)
        content_type = _CONTENT_TYPES.get(body_path.suffix.lower(), "application/octet-stream")
        return httpx.Response(status, content=body, headers={"content-type": content_type}, request=request)


class RecordTransport(httpx.AsyncBaseTransport):
    """Passes requests to a live transport and writes each body plus a manifest line into a folder."""

    def __init__(self, inner: httpx.AsyncBaseTransport, folder: Path) -> None:
        self._inner = inner
        self._folder = folder
        self._lock = threading.Lock()
        folder.mkdir(parents=True, exist_ok=True)
        self._manifest = folder / "replay.tsv"
        if not self._manifest.exists():
            self._manifest.write_text("# Recorded by paperdigest --record: URL<TAB>status<TAB>body file\n")

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        body = await response.aread()
        url = _canonical(request.url)
        suffix = _suffix_for(response.headers.get("content-type", ""))
        name = hashlib.sha256(url.encode()).hexdigest()[:20] + suffix
        tmp = self._folder / f".{name}.{os.getpid()}.tmp"
        tmp.write_bytes(body)
        os.replace(tmp, self._folder / name)
        with self._lock, self._manifest.open("a", encoding="utf-8") as manifest:
            manifest.write(f"{url}\t{response.status_code}\t{name}\n")
        # The body is already decoded: drop the headers that describe the wire encoding.
        headers = [(k, v) for k, v in response.headers.items() if k not in ("content-encoding", "content-length")]
        return httpx.Response(response.status_code, headers=headers, content=body, request=request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def _suffix_for(content_type: str) -> str:
    for suffix, known in _CONTENT_TYPES.items():
        if known.split(";")[0] in content_type:
            return suffix
    return ".bin"
