"""Helpers shared by the benchmark scripts: a clean environment and interleaved wall-clock timing."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("PAPERDIGEST_CORPUS", ROOT.parent / "shared" / "corpus")).resolve()
sys.path.insert(0, str(ROOT / "tests"))
from cli_env import cli_env  # noqa: E402  (one clean environment for the tests and the benchmarks)

REPLAY_WEEK = ["week", "2025-01-20", "--source", "hf", "--replay", str(CORPUS / "replay.tsv")]


def paperdigest(*args: str) -> list[str]:
    return [sys.executable, "-m", "paperdigest", *args]


def wall(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def interleaved(commands: dict[str, list[str]], repeats: int, env: dict[str, str] | None = None) -> dict[str, float]:
    """Median wall time of each command, run in turns so machine load affects all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, command in commands.items():
            times[name].append(wall(command, env))
    return {name: statistics.median(values) for name, values in times.items()}


def machine() -> str:
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
        platform.processor() or "unknown CPU",
    ) if Path("/proc/cpuinfo").exists() else platform.processor()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} CPUs, {model}, Python {platform.python_version()}, load {load:.1f}"
