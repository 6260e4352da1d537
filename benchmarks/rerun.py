"""The replay week (31 papers, 2025-01-20): peak RSS of a first run (target < 1 GB) and the wall time of an
identical cached rerun (target < 2 s, nothing recomputed, zero LLM calls); beside it, the rerun that writes the
Markdown report, whose one-line summaries read the sentence-role model (kept in the cache folder since 2026-12-05,
so a rerun reads it back instead of fitting it for two to three seconds).

Peak RSS is RUSAGE_CHILDREN's ru_maxrss taken right after the first run: the largest of the CLI process and
its parser workers (the CLI waits for them, so they count).

    PYTHONPATH=$PWD python benchmarks/rerun.py [--quick]
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPLAY_WEEK, cli_env, interleaved, machine, paperdigest, wall  # noqa: E402

RSS_TARGET_MB = 1024
RERUN_TARGET_S = 2.0


def main() -> None:
    repeats = 3 if "--quick" in sys.argv else 10
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        env = cli_env(base)
        out = base / "out"
        first = wall(paperdigest(*REPLAY_WEEK, "-f", "json", "--out", str(out), "-q"), env)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        wall(paperdigest(*REPLAY_WEEK, "--out", str(base / "md"), "-q"), env)
        times = interleaved(
            {
                "python -c pass": [sys.executable, "-c", "pass"],
                "cached rerun": paperdigest(*REPLAY_WEEK, "-f", "json", "--out", str(out), "-q"),
                "cached rerun, Markdown": paperdigest(*REPLAY_WEEK, "--out", str(base / "md"), "-q"),
            },
            repeats,
            env,
        )
        report = json.loads((out / "report.json").read_text())
    recomputed = {stage: s["computed"] for stage, s in report["stages"].items() if s["computed"]}
    calls = sum(u["calls"] for u in report["usage"].values())
    print(f"machine: {machine()}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"first run: {first:.2f} s wall; peak RSS {peak_mb:.0f} MB (target < {RSS_TARGET_MB} MB): "
          f"{'ok' if peak_mb < RSS_TARGET_MB else 'OVER'}")
    rerun = times["cached rerun"]
    print(f"cached rerun: {rerun:.2f} s wall, median of {repeats} (python -c pass: {times['python -c pass'] * 1000:.0f} ms)"
          f" (target < {RERUN_TARGET_S} s): {'ok' if rerun < RERUN_TARGET_S else 'OVER'}")
    markdown = times["cached rerun, Markdown"]
    print(f"cached rerun, Markdown report: {markdown:.2f} s wall, median of {repeats} = {markdown / rerun:.1f}x the JSON rerun"
          " (no target: its one-line summaries load scikit-learn to read the kept role model)")
    print(f"cached rerun recomputed: {recomputed or 'nothing'}; LLM calls: {calls}; papers: {len(report['papers'])}")


if __name__ == "__main__":
    main()
