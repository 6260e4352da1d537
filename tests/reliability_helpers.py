"""Shared by the reliability tests: run the CLI or the pipeline on the corpus, compare reports, list files."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from cli_env import cli_env  # noqa: F401  (the reliability tests take it from here)
from paperdigest.models import Report
from paperdigest.pipeline import RunRequest, run
from paperdigest.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
WEEK = ["week", "2025-01-20", "--source", "hf"]


def cli(*args: str, env: dict[str, str], timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "paperdigest", *args], capture_output=True, text=True, env=env, timeout=timeout, **kwargs
    )


def comparable(document: str | dict) -> dict:
    """A JSON report without what legitimately differs between two runs of the same command: when, and what
    this run itself computed and paid for (a resumed run makes fewer calls)."""
    data = json.loads(document) if isinstance(document, str) else dict(document)
    for key in ("generated_at", "stages", "usage"):
        data.pop(key)
    return data


def settings(tmp_path: Path, **overrides) -> Settings:
    return Settings(**{"sources": ("hf",), "engine": "extractive", "cache_dir": tmp_path / "cache"} | overrides)


def run_pipeline(request: RunRequest, config: Settings) -> Report:
    return asyncio.run(run(request, config))


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")} if folder.exists() else set()


def tree_outside(folder: Path, allowed: list[Path]) -> list[Path]:
    """Files under folder that are not under one of allowed (a write that escaped)."""
    return sorted(p for p in files_under(folder) if not any(p == a or a in p.parents for a in allowed))


def parse_or_crash(path: Path, **limits):
    """Stands in for fulltext.parse_file in a worker: a file named crash*.pdf kills its process, as a segfault
    in MuPDF or the kernel's OOM killer would; any other file is parsed for real."""
    from paperdigest.parsefiles import parse_file

    if path.name.startswith("crash"):
        os.kill(os.getpid(), 9)
    return parse_file(path, **limits)


def allocate(megabytes: int) -> int:
    """Run in a parser worker: asks for more memory than the worker's cap allows."""
    return len(bytearray(megabytes * 2**20))


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


def killed_midway(command: list[str], env: dict[str, str], ready: Callable[[], bool]) -> None:
    """Start command and SIGKILL it as soon as ready() (a condition on its cache) holds."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not ready():
        assert process.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline, "nothing cached after 120 s"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
