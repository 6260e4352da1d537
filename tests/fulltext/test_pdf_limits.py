"""Per-paper limits of the PDF stage, through the pipeline: a PDF that hangs or kills its parser, or one far
over max_pdf_mb, fails that paper with a clear error; the others complete and the run does not hang."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from paperdigest import fulltext
from paperdigest.pipeline import RunRequest
from reliability_helpers import cli_env, killed_midway, parse_or_crash, run_pipeline, run_processes, settings

GOOD = "1111.2011v2.pdf"


def _sparse_pdf(path, size: int) -> None:
    """A PDF header followed by a hole: 200 MB on paper, no disk space used."""
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(size)


@pytest.mark.timeout(90)
def test_hanging_and_crashing_parsers_fail_their_paper_only(corpus, tmp_path, monkeypatch):
    stuck = tmp_path / "stuck.pdf"
    os.mkfifo(stuck)  # opening it blocks forever: MuPDF never returns
    crash = tmp_path / "crash.pdf"
    shutil.copyfile(corpus / "pdfs" / GOOD, crash)
    good = tmp_path / GOOD
    shutil.copyfile(corpus / "pdfs" / GOOD, good)
    monkeypatch.setattr(fulltext, "parse_file", parse_or_crash)

    report = run_pipeline(
        RunRequest(command="digest", local_files=[stuck, crash, good]), settings(tmp_path, parse_timeout=10)
    )

    errors = {e.paper.arxiv_id: e.errors for e in report.papers}
    assert errors["stuck"] == ["PDF failed: gave up after 10 s: nothing to analyse (no abstract)"]  # a local file has none
    assert "the parser process died" in errors["crash"][0]
    good_entry = next(e for e in report.papers if e.paper.arxiv_id == "1111.2011")
    assert good_entry.errors == [] and good_entry.fulltext_source == "pdf" and good_entry.parsed.page_count == 8
    assert report.stages["parse_pdf"].computed == 1 and report.stages["parse_pdf"].failed == 2
    # The stuck worker was killed, not left behind: no parser process outlives the run.
    assert multiprocessing.active_children() == []


def _digest_peak_rss(files: list[Path], out: Path, env: dict[str, str]) -> tuple[int, int, str]:
    """Exit code, peak RSS in MB of the CLI and its parser workers (RUSAGE_CHILDREN of a wrapper), and stderr."""
    probe = (
        "import resource, subprocess, sys\n"
        "code = subprocess.run(sys.argv[1:]).returncode\n"
        "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n"
    )
    command = [sys.executable, "-m", "paperdigest", "digest", *map(str, files), "-f", "json", "--out", str(out)]
    result = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, env=env, timeout=120)
    code, peak_mb = map(int, result.stdout.split())
    return code, peak_mb, result.stderr


def test_a_200_mb_local_pdf_is_refused_without_being_read(corpus, tmp_path):
    big = tmp_path / "big.pdf"
    _sparse_pdf(big, 200_000_000)
    good = tmp_path / GOOD
    shutil.copyfile(corpus / "pdfs" / GOOD, good)
    # The same digest without the big file is the baseline: the process's own size (Python, PyMuPDF, the role
    # model) is not the point, 200 MB more of it would be.
    _, baseline_mb, _ = _digest_peak_rss([good], tmp_path / "baseline", cli_env(tmp_path))
    code, peak_mb, stderr = _digest_peak_rss([big, good], tmp_path / "out", cli_env(tmp_path))
    assert code == 3, stderr
    assert "big.pdf: 200,000,000 bytes is over the 50,000,000-byte limit" in stderr
    assert peak_mb < baseline_mb + 100, f"peak RSS {peak_mb} MB against {baseline_mb} MB without it: the 200 MB file was read"
    document = (tmp_path / "out" / "report.json").read_text()
    assert '"fulltext_source": "pdf"' in document  # the good paper was read in full


class _Endless(httpx.AsyncByteStream):
    """A body that never ends on its own; counts what the client pulled."""

    def __init__(self) -> None:
        self.sent = 0

    async def __aiter__(self):
        chunk = b"%PDF-1.7\n" + b"0" * 65_527
        while True:
            self.sent += len(chunk)
            yield chunk


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_a_200_mb_download_is_refused_by_max_pdf_mb_without_being_read_whole(tmp_path, declared):
    body = _Endless()

    def handler(request: httpx.Request) -> httpx.Response:
        if "huggingface.co" in request.url.host:
            entry = {"paper": {"id": "2501.10120", "title": "Big", "summary": "A big paper. " * 5}}
            return httpx.Response(200, json=[entry])
        headers = {"content-length": str(200_000_000)} if declared else {}
        return httpx.Response(200, headers=headers, stream=body)

    request = RunRequest(
        command="day", start=dt.date(2025, 1, 20), end=dt.date(2025, 1, 20),
        transport=httpx.MockTransport(handler),
    )
    report = run_pipeline(request, settings(tmp_path, max_pdf_mb=5, fulltext=("pdf",)))
    (entry,) = report.papers
    assert entry.fulltext_source == "abstract" and "limit" in entry.errors[0]
    assert body.sent <= (0 if declared else 5_000_000 + 65_536)
    assert not any((tmp_path / "cache").rglob("*.pdf"))  # nothing of it was stored


def _workers(cache) -> list[int]:
    return [pid for pid in run_processes(cache) if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]


@pytest.mark.timeout(90)
def test_a_hung_worker_ends_itself_when_its_run_was_killed(tmp_path):
    """SIGKILL leaves nobody to enforce parse_timeout: the worker's own alarm ends it (timeout + 5 s grace)."""
    stuck = tmp_path / "stuck.pdf"
    os.mkfifo(stuck)
    env = cli_env(tmp_path, PAPERDIGEST_PARSE_TIMEOUT="3")
    cache = tmp_path / "cache"
    command = [sys.executable, "-m", "paperdigest", "digest", str(stuck), "--out", str(tmp_path / "out")]
    started: list[float] = []

    def worker_busy() -> bool:
        # Give the worker 2 s from its start to boot and block on the FIFO, then kill its parent.
        if not started and _workers(cache):
            started.append(time.monotonic())
        return bool(started) and time.monotonic() - started[0] > 2

    killed_midway(command, env, worker_busy)
    assert _workers(cache), "the worker left with its parent: it never took the task"
    deadline = time.monotonic() + 30
    while _workers(cache) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _workers(cache) == []
