"""What every command module shares: settings from flags, one error line and exit code.

Only typer is imported at start-up, so `--help` stays fast.
"""

from __future__ import annotations

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
    return settings


def fail(error: PaperdigestError) -> typer.Exit:
    typer.echo(f"paperdigest: error: {error}", err=True)
    return typer.Exit(error.exit_code)
