"""Every odd input gets one clear line and the right exit code, before any request is made (issue 14.10-12)."""

from __future__ import annotations

import json
import os
import re

import pytest

from reliability_helpers import WEEK, cli, cli_env

COMMANDS = ["week", "day", "range", "digest", "fetch", "parse", "schema", "render", "config", "config init",
            "config show", "prompts", "prompts list", "prompts show", "prompts init"]


def _only_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


def test_help_names_arguments_plainly_and_summaries_are_whole(tmp_path):
    env = cli_env(tmp_path)
    top = cli("--help", env=env).stdout
    assert "Report on the 7 days starting at START (default folder:\n           reports/week-START)." in top
    assert "..." not in top.split("Commands:")[1].replace("[ARGS]...", "")
    for command in COMMANDS:
        text = cli(*command.split(), "--help", env=env).stdout
        assert text.startswith(f"Usage: paperdigest {command} "), command
        assert not re.search(r"[{}]|<[a-z%]", text), (command, text)
    assert "Usage: paperdigest week [OPTIONS] START\n" in cli("week", "--help", env=env).stdout
    assert "Usage: paperdigest parse [OPTIONS] FILE...\n" in cli("parse", "--help", env=env).stdout
    assert "--start YYYY-MM-DD" in cli("fetch", "--help", env=env).stdout
    version = cli("--version", env=env)
    assert version.returncode == 0 and re.fullmatch(r"paperdigest \d+\.\d+\.\d+\S*\n", version.stdout)


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["week", "9999-12-31", "--source", "hf"], {}, "9999-12-31: dates must be between 1991-01-01 and 2999-12-31"),
        (["fetch", "--start", "0001-01-01", "--source", "arxiv", "-c", "cs.CL"], {}, "0001-01-01: dates must be between"),
        (["range", "2024-01-01", "2025-02-04", "--source", "hf"], {}, "2024-01-01 to 2025-02-04 is 401 days; a run covers at most 366"),
        (["week", "2025-01-20", "--source", "arxiv"], {}, "needs categories or keywords: config keys categories/keywords or PAPERDIGEST_CATEGORIES"),
        (["fetch", "--start", "2025-01-20", "--source", "arxiv"], {}, "needs categories or keywords: --categories, config keys"),
        (["config", "show"], {"PAPERDIGEST_MAX_COST": "inf"}, "max_cost: Input should be a finite number"),
        (["week", "2025-01-20", "--source", "hf"], {"PAPERDIGEST_PARSE_TIMEOUT": "inf"}, "parse_timeout: Input should be a finite number"),
        (["parse", "absent.pdf"], {}, "File 'absent.pdf' does not exist"),
    ],
)
def test_bad_arguments_exit_2_with_one_line_and_no_request(tmp_path, args, env, message):
    result = cli(*args, env=cli_env(tmp_path, **env), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "cache" / "http.sqlite").exists()  # refused before the first request


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["prompts", "init", "{blocker}/prompts"], "paperdigest: error: cannot write prompts to {blocker}/prompts: Not a directory"),
        (["config", "init", "{blocker}/config.toml"], "paperdigest: error: cannot write {blocker}/config.toml: File exists"),
        ([*WEEK, "--record", "{blocker}/rec"], "paperdigest: error: cannot write the recording into {blocker}/rec: Not a directory"),
        ([*WEEK, "--out", "{blocker}/out"], "paperdigest: error: cannot write the report into {blocker}/out: Not a directory"),
        (["fetch", "--source", "hf", "--start", "2025-01-20", "--record", "{blocker}/rec"],
         "paperdigest: error: cannot write the recording into {blocker}/rec: Not a directory"),
    ],
)
def test_an_unwritable_path_is_one_line_before_any_work(tmp_path, args, message):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = cli(*[a.format(blocker=blocker) for a in args], env=cli_env(tmp_path), cwd=tmp_path)
    assert result.returncode == 1
    assert _only_line(result.stderr) == message.format(blocker=blocker)  # no warning: no source was asked


def test_fetch_says_which_days_failed_and_exits_3(corpus, tmp_path):
    result = cli("fetch", "--source", "hf", "--start", "2025-01-18", "--end", "2025-01-20", "--format", "json",
                 "--replay", str(corpus / "replay.tsv"), env=cli_env(tmp_path))
    assert result.returncode == 3, result.stderr
    assert json.loads(result.stdout)["papers"]
    warnings = result.stderr.strip().splitlines()
    assert [w.split(": ")[2] for w in warnings] == ["hf 2025-01-18", "hf 2025-01-19"]
    assert all("not in the replay recording" in w for w in warnings)


def test_a_reading_list_of_unreadable_files_fails(tmp_path):
    files = []
    for name in ("a.pdf", "b.html"):
        files.append(tmp_path / name)
        files[-1].write_bytes(b"%PDF-1.7\nnot really" if name.endswith(".pdf") else b"<html><body></body></html>")
    result = cli("digest", *map(str, files), "--out", str(tmp_path / "out"), "-q", env=cli_env(tmp_path))
    assert result.returncode == 1, result.stderr


def test_a_reading_list_with_a_file_that_is_no_paper_is_refused_before_any_work(tmp_path):
    page = tmp_path / "paper.html"
    page.write_bytes(b"<html><body><h1>A paper</h1></body></html>")
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes on the paper\n")
    result = cli("digest", str(page), str(notes), "--out", str(tmp_path / "out"), env=cli_env(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"paperdigest: error: {notes}: neither a PDF nor an HTML file; digest reads PDF or arXiv HTML files"]
    assert not (tmp_path / "out").exists()


@pytest.mark.timeout(10)
def test_the_reading_list_check_reads_no_pipe(tmp_path):
    """A pipe in a reading list is the parse worker's to read, under its timeout: the check would block on it."""
    from paperdigest.checks import check_papers

    pipe = tmp_path / "paper.pdf"
    os.mkfifo(pipe)
    check_papers([pipe])


def test_quiet_counts_a_long_run_of_warnings_instead_of_printing_them(corpus, tmp_path):
    result = cli("range", "2025-01-01", "2025-02-28", "--source", "hf", "--replay", str(corpus / "replay.tsv"), "-q",
                 "--out", str(tmp_path / "out"), env=cli_env(tmp_path))
    assert result.returncode == 3, result.stderr
    sources = [line for line in result.stderr.splitlines() if line.startswith("warning: sources:")]
    assert len(sources) == 6 and re.fullmatch(r"warning: sources: \d+ more warnings \(the report lists them\)", sources[-1])


def test_render_refuses_out_dash_instead_of_writing_a_folder_named_dash(tmp_path):
    """`render ... --out -` once wrote the report into a folder called '-' and exited 0."""
    import subprocess
    import sys

    from cli_env import cli_env

    from paperdigest.models import RunParams
    from paperdigest.render.sample import sample_report

    saved = tmp_path / "report.json"
    saved.write_text(sample_report(RunParams(command="week")).model_dump_json())
    result = subprocess.run(
        [sys.executable, "-m", "paperdigest", "render", str(saved), "-f", "json", "--out", "-"],
        capture_output=True, text=True, cwd=tmp_path, env=cli_env(tmp_path / "env"), timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and "--out DIR" in result.stderr
    assert not (tmp_path / "-").exists()
