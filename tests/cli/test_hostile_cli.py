"""Hostile command-line input gets one error line and exit code 2, before any request or write."""

from __future__ import annotations

import os

import pytest

from reliability_helpers import WEEK, cli, cli_env, files_under


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("../outside.json", "is outside the manifest's folder"),
        ("/etc/hostname", "is outside the manifest's folder"),
        ("escape", "is outside the manifest's folder"),  # a symlink inside the folder, pointing out of it
        ("loop", "bad body file name 'loop'"),
    ],
)
def test_a_replay_manifest_pointing_outside_its_folder_is_refused(tmp_path, body, message):
    rec = tmp_path / "rec"
    rec.mkdir()
    (tmp_path / "outside.json").write_text("[]")
    os.symlink(tmp_path / "outside.json", rec / "escape")
    os.symlink("loop", rec / "loop")
    (rec / "replay.tsv").write_text(f"https://huggingface.co/api/daily_papers?date=2025-01-20\t200\t{body}\n")
    before = files_under(tmp_path)
    result = cli(*WEEK, "--replay", str(rec / "replay.tsv"), "--out", str(tmp_path / "out"), env=cli_env(tmp_path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert files_under(tmp_path) - before <= {tmp_path / "config.toml"}  # no report, no cache


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "weekly/../../x", "a b"])
def test_template_names_cannot_walk_the_file_system(tmp_path, corpus, name):
    result = cli(*WEEK, "--replay", str(corpus / "replay.tsv"), "--template", name, "--out", str(tmp_path / "out"),
                 "-q", env=cli_env(tmp_path))
    assert result.returncode == 2, result.stderr
    assert f"paperdigest: error: invalid template name {name!r}" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "report.md").exists()
