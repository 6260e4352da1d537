import json
import re
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "paperdigest", *args], capture_output=True, text=True, cwd=cwd, env=full_env, timeout=300
    )


def test_help_imports_no_heavy_library():
    code = (
        "import sys, paperdigest.cli as c\n"
        "from typer.testing import CliRunner\n"
        "for args in ([], ['week', '--help'], ['day', '--help'], ['range', '--help'], ['trends', '--help'], ['site', '--help'], ['history', 'list', '--help']):\n"
        "    assert CliRunner().invoke(c.app, args + (['--help'] if not args else [])).exit_code == 0\n"
        "heavy = {'litellm', 'pymupdf', 'fitz', 'httpx', 'jinja2', 'pydantic', 'rich.progress', 'matplotlib', 'feedgen'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr


def test_help_lists_every_command_and_option():
    result = run_cli("--help")
    for command in ("week", "day", "range", "schema", "config", "history", "trends", "site"):
        assert command in result.stdout
    week = run_cli("week", "--help").stdout
    for option in ("--source", "--max-papers", "--engine", "--model", "--lang", "--format", "--out", "--replay", "--record", "--quiet", "--log-json"):
        assert option in week, option


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["week", "2025-13-01"], "Invalid value"),
        (["week", "2025-01-20", "--lang", "fr"], "lang"),
        (["week", "2025-01-20", "--format", "md", "--out", "-"], "--out - prints JSON only"),
        (["range", "2025-01-20", "2025-01-10"], "END is before START"),
        (["week", "2025-01-20", "--source", "nope", "--replay", "/dev/null"], "unknown source"),
        (["week", "2025-01-20", "--engine", "llm"], "no API key"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args, message, tmp_path):
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_schema_is_json_schema_of_report():
    schema = json.loads(run_cli("schema").stdout)
    assert schema["title"] == "Report"
    assert {"schema_version", "params", "papers", "days"} <= set(schema["properties"])


def test_config_init_writes_a_valid_commented_file(tmp_path):
    target = tmp_path / "config.toml"
    assert run_cli("config", "init", str(target)).returncode == 0
    assert "# paperdigest configuration" in target.read_text()
    assert run_cli("config", "init", str(target)).returncode == 2
    shown = json.loads(run_cli("config", "show", "--config", str(target)).stdout)
    assert shown["sources"] == ["hf"]


def test_readme_names_only_real_commands_and_options():
    readme = (ROOT / "README.md").read_text()
    help_text = run_cli("--help").stdout
    for command in sorted(set(re.findall(r"^paperdigest (\w+)", readme, re.M))):
        assert command in help_text, command
    week = run_cli("week", "--help").stdout
    section = readme.split("Options of the report commands", 1)[1].split("Exit codes", 1)[0]
    for option in sorted(set(re.findall(r"`(--[a-z-]+)", section))):
        assert option in week, option


def test_log_json_writes_json_lines_on_stderr_only(tmp_path):
    result = run_cli("digest", str(tmp_path / "absent.pdf"), "--log-json")
    assert result.returncode == 2  # a missing file is a usage error
    manifest = tmp_path / "replay.tsv"
    manifest.write_text("")
    result = run_cli("day", "2025-01-20", "--replay", str(manifest), "--log-json", "--out", str(tmp_path / "out"))
    assert result.stdout == ""
    events = [json.loads(line) for line in result.stderr.splitlines()]
    assert any(e["stage"] == "sources" and e["level"] == "warning" and "2025-01-20" in e["message"] for e in events)
    assert result.returncode == 1  # no papers at all: nothing to report


def test_log_json_makes_the_commands_own_error_lines_json_too(tmp_path):
    manifest = tmp_path / "replay.tsv"
    manifest.write_text("")
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = run_cli("day", "2025-01-20", "--replay", str(manifest), "--log-json", "--out", str(blocker / "out"))
    assert result.returncode == 1
    assert [json.loads(line) for line in result.stderr.splitlines()] == [
        {"stage": "cli", "level": "error", "message": f"cannot write the report into {blocker / 'out'}: Not a directory"}
    ]
    (tmp_path / "day.json").write_text('[{"paper": {"id": "2501.00001", "title": "T", "summary": "We propose X."}}]')
    manifest.write_text("https://huggingface.co/api/daily_papers?date=2025-01-20\t200\tday.json\n")
    result = run_cli("day", "2025-01-20", "--replay", str(manifest), "--log-json", "--out", str(tmp_path / "out"), "--send", "slack")
    assert result.returncode == 2 and not (tmp_path / "out").exists()  # a --send that cannot send is refused before the run
    assert [json.loads(line) for line in result.stderr.splitlines()] == [
        {"stage": "cli", "level": "error", "message": 'slack: no url_env configured ([delivery.slack] url_env = "ENV_VAR_NAME")'}
    ]


def test_log_json_ends_with_its_command(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from paperdigest.cli import app

    monkeypatch.setenv("PAPERDIGEST_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "replay.tsv").write_text("")
    (tmp_path / "a-file").write_text("")
    runner = CliRunner()
    first = runner.invoke(app, ["day", "2025-01-20", "--replay", str(tmp_path / "replay.tsv"), "--log-json", "--out", str(tmp_path / "a-file" / "x")])
    assert json.loads(first.stderr)["level"] == "error"
    second = runner.invoke(app, ["send", str(tmp_path), "--via", "slack"])
    assert second.stderr.startswith("paperdigest: error: ") and second.exit_code == 2


def test_a_day_with_no_papers_is_explained_and_not_a_failure(tmp_path):
    (tmp_path / "empty.json").write_text("[]")
    manifest = tmp_path / "replay.tsv"
    manifest.write_text("https://huggingface.co/api/daily_papers?date=2025-01-25\t200\tempty.json\n")
    result = run_cli("day", "2025-01-25", "--replay", str(manifest), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    report = (tmp_path / "out" / "report.md").read_text()
    assert "2025-01-25 hf: no papers: HF listed no papers that day" in report
