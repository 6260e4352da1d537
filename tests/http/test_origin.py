"""A hermetic cache: downloads and listings are keyed by where they came from (live, or which recording's bytes).

Before, downloads were keyed by URL alone and listings by the manifest's text, so a second recording (or a live
run) sharing the cache was served the first recording's bodies.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
from pathlib import Path

from paperdigest.fetch import download
from paperdigest.http import make_client
from paperdigest.http import origin as origin_module
from paperdigest.pipeline import RunRequest, run_sync
from paperdigest.settings import Settings
from paperdigest.store import Store
from tests.http.corpus_server import CorpusServer

PASA = "https://arxiv.org/pdf/2501.10120"


def _recording(folder: Path, bodies: dict[str, tuple[str, bytes]]) -> Path:
    """A manifest with one line per URL; rewriting a body keeps the manifest's text as it was."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for url, (name, body) in bodies.items():
        path = folder / name
        if not path.exists():
            path.write_bytes(body)
        elif path.read_bytes() != body:
            stat = path.stat()
            path.write_bytes(body)
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a coarse clock could hide it
        lines.append(f"{url}\t200\t{name}\n")
    (folder / "replay.tsv").write_text("".join(lines))
    return folder / "replay.tsv"


def _download(cache: Path, **client) -> bytes:
    async def go() -> bytes:
        async with make_client(cache=cache / "http.sqlite", **client) as c:
            path = await Store(cache).blob(download(c, PASA, "pdf", 10_000_000))
        return path.read_bytes()

    return asyncio.run(go())


def test_a_changed_body_file_is_a_different_entry(tmp_path):
    manifest = _recording(tmp_path / "rec", {PASA: ("pasa.pdf", b"%PDF-1.4 first")})
    assert _download(tmp_path / "cache", replay=manifest) == b"%PDF-1.4 first"
    _recording(tmp_path / "rec", {PASA: ("pasa.pdf", b"%PDF-1.4 other")})
    assert _download(tmp_path / "cache", replay=manifest) == b"%PDF-1.4 other"
    assert _download(tmp_path / "cache", replay=manifest) == b"%PDF-1.4 other"


def test_a_replayed_body_never_serves_a_live_run(tmp_path, corpus):
    manifest = _recording(tmp_path / "rec", {PASA: ("pasa.pdf", b"%PDF-1.4 replayed")})
    assert _download(tmp_path / "cache", replay=manifest) == b"%PDF-1.4 replayed"
    with CorpusServer(corpus / "replay.tsv") as server:
        live = _download(tmp_path / "cache", endpoints=[("https://arxiv.org", f"{server.base}/arxiv")], arxiv_interval=0)
    assert live == (corpus / "pdfs" / "2501.10120v1.pdf").read_bytes()
    assert [hit.url for hit in server.log] == [PASA]


def test_body_digests_are_remembered_so_a_rerun_reads_no_body(tmp_path, monkeypatch):
    manifest = _recording(tmp_path / "rec", {f"https://arxiv.org/pdf/{n}": (f"{n}.pdf", f"%PDF-1.4 {n}".encode()) for n in range(3)})
    memo = tmp_path / "cache" / "replay-digests.json"
    reads: list[str] = []
    real = origin_module.hashlib.file_digest

    def counting(handle, name):
        reads.append(handle.name)
        return real(handle, name)

    monkeypatch.setattr(origin_module.hashlib, "file_digest", counting)

    async def origin() -> str:
        async with make_client(replay=manifest, cache=memo.with_name("http.sqlite")) as client:
            return client.origin

    def fingerprint() -> str:
        return asyncio.run(origin())

    first = fingerprint()
    assert len(reads) == 3 and len(json.loads(memo.read_text())) == 3
    assert fingerprint() == first and len(reads) == 3
    bodies = {f"https://arxiv.org/pdf/{n}": (f"{n}.pdf", f"%PDF-1.4 {n}".encode()) for n in range(3)}
    _recording(tmp_path / "rec", bodies | {"https://arxiv.org/pdf/1": ("1.pdf", b"%PDF-1.4 changed")})
    assert fingerprint() != first and reads[3:] == [str(tmp_path / "rec" / "1.pdf")]


def test_a_second_recording_with_the_same_manifest_text_gets_its_own_listing(tmp_path):
    def listing(title: str) -> bytes:
        return json.dumps([{"paper": {"id": "2501.10120", "title": title, "summary": "We propose a thing."}}]).encode()

    url = "https://huggingface.co/api/daily_papers?date=2025-01-20"
    config = Settings(sources=("hf",), engine="extractive", fulltext=("pdf",), cache_dir=tmp_path / "cache")
    titles = []
    for folder, title in (("a", "First recording"), ("b", "Second recording")):
        manifest = _recording(tmp_path / folder, {url: ("day.json", listing(title))})
        request = RunRequest(command="day", start=dt.date(2025, 1, 20), end=dt.date(2025, 1, 20), replay=manifest)
        titles.append([entry.paper.title for entry in run_sync(request, config).papers])
    assert (tmp_path / "a" / "replay.tsv").read_text() == (tmp_path / "b" / "replay.tsv").read_text()
    assert titles == [["First recording"], ["Second recording"]]
