"""The live path against a real server: the shared corpus served on 127.0.0.1 through the `endpoints` setting.

The week the README replays is run live against it (a 429 with Retry-After and a slow answer on the way),
then again with only the HTTP cache kept, then recorded and replayed. A live 404 is the origin's way of saying
what a replay says with "not in the replay recording": that one phrase is the only difference allowed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_env import cli_env
from tests.http.corpus_server import CorpusServer

INTERVAL = 0.5  # seconds between requests to each arXiv host (arXiv's own 3 s would make this test slow)
THROTTLED = "https://huggingface.co/api/daily_papers?date=2025-01-21"
SLOW = "https://huggingface.co/api/daily_papers?date=2025-01-22"
WEEK = ["week", "2025-01-20", "--source", "hf", "-q"]


def _run(env: dict[str, str], out: Path, *extra: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "paperdigest", *WEEK, *extra, "--out", str(out)]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)


def _report(out: Path) -> str:
    return re.sub(r"^generated_at: .*\n", "", (out / "report.md").read_text(encoding="utf-8"), flags=re.M)


@pytest.fixture(scope="module")
def runs(corpus, tmp_path_factory):
    base = tmp_path_factory.mktemp("live")
    done = {"replay": _run(cli_env(base / "replay"), base / "out-replay", "--replay", str(corpus / "replay.tsv"))}
    with CorpusServer(corpus / "replay.tsv", throttle_once={THROTTLED}, slow={SLOW: 2.0}) as server:
        live = {"PAPERDIGEST_ENDPOINTS": server.endpoints(), "PAPERDIGEST_ARXIV_INTERVAL": str(INTERVAL)}
        env = cli_env(base / "live", **live)
        logs = {}
        for name in ("first", "second", "third"):
            if name == "third":
                # Every stage result goes, the HTTP cache stays: all that is left to ask is whether a body changed.
                for path in (base / "live" / "cache").iterdir():
                    if not path.name.startswith("http"):
                        shutil.rmtree(path) if path.is_dir() else path.unlink()
                kept = sorted(path.name for path in (base / "live" / "cache").iterdir())
            done[name] = _run(env, base / f"out-{name}")
            logs[name], server.log[:] = list(server.log), []
        # With the same cache: a recording must not lean on what the live runs stored, or it would miss it.
        done["record"] = _run(env, base / "out-record", "--record", str(base / "rec"))
    done["rereplay"] = _run(cli_env(base / "rereplay"), base / "out-rereplay", "--replay", str(base / "rec" / "replay.tsv"))
    return base, done, logs, kept


def test_every_run_is_partial_for_the_weekend_only(runs):
    _, done, _, _ = runs
    for name, result in done.items():
        assert result.returncode == 3, (name, result.stderr)
        assert "2025-01-25" in result.stderr and "Traceback" not in result.stderr, name


def test_the_live_report_is_the_replayed_one(runs):
    base, _, logs, _ = runs
    live, replay = _report(base / "out-first"), _report(base / "out-replay")
    assert "huggingface.co/api/daily_papers: HTTP 404 (a weekend" in live
    assert "HTML not available (arxiv.org/html/2501.08325: HTTP 404)" in live
    assert live.replace(": HTTP 404", ": not in the replay recording") == replay
    assert "**Read from**: full text (PDF)" in live
    assert {hit.url for hit in logs["first"] if hit.status == 200} >= {SLOW, THROTTLED, "https://arxiv.org/pdf/2501.10120"}


def test_a_429_is_waited_out_and_a_slow_answer_is_not_given_up(runs):
    _, _, logs, _ = runs
    throttled = [hit for hit in logs["first"] if hit.url == THROTTLED]
    assert [hit.status for hit in throttled] == [429, 200]
    assert throttled[1].at - throttled[0].at >= 1.0  # Retry-After: 1
    assert [hit.status for hit in logs["first"] if hit.url == SLOW] == [200]


def test_a_second_run_revalidates_instead_of_refetching(runs):
    """The week is partial (a weekend), so its listings are asked again: each answered 304, not a body."""
    base, _, logs, _ = runs
    fetched = {hit.url for hit in logs["first"] if hit.status == 200}
    assert len(fetched) == 6  # five HF days and the PaSa PDF
    days = {url for url in fetched if "huggingface" in url}
    assert {hit.url for hit in logs["second"] if hit.status == 304 and hit.conditional} == days
    assert not [hit for hit in logs["second"] if hit.status == 200 or "/pdf/2501.10120" in hit.url]  # the PDF is stored
    assert _report(base / "out-second") == _report(base / "out-first")


def test_with_only_the_http_cache_left_every_body_is_revalidated(runs):
    base, _, logs, kept = runs
    assert kept and all(name.startswith("http-") and name.endswith(".sqlite") for name in kept)
    fetched = {hit.url for hit in logs["first"] if hit.status == 200}
    assert {hit.url for hit in logs["third"] if hit.status == 304 and hit.conditional} == fetched
    assert not [hit for hit in logs["third"] if hit.status == 200]
    assert _report(base / "out-third") == _report(base / "out-first")


def test_arxiv_hosts_are_asked_at_most_once_per_interval(runs):
    _, _, logs, _ = runs
    for log in logs.values():
        arxiv = [hit for hit in log if hit.origin.endswith("arxiv.org")]
        assert len(arxiv) >= 9  # HTML of five papers, PDF of four (or five)
        for origin in {hit.origin for hit in arxiv}:
            times = [hit.at for hit in arxiv if hit.origin == origin]
            gaps = [later - earlier for earlier, later in zip(times, times[1:])]
            assert min(gaps) >= INTERVAL * 0.7, (origin, gaps)  # unspaced, they would come all at once; slack for a busy machine


def test_a_recorded_live_run_replays_to_the_same_report(runs):
    base, _, _, _ = runs
    manifest = (base / "rec" / "replay.tsv").read_text()
    urls = [line.split("\t")[0] for line in manifest.splitlines() if line and not line.startswith("#")]
    assert urls and all(url.startswith(("https://huggingface.co/", "https://arxiv.org/")) for url in urls)
    assert _report(base / "out-record") == _report(base / "out-first")
    assert _report(base / "out-rereplay") == _report(base / "out-first")
