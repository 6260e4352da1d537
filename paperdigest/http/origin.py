"""Where a client's answers come from, as a fingerprint that cache keys include.

A cached download or listing is only as good as its origin: one recording's bodies must not serve a replay of
another recording or a live run, and a body file changed on disk makes a different origin. The digests of a
recording's body files are remembered by (size, mtime, ctime), so a rerun reads none of them again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

import httpx

from paperdigest.http.endpoints import endpoints_digest
from paperdigest.http.replay import ReplayTransport


def origin_fingerprint(
    source: httpx.AsyncBaseTransport, record: Path | None, endpoints: Iterable[tuple[str, str]], memo: Path | None
) -> str:
    """'replay' with the recording's digest, else 'live' (or an embedder's transport) with the endpoint mapping.

    `source` is the transport that answers, before any mapping or recording layer.
    """
    if isinstance(source, ReplayTransport):
        return "replay:" + replay_digest(source.manifest, source.bodies, memo)
    live = isinstance(source, httpx.AsyncHTTPTransport)
    kind = "live" if live else f"{type(source).__module__}.{type(source).__qualname__}"
    fingerprint = f"{kind}:{endpoints_digest(endpoints)}"
    # A recording must hold every response its run used: it reuses only what went into this same folder.
    return f"record:{record.resolve()}:{fingerprint}" if record is not None else fingerprint


def replay_digest(manifest: Path, bodies: Iterable[Path], memo: Path | None) -> str:
    """A digest of the manifest's text and of every body file it names."""
    known = _load(memo)
    fresh: dict[str, list] = {}
    digest = hashlib.sha256(manifest.read_bytes())
    for body in sorted(set(bodies)):
        digest.update(str(body).encode() + b"\0" + _file_digest(body, known, fresh).encode())
    if memo is not None and fresh:
        _save(memo, known | fresh)
    return digest.hexdigest()


def _file_digest(path: Path, known: dict[str, list], fresh: dict[str, list]) -> str:
    try:
        stat = path.stat()
    except OSError:
        return "unreadable"  # the replay fails this URL like a network error; nothing to key on
    seen = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]  # any write moves ctime, even one that resets mtime
    entry = known.get(str(path))
    if isinstance(entry, list) and entry[:3] == seen and len(entry) == 4:
        return entry[3]
    with path.open("rb") as handle:
        value = hashlib.file_digest(handle, "sha256").hexdigest()
    fresh[str(path)] = [*seen, value]
    return value


def _load(memo: Path | None) -> dict[str, list]:
    try:
        data = json.loads(memo.read_text(encoding="utf-8")) if memo else {}
    except (OSError, ValueError):
        return {}  # missing or damaged: digest again
    return data if isinstance(data, dict) else {}


def _save(memo: Path, data: dict[str, list]) -> None:
    tmp = memo.with_name(f".{memo.name}.{os.getpid()}.tmp")
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, memo)
    except OSError:
        with contextlib.suppress(OSError):  # an unwritable cache only costs digesting again next time
            tmp.unlink()
