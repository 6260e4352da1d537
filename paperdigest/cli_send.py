"""The CLI's side of delivery: `paperdigest send`, `--send` after a report command, notices of failed runs.

Part of the command line (it prints); the sending itself is paperdigest.deliver.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from paperdigest.cli_args import Config
from paperdigest.cli_shared import fail, say, settings_from
from paperdigest.errors import EXIT_OK, EXIT_PARTIAL, PaperdigestError, UsageError


def send_report(report_dir: Path, channels: tuple[str, ...], settings, dry_run: bool = False) -> bool:
    """Send a written report; one line per channel on stderr (dry run: what would be sent, on stdout)."""
    import asyncio

    from paperdigest.deliver import deliver
    from paperdigest.render import load_report

    report = load_report(report_dir / "report.json")
    outcomes = asyncio.run(deliver(report, report_dir, channels, settings, dry_run=dry_run))
    for outcome in outcomes:
        if dry_run and outcome.ok:
            typer.echo(f"== {outcome.channel} (dry run: nothing sent)\n{outcome.detail}\n")
        elif outcome.ok:
            say("info", f"sent: {outcome.channel}: {outcome.detail}", stage="send")
        else:
            say("error", f"{outcome.channel}: {outcome.detail}", stage="send")
    return all(o.ok for o in outcomes)


def notify_failure(command: str, reason: str, settings) -> None:
    """notify_on_failure: a failed run says so where the reports usually arrive (best effort, one line each)."""
    if not settings.notify_on_failure:
        return
    import asyncio

    from paperdigest.deliver import notify_failure as notify

    for outcome in asyncio.run(notify(command, reason, settings)):
        if not outcome.ok:
            say("warning", f"failure notice via {outcome.channel}: {outcome.detail}", stage="send")


def send(
    report_dir: Annotated[Path, typer.Argument(metavar="REPORT_DIR", help="a folder written by week, day, range or digest", file_okay=False)],
    via: Annotated[list[str], typer.Option("--via", metavar="CHANNEL", help="email, slack, discord, feishu, telegram, webhook (repeatable)")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="print what would be sent (recipients, subject, sizes, card text); send nothing")] = False,
    config: Config = None,
) -> None:
    """Send a written report by email and to chat webhooks ([delivery] in the config; secrets from the environment)."""
    from paperdigest.deliver import channels

    try:
        settings = settings_from(config)
        names = channels(via)
        if not (report_dir / "report.json").is_file():
            raise UsageError(f"{report_dir} holds no report.json (write the report with week, day, range or digest first)")
        delivered = send_report(report_dir, names, settings, dry_run)
    except PaperdigestError as error:
        raise fail(error) from None
    raise typer.Exit(EXIT_OK if delivered else EXIT_PARTIAL)
