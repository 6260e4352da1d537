"""What every command module shares: settings from flags, one error line and exit code.

Only typer is imported at start-up, so `--help` stays fast.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import typer

from paperdigest.errors import PaperdigestError


def settings_from(config: Path | None, **overrides):
    """The settings of this command; the sentence-role model is then kept in (and read from) their cache folder."""
    from paperdigest.sentence_model import keep_fitted_in
    from paperdigest.settings import cache_root, load_settings

    if overrides.get("source"):
        overrides["sources"] = tuple(overrides["source"])
    overrides.pop("source", None)
    if "prompts" in overrides:
        overrides["prompts_dir"] = overrides.pop("prompts")
    settings = load_settings(config=config, overrides=overrides)
    keep_fitted_in(cache_root(settings) / "role-model")
    speak(settings.lang)
    return settings


# C0 and C1 controls: ESC and CSI start the terminal's own commands (clear the screen, set the window title), and a
# feed's title, a server's error page or a PDF's text can carry them.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def terminal_line(text: str) -> str:
    """Text from outside as one inert line for a terminal: controls, tabs and line breaks become spaces."""
    return " ".join(_CONTROL.sub(" ", text).split())


def silence(stream) -> None:
    """Point stdout or stderr at /dev/null once nobody can read it (a full disk, a reader that went away): the
    interpreter flushes it again at exit, and a failing flush there is a second traceback."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, stream.fileno())
    os.close(devnull)


_json_lines = False
_lang = "en"


def log_json(on: bool) -> None:
    """--log-json: the command's own lines on stderr (its error, what delivery did) are JSON objects too."""
    global _json_lines
    _json_lines = on


def speak(lang: str) -> None:
    """The language of the command's own lines on stderr: the settings' once they are read, English before."""
    global _lang
    _lang = lang


def say(level: str, message: str, stage: str = "cli") -> None:
    """One line on stderr: 'paperdigest: error: ...' (in zh 'paperdigest: 错误: ...' with its fixed phrases in
    Chinese), or with --log-json the same as a JSON object, in English for the programs that read it."""
    if _json_lines:
        typer.echo(json.dumps({"stage": stage, "level": level, "message": message}, ensure_ascii=False), err=True)
        return
    word = level
    if _lang != "en":
        from paperdigest.render.labels import COMMAND_LINES, stage_word, translate

        word, message = stage_word(level, _lang), translate(message, _lang, phrases=COMMAND_LINES)
    if level == "info":
        typer.echo(terminal_line(message), err=True)
    else:
        typer.echo(f"paperdigest: {word}: {terminal_line(message)}", err=True)


def fail(error: PaperdigestError) -> typer.Exit:
    say("error", str(error))
    return typer.Exit(error.exit_code)
