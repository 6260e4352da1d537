"""SIGKILL in the middle of a stage, then the same command again: it resumes from the cache and the final
report equals an uninterrupted run's.

The PDF stage runs with a slowed parser (slow_parse_cli.py), the LLM stage against the local test server
(tests/llm_server.py, from the llm branch) answering after a delay. Another stage is one more test: start the
command under `killed_midway` with a `ready` condition on its cache folder, then compare.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reliability_helpers import ROOT, WEEK, cli, cli_env, comparable, killed_midway, run_processes

PDFS = ["1111.2011v2", "1503.02531v1", "2501.10120v1", "2203.12667v3", "2107.05407v1", "1912.10667v1"]
SLOW_CLI = Path(__file__).with_name("slow_parse_cli.py")


def cached_results(cache: Path, stage: str) -> int:
    return sum(1 for _ in (cache / stage).rglob("*.json")) if (cache / stage).exists() else 0


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

    killed_midway([sys.executable, str(SLOW_CLI), *args, "--out", str(tmp_path / "never")], killed_env,
                  lambda: cached_results(cache, "parse_pdf") >= 2)
    held = cached_results(cache, "parse_pdf")
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


def _llm_answers(cache: Path) -> int:
    """Cached model answers (llm-fit holds the fitted paper texts, which cost no call)."""
    return sum(1 for stage in cache.glob("llm-*") if stage.name != "llm-fit" for _ in stage.rglob("*.json"))


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_killed_in_the_llm_stage_redoes_no_finished_call(corpus, tmp_path, monkeypatch):
    pytest.importorskip("paperdigest.analyse.staged", reason="the LLM engine comes with the llm branch")
    monkeypatch.syspath_prepend(str(ROOT / "tests"))
    from llm_server import FakeLLM

    class SlowLLM(FakeLLM):
        def answer(self, body):
            answered = super().answer(body)  # logged on arrival: a call in flight at the kill counts as sent before it
            time.sleep(0.15)
            return answered

    args = [*WEEK, "--replay", str(corpus / "replay.tsv"), "--engine", "llm", "--model", "openai/test-model", "-f", "json", "-q"]
    llm_env = {"PD_TEST_KEY": "test", "PAPERDIGEST_API_KEY_ENV": "PD_TEST_KEY", "PAPERDIGEST_CONCURRENCY": "4"}
    cache = tmp_path / "killed" / "cache"
    with SlowLLM() as server, SlowLLM() as reference_server:
        reference = subprocess.Popen(
            [sys.executable, "-m", "paperdigest", *args, "--api-base", reference_server.url, "--out", str(tmp_path / "clean-out")],
            env=cli_env(tmp_path / "clean", **llm_env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        env = cli_env(tmp_path / "killed", **llm_env)
        killed_midway([sys.executable, "-m", "paperdigest", *args, "--api-base", server.url, "--out", str(tmp_path / "never")],
                      env, lambda: _llm_answers(cache) >= 6)
        held = _llm_answers(cache)
        sent_before = len(server.stages())

        resumed = cli(*args, "--api-base", server.url, "--out", str(tmp_path / "resumed"), env=env, timeout=200)
        _, clean_err = reference.communicate(timeout=200)
        assert resumed.returncode == reference.returncode == 3, resumed.stderr + clean_err
        every_call = len(reference_server.stages())
        assert held < every_call
        # The rerun asked only what had no cached answer: nothing finished before the kill was paid for twice.
        assert len(server.stages()) - sent_before == every_call - held
    resumed_dir, clean_dir = tmp_path / "resumed", tmp_path / "clean-out"
    assert comparable((resumed_dir / "report.json").read_text()) == comparable((clean_dir / "report.json").read_text())
