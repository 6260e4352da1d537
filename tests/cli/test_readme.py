"""The README's option list of the report commands is the real one: every option it names exists, and every
option `week --help` shows is named there."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from cli_env import cli_env

README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_options() -> set[str]:
    text = README.read_text(encoding="utf-8")
    paragraph = text[text.index("Options of the report commands") :].split("\n\n", 1)[0]
    return set(re.findall(r"--[a-z][a-z-]*", paragraph)) - {"--help"}


def _help_options(command: str, base: Path) -> set[str]:
    shown = subprocess.run(
        [sys.executable, "-m", "paperdigest", command, "--help"], capture_output=True, text=True, env=cli_env(base), check=True
    ).stdout
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", shown)) - {"--help"}


def test_readme_names_every_option_of_the_report_commands(tmp_path: Path) -> None:
    documented = _readme_options()
    shown = _help_options("week", tmp_path)
    assert documented - shown == set(), "the README names options `week --help` does not have"
    assert shown - documented == set(), "`week --help` has options the README does not name"
