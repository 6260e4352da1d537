"""Two runs at once on one cache folder: atomic writes (temp file + rename) keep every cache entry and image
whole, so both finish with the same report, and a third run finds everything cached."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from reliability_helpers import WEEK, cli, cli_env, comparable


@pytest.mark.timeout(180)
def test_two_runs_sharing_a_cache_agree_and_leave_it_whole(corpus, tmp_path):
    env = cli_env(tmp_path)
    base = [sys.executable, "-m", "paperdigest", *WEEK, "--replay", str(corpus / "replay.tsv"), "-f", "json", "-q"]
    # Different hash seeds, as two processes usually have: a report must not depend on set order (seeds 1 and 4
    # once ordered tied keywords differently).
    runs = [subprocess.Popen([*base, "--out", str(tmp_path / name)], env=env | {"PYTHONHASHSEED": seed},
                             stderr=subprocess.PIPE, text=True) for name, seed in (("a", "1"), ("b", "4"))]
    for run in runs:
        _, stderr = run.communicate(timeout=150)
        assert run.returncode == 3 and "Traceback" not in stderr, stderr
    a, b = ((tmp_path / name / "report.json").read_text() for name in ("a", "b"))
    assert comparable(a) == comparable(b)
    images = {name: {p.name: p.read_bytes() for p in (tmp_path / name / "figures").iterdir()} for name in ("a", "b")}
    assert images["a"] == images["b"] and len(images["a"]) == 5  # PaSa's 3 figures and 2 method equations

    assert not list((tmp_path / "cache").rglob("*.tmp")) and not list((tmp_path / "cache").rglob(".render-*"))
    for entry in (tmp_path / "cache").rglob("*.json"):
        json.loads(entry.read_bytes())  # every cache entry is whole
    assert cli(*WEEK, "--replay", str(corpus / "replay.tsv"), "-f", "json", "--out", str(tmp_path / "c"), "-q", env=env).returncode == 3
    third = (tmp_path / "c" / "report.json").read_text()
    assert comparable(third) == comparable(a)
    stages = json.loads(third)["stages"]
    assert all(s["computed"] == 0 for s in stages.values()), stages
