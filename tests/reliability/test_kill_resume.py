"""SIGKILL in the middle of a stage, then the same command again: it resumes from the cache and the final
report equals an uninterrupted run's.

The PDF stage is covered here. To cover the LLM stage the same way (once the llm branch is merged), run
`week --engine llm --api-base <tests/llm_server.py URL>` under `killed_midway` with `stage="llm"` (or whatever
folder the LLM cache writes under the cache root), then assert the server's request count: the rerun sends
exactly the calls that had no cached answer when the run was killed.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reliability_helpers import ROOT, cli, cli_env, comparable

PDFS = ["1111.2011v2", "1503.02531v1", "2501.10120v1", "2203.12667v3", "2107.05407v1", "1912.10667v1"]
SLOW_CLI = Path(__file__).with_name("slow_parse_cli.py")


def cached_results(cache: Path, stage: str) -> int:
    return sum(1 for _ in (cache / stage).rglob("*.json")) if (cache / stage).exists() else 0


def run_processes(cache: Path) -> list[int]:
    """Live processes (ours included: the parser workers) whose environment names this cache folder."""
    marker = f"PAPERDIGEST_CACHE_DIR={cache}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def killed_midway(command: list[str], env: dict[str, str], cache: Path, stage: str, at_least: int) -> int:
    """Start command, SIGKILL it as soon as the cache holds at_least results of stage; how many it held."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while cached_results(cache, stage) < at_least:
        assert process.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline, "no results in the cache after 120 s"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return cached_results(cache, stage)


def _images(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (folder / "figures").iterdir()}


def _wait_gone(cache: Path, seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while (alive := run_processes(cache)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive


@pytest.mark.timeout(180)
def test_killed_in_the_pdf_stage_resumes_to_the_same_report(corpus, tmp_path):
    files = [str(corpus / "pdfs" / f"{name}.pdf") for name in PDFS]
    args = ["digest", *files, "-f", "json", "-q"]
    killed_env = cli_env(tmp_path / "killed", SLOW_PARSE_SECONDS="1")
    cache = tmp_path / "killed" / "cache"
    # The uninterrupted reference runs meanwhile, on its own cache: the two share nothing.
    reference = subprocess.Popen(
        [sys.executable, "-m", "paperdigest", *args, "--out", str(tmp_path / "clean-out")], env=cli_env(tmp_path / "clean"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )

    held = killed_midway([sys.executable, str(SLOW_CLI), *args, "--out", str(tmp_path / "never")], killed_env, cache, "parse_pdf", 2)
    assert 2 <= held < len(PDFS)
    assert not (tmp_path / "never").exists()
    # The killed run's parser workers end on their own (EOF on their pipe): nothing is left running.
    assert _wait_gone(cache, 30) == []

    resumed = cli(*args, "--out", str(tmp_path / "resumed"), env=cli_env(tmp_path / "killed"))
    assert resumed.returncode == 0, resumed.stderr
    stages = json.loads((tmp_path / "resumed" / "report.json").read_text())["stages"]
    assert stages["parse_pdf"] == {"computed": len(PDFS) - held, "cached": held, "failed": 0}

    _, clean_err = reference.communicate(timeout=120)
    assert reference.returncode == 0, clean_err
    resumed_dir, clean_dir = tmp_path / "resumed", tmp_path / "clean-out"
    assert comparable((resumed_dir / "report.json").read_text()) == comparable((clean_dir / "report.json").read_text())
    assert _images(resumed_dir) == _images(clean_dir) != {}
