"""Commands over the LLM prompt templates: `prompts list|show|init`.

paperdigest.cli adds them to the app; like it, this module imports only typer at start-up.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated

import typer

from paperdigest.cli_args import Command, Config, PromptsDir
from paperdigest.cli_shared import fail as _fail
from paperdigest.cli_shared import say
from paperdigest.cli_shared import settings_from as _settings
from paperdigest.errors import PaperdigestError

prompts_app = typer.Typer(help="List, show or copy the LLM prompt templates.", no_args_is_help=True)
prompts_command = functools.partial(prompts_app.command, cls=Command)


def _prompts_dir(prompts: Path | None, config: Path | None) -> Path | None:
    return prompts or _settings(config).prompts_dir


@prompts_command("list")
def prompts_list(prompts: PromptsDir = None, config: Config = None) -> None:
    """Each stage's prompt, where it comes from, and the variables it may use."""
    from paperdigest.llm.prompts import list_prompts

    try:
        for name, origin, variables in list_prompts(_prompts_dir(prompts, config)):
            typer.echo(f"{name:<10} {origin}\n{'':<10} variables: {', '.join(variables)}")
    except PaperdigestError as error:
        raise _fail(error) from None


@prompts_command("show")
def prompts_show(
    name: Annotated[str, typer.Argument(metavar="NAME", help="classify, summarise, compare or overview")],
    prompts: PromptsDir = None, config: Config = None,
) -> None:
    """Print the template in effect for NAME."""
    from paperdigest.llm.prompts import show_prompt

    try:
        typer.echo(show_prompt(name, _prompts_dir(prompts, config)), nl=False)
    except PaperdigestError as error:
        raise _fail(error) from None


@prompts_command("init")
def prompts_init(folder: Annotated[Path, typer.Argument(metavar="FOLDER", help="where to copy the templates")]) -> None:
    """Copy the built-in prompts into FOLDER to edit (existing files are kept); then run with --prompts FOLDER."""
    from paperdigest.llm.prompts import init_prompts

    try:
        written = init_prompts(folder)
    except PaperdigestError as error:
        raise _fail(error) from None
    say("info", f"wrote {len(written)} prompt(s) to {folder}")
    for path in written:
        typer.echo(f"  {path.name}", err=True)
