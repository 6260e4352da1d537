"""What every command module shares: settings from flags, one error line and exit code.

Only typer is imported at start-up, so `--help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import typer

from paperdigest.errors import PaperdigestError


def settings_from(config: Path | None, **overrides):
    from paperdigest.settings import load_settings

    if overrides.get("source"):
        overrides["sources"] = tuple(overrides["source"])
    overrides.pop("source", None)
    if "prompts" in overrides:
        overrides["prompts_dir"] = overrides.pop("prompts")
    return load_settings(config=config, overrides=overrides)


def fail(error: PaperdigestError) -> typer.Exit:
    typer.echo(f"paperdigest: error: {error}", err=True)
    return typer.Exit(error.exit_code)
