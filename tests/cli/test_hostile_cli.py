"""Hostile command-line input gets one error line and exit code 2, before any request or write."""

from __future__ import annotations

import json
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
        ("folder", "body file 'folder' is a folder"),
    ],
)
def test_a_replay_manifest_pointing_outside_its_folder_is_refused(tmp_path, body, message):
    rec = tmp_path / "rec"
    rec.mkdir()
    (tmp_path / "outside.json").write_text("[]")
    os.symlink(tmp_path / "outside.json", rec / "escape")
    os.symlink("loop", rec / "loop")
    (rec / "folder").mkdir()
    (rec / "replay.tsv").write_text(f"https://huggingface.co/api/daily_papers?date=2025-01-20\t200\t{body}\n")
    env = cli_env(tmp_path)  # its config, and the role model a first run would leave in its cache
    before = files_under(tmp_path)
    result = cli(*WEEK, "--replay", str(rec / "replay.tsv"), "--out", str(tmp_path / "out"), env=env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert files_under(tmp_path) == before  # no report, no cache


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "weekly/../../x", "a b"])
def test_template_names_cannot_walk_the_file_system(tmp_path, corpus, name):
    result = cli(*WEEK, "--replay", str(corpus / "replay.tsv"), "--template", name, "--out", str(tmp_path / "out"),
                 "-q", env=cli_env(tmp_path))
    assert result.returncode == 2, result.stderr
    assert f"paperdigest: error: invalid template name {name!r}" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "report.md").exists()


def test_a_lone_surrogate_in_a_feed_is_one_odd_character_not_a_failed_run(tmp_path):
    """'\\ud800' is valid JSON but cannot be written as UTF-8: the cache, report and stderr would all fail on it."""
    rec = tmp_path / "rec"
    rec.mkdir()
    entry = '{"paper": {"id": "2501.00001", "title": "Lone \\ud800 surrogate", "summary": "We propose \\udfff a thing.",'
    entry += ' "authors": [{"name": "A \\ud83d\\ude00 B"}]}, "title": "Lone \\ud800 surrogate"}'
    (rec / "day.json").write_text(f"[{entry}]")
    (rec / "replay.tsv").write_text("https://huggingface.co/api/daily_papers?date=2025-01-20\t200\tday.json\n")
    result = cli("day", "2025-01-20", "--source", "hf", "--replay", str(rec / "replay.tsv"), "--out", str(tmp_path / "out"), "-f", "json",
                 "--no-history", env=cli_env(tmp_path))  # fmt: skip
    assert result.returncode == 3, result.stderr  # partial: the recording holds no full text
    paper = json.loads((tmp_path / "out" / "report.json").read_text())["papers"][0]["paper"]
    assert (paper["title"], paper["abstract"], paper["authors"]) == ("Lone \ufffd surrogate", "We propose \ufffd a thing.", ["A \U0001f600 B"])


TERMINAL_COMMANDS = "\x1b]0;PWNED\x07 \x1b[2J\x1b[31mRED\x1b[0m\x9b2J\u202egnp.exe"


def test_a_feed_cannot_send_the_terminal_commands(tmp_path):
    """Escape sequences in a title would clear the screen or set the window title of whoever reads the output."""
    rec = tmp_path / "rec"
    rec.mkdir()
    entries = [{"paper": {"id": "2501.00001", "title": f"Clean title {TERMINAL_COMMANDS}\tcolumn\nline", "summary": "We propose a thing."}}]
    (rec / "day.json").write_text(json.dumps(entries))
    (rec / "replay.tsv").write_text("https://huggingface.co/api/daily_papers?date=2025-01-20\t200\tday.json\n")
    listing = cli("fetch", "--source", "hf", "--start", "2025-01-20", "--replay", str(rec / "replay.tsv"), env=cli_env(tmp_path))
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.split("\t") == ["2501.00001", "-", "-", "Clean title ]0;PWNED [2J [31mRED [0m 2J gnp.exe column line\n"]


def test_a_server_cannot_send_the_terminal_commands_through_a_warning(capsys):
    from paperdigest.console import Reporter
    from paperdigest.events import Event

    with Reporter() as reporter:
        reporter.on_event(Event("sources", f"rss: got an HTML page instead of XML ({TERMINAL_COMMANDS})", level="warning"))
    assert capsys.readouterr().err == "warning: sources: rss: got an HTML page instead of XML ( ]0;PWNED [2J [31mRED [0m 2J gnp.exe)\n"


def test_a_local_file_that_cannot_be_read_is_not_said_to_be_read_from_its_abstract(tmp_path):
    junk = tmp_path / "notes.pdf"
    junk.write_text("not a pdf")
    result = cli("digest", str(junk), "--out", str(tmp_path / "out"), "--no-history", env=cli_env(tmp_path))
    assert result.returncode == 1  # a reading list none of whose files could be read
    assert "notes.pdf: not a PDF file: nothing to analyse (no abstract)" in result.stderr
    assert "- **Read from**: nothing (no full text, no abstract)" in (tmp_path / "out" / "report.md").read_text()
