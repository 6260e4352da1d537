"""What every command module shares: settings from flags, one error line and exit code.

Only typer is imported at start-up, so `--help` stays fast.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
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
    settings = load_settings(config=config, overrides=overrides)  # if they cannot load, language() reads the arguments
    keep_fitted_in(cache_root(settings) / "role-model")
    speak(settings.lang)
    return settings


# C0 and C1 controls: ESC and CSI start the terminal's own commands (clear the screen, set the window title), and a
# feed's title, a server's error page or a PDF's text can carry them. With them the bidirectional overrides and
# isolates, which make a line read in another order than it is written ("Trojan Source").
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


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
_lang: str | None = "en"
_arguments: tuple[str, ...] = ()


def log_json(on: bool) -> None:
    """--log-json: the command's own lines on stderr (its error, what delivery did) are JSON objects too."""
    global _json_lines
    _json_lines = on


def speak(lang: str | None, arguments: Sequence[str] = ()) -> None:
    """The language of the command's own lines on stderr: the settings' once they are read. Before (None), the one
    the settings would give, worked out from the arguments only when a line is written: --help stays fast, and a
    usage error or a bad config file is told in the user's language too."""
    global _lang, _arguments
    _lang, _arguments = lang, tuple(arguments)


def language() -> str:
    global _lang
    if _lang is None:
        from paperdigest.settings import configured_lang

        config = _option(_arguments, "--config")
        _lang = configured_lang(_option(_arguments, "--lang"), Path(config) if config else None, dict(os.environ))
    return _lang


def _option(arguments: Sequence[str], name: str) -> str | None:
    """The last value given to an option, as `--name VALUE` or `--name=VALUE`."""
    value = None
    for index, argument in enumerate(arguments):
        if argument == "--":
            break
        if argument == name and index + 1 < len(arguments):
            value = arguments[index + 1]
        elif argument.startswith(name + "="):
            value = argument.partition("=")[2]
    return value


def say(level: str, message: str, stage: str = "cli") -> None:
    """One line on stderr: 'paperdigest: error: ...' (in zh 'paperdigest: 错误: ...' with its fixed phrases in
    Chinese), or with --log-json the same as a JSON object, in English for the programs that read it."""
    if _json_lines:
        typer.echo(json.dumps({"stage": stage, "level": level, "message": message}, ensure_ascii=False), err=True)
        return
    word, lang = level, language()
    if lang != "en":
        from paperdigest.render.error_text import localised
        from paperdigest.render.labels import stage_word

        word, message = stage_word(level, lang), localised(message, lang)
    if level == "info":
        typer.echo(terminal_line(message), err=True)
    else:
        typer.echo(f"paperdigest: {word}: {terminal_line(message)}", err=True)


def fail(error: PaperdigestError) -> typer.Exit:
    say("error", str(error))
    return typer.Exit(error.exit_code)


def show_usage_error(error) -> None:
    """The argument parser's error (typer's `UsageError` or `ClickException`), as typer writes it but in the user's
    language: its usage line, where to find help, and what was wrong."""
    lang = language()
    if lang == "en" or type(error).__name__ == "NoArgsIsHelpError":  # the latter's message is the command's help
        error.show()
        return
    from paperdigest.render.error_text import FRAME, localised

    frame = FRAME[lang]
    context = getattr(error, "ctx", None)
    if context is not None:
        typer.echo(context.get_usage().replace("Usage:", frame["Usage:"], 1), err=True)
        if context.command.get_help_option(context) is not None:
            typer.echo(frame["help"].format(command=f"{context.command_path} {context.help_option_names[0]}"), err=True)
        typer.echo(err=True)
    typer.echo(f"{frame['Error:']} {terminal_line(localised(error.format_message(), lang))}", err=True)
