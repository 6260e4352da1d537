"""Commands over the report history: `history list|show|rm`, `trends` and `site`.

paperdigest.cli adds them to the app; like it, this module imports only typer at start-up.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from paperdigest.cli_args import Config
from paperdigest.cli_shared import fail as _fail
from paperdigest.cli_shared import say
from paperdigest.cli_shared import settings_from as _settings
from paperdigest.errors import EXIT_FAILED, EXIT_PARTIAL, EXIT_USAGE, PaperdigestError

history_app = typer.Typer(help="List, show or remove the reports kept in the history.", no_args_is_help=True)

EntryId = Annotated[str, typer.Argument(metavar="ID", help="an id from `paperdigest history list`, e.g. week-2025-01-20")]


def _open(settings):
    from paperdigest.history import open_history

    return open_history(settings)


def _entries(history, **window):
    """The history's readable entries; each unreadable one is a warning on stderr, not a failure."""
    from paperdigest.trends import window as in_window

    entries = in_window(history.entries(), **window) if window else history.entries()
    for warning in history.warnings:
        say("warning", str(warning))
    return entries


@history_app.command("list")
def history_list(
    format: Annotated[str, typer.Option("--format", "-f", help="text | json")] = "text", config: Config = None
) -> None:
    """The reports in the history, oldest period first."""
    import json

    if format not in ("text", "json"):
        raise typer.BadParameter("text or json", param_hint="--format")
    try:
        history = _open(_settings(config))
        entries = _entries(history)
    except PaperdigestError as error:
        raise _fail(error) from None
    rows = [
        {
            "id": e.id, "command": e.report.params.command, "start": str(e.report.params.start or ""),
            "end": str(e.report.params.end or ""), "papers": len(e.report.papers), "selected": len(e.report.selected),
            "generated_at": str(e.report.generated_at or ""), "written_to": e.written_to,
        }
        for e in entries
    ]
    if format == "json":
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "period", "papers", "in depth", "made", "report", title=f"history: {history.folder}")
    for row, entry in zip(rows, entries):
        period = row["start"] if row["start"] == row["end"] else f"{row['start']} .. {row['end']}"
        made = f"{entry.report.generated_at:%Y-%m-%d %H:%M}" if entry.report.generated_at else ""
        table.add_row(row["id"], period, str(row["papers"]), str(row["selected"]), made, row["written_to"] or "(stdout)")
    # Piped into a file or grep, rows stay whole instead of wrapping at 80 columns.
    Console(highlight=False, width=None if sys.stdout.isatty() else 240).print(table, markup=False)


@history_app.command("show")
def history_show(
    id: EntryId,
    format: Annotated[str, typer.Option("--format", "-f", help="json | md")] = "json",
    config: Config = None,
) -> None:
    """Print a kept report: its JSON document, or rendered again as Markdown."""
    from paperdigest.render import render_document

    if format not in ("json", "md"):
        raise typer.BadParameter("json or md", param_hint="--format")
    try:
        settings = _settings(config)
        entry = _open(settings).get(id)
        sys.stdout.write(render_document(entry.report, format, settings))
    except PaperdigestError as error:
        raise _fail(error) from None


@history_app.command("rm")
def history_rm(id: EntryId, config: Config = None) -> None:
    """Forget a report: its papers count as unread again (the report file itself is left alone)."""
    try:
        _open(_settings(config)).remove(id)
    except PaperdigestError as error:
        raise _fail(error) from None
    say("info", f"removed {id}")


def trends(
    weeks: Annotated[Optional[int], typer.Option(min=1, help="only the periods of the last N weeks (up to the newest report)")] = None,
    since: Annotated[Optional[dt.datetime], typer.Option(formats=["%Y-%m-%d"], help="only periods ending on or after this day")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="md | json | html")] = "md",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="folder for trends.md (+ PNG charts) or trends.html; json goes to stdout")] = None,
    config: Config = None,
) -> None:
    """How themes, terms, authors and papers moved across the reports of the history."""
    import json

    from paperdigest import trends as trend_stats

    if format not in ("md", "json", "html"):
        raise typer.BadParameter("md, json or html", param_hint="--format")
    if weeks is not None and since is not None:
        say("error", "use --weeks or --since, not both")
        raise typer.Exit(EXIT_USAGE)
    try:
        settings = _settings(config)
        history = _open(settings)
        entries = _entries(history, weeks=weeks, since=since.date() if since else None)
        if not entries:
            say("error", f"no reports in the history ({history.folder}) for that window")
            raise typer.Exit(EXIT_FAILED)
        result = trend_stats.compute(entries)
        if format == "json":
            sys.stdout.write(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n")
            return
        from paperdigest.render.trends import write_trends

        path = write_trends(result, out or Path("reports") / "trends", format, settings)
    except PaperdigestError as error:
        raise _fail(error) from None
    say("info", f"wrote {path}")


def site(
    out: Annotated[Path, typer.Argument(help="folder to write the site into (index.html, one page per report, trends.html, feed.xml)")],
    base_url: Annotated[Optional[str], typer.Option("--base-url", help="where the site will be served: the feed's links become absolute")] = None,
    config: Config = None,
) -> None:
    """A static site of the history: index, every report as HTML, trends and an Atom feed (no JavaScript)."""
    from paperdigest.site import build_site

    try:
        settings = _settings(config)
        history = _open(settings)
        entries = _entries(history)
        if not entries:
            say("error", f"no reports in the history ({history.folder})")
            raise typer.Exit(EXIT_FAILED)
        built = build_site(entries, out, settings, base_url=base_url)
    except PaperdigestError as error:
        raise _fail(error) from None
    for warning in built.warnings:
        say("warning", str(warning))
    say("info", f"wrote {len(built.written)} files into {out}")
    if built.warnings:
        raise typer.Exit(EXIT_PARTIAL)
