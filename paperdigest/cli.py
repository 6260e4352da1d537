"""Command line: parse arguments, call the library, show progress on stderr, exit with a meaningful code.

Only typer and the standard library are imported at start-up, so `--help` stays fast; everything else is
imported inside the command that needs it.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from paperdigest.cli_args import (
    RUN_OPTIONS, Categories, Command, Config, Day, End, Feed, Format, Group, Ids, Lang, ListFormat, Record, Replay,
    Since, SourceOpt, Start, Template, Until, report_options,
)
from paperdigest import cli_send
from paperdigest.cli_history import history_app, site, trends
from paperdigest.cli_prompts import prompts_app
from paperdigest.cli_shared import fail as _fail
from paperdigest.cli_shared import settings_from as _settings
from paperdigest.cli_shared import log_json, say, silence, speak, terminal_line
from paperdigest.errors import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, PaperdigestError, UsageError


def _version(show: bool) -> None:
    if show:
        from importlib.metadata import version

        typer.echo(f"paperdigest {version('paperdigest')}")
        raise typer.Exit()


app = typer.Typer(
    help="Turn a date range of new research papers into reports people read.",
    no_args_is_help=True,
    cls=Group,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="print the version and exit")] = False,
) -> None:
    """Turn a date range of new research papers into reports people read."""
    log_json(False)  # until a report command's --log-json says otherwise (tests run many commands in one process)


config_app = typer.Typer(help="Show or create the configuration file.", no_args_is_help=True)
app.add_typer(config_app, name="config")
app.add_typer(prompts_app, name="prompts")
app.add_typer(history_app, name="history")
command, config_command = (functools.partial(a.command, cls=Command) for a in (app, config_app))


def _execute(request, settings, out: Path | None, default_out: str, quiet: bool, log_json: bool, history, send: tuple[str, ...] = ()) -> None:
    """Run the pipeline, write or print the document, keep it, send it; exit 0 (full), 3 (partial) or 1 (failed)."""
    from paperdigest.cli_send import notify_failure, send_report
    from paperdigest.checks import check_writable
    from paperdigest.console import Reporter
    from paperdigest.events import Event
    from paperdigest.history import relative_links
    from paperdigest.pipeline import run_sync
    from paperdigest.render import render_document, write_report

    to_stdout = str(out) == "-"
    if to_stdout and settings.format != "json":
        raise typer.BadParameter("--out - prints JSON only: add --format json", param_hint="--out")
    if to_stdout and send:
        raise typer.BadParameter("--send sends a written report folder, not --out -", param_hint="--send")
    out = out or Path("reports") / default_out
    if not to_stdout:
        check_writable(out, "the report")
    if request.record:
        check_writable(request.record, "the recording")
    with Reporter(quiet=quiet, log_json=log_json, lang=settings.lang) as reporter:
        if history is not None:
            request.history = history.entries()
        try:
            report = run_sync(request, settings, reporter.on_event)
        except KeyboardInterrupt:
            # Caught here, not in main(): click would turn it into a bare "Aborted!".
            say("error", "interrupted; rerun the same command to resume from the cache")
            raise typer.Exit(130) from None
        path = None
        if to_stdout:
            _print_document(render_document(report, "json", settings))
        else:
            path = write_report(relative_links(report, out), out, settings.format, settings)
            reporter.done(report, path)
        if history is not None:
            history.save(report, path)
            for warning in history.warnings:
                reporter.on_event(Event("history", warning, level="warning"))
    if (code := _exit_code(report)) == EXIT_FAILED:
        notify_failure(request.command, "; ".join(report.errors) or "nothing could be read", settings)
    raise typer.Exit(EXIT_PARTIAL if send and code != EXIT_FAILED and not send_report(out, send, settings) else code)


def _exit_code(report) -> int:
    """1 when nothing could be read: no paper at all, or a reading list none of whose files could be read."""
    read_nothing = not report.papers or (
        report.params.command == "digest" and not any(e.fulltext_source in ("html", "pdf") for e in report.papers)
    )
    if report.partial and read_nothing:
        return EXIT_FAILED
    return EXIT_PARTIAL if report.partial else EXIT_OK


def _print_document(text: str) -> None:
    """stdout may be a full disk or a closed pipe: one error line, and no second traceback at exit."""
    from paperdigest.errors import OutputError

    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        silence(sys.stdout)
        raise OutputError(f"cannot write the document to stdout: {exc.strerror or exc}") from None


def _report_command(command: str, default_out: str, options: dict, **request) -> None:
    from paperdigest.checks import check_request
    from paperdigest.deliver import channels, check_channels
    from paperdigest.history import open_history
    from paperdigest.pipeline import RunRequest

    run = {k: options.pop(k, None) for k in RUN_OPTIONS}
    log_json(bool(run["log_json"]))
    try:
        if run["replay"] and run["record"]:
            raise typer.BadParameter("use --replay or --record, not both")
        settings = _settings(run["config"], **options)
        check_request(request, settings)
        send = channels(run["send"] or ())
        check_channels(send, settings)
        request = RunRequest(command=command, replay=run["replay"], record=run["record"], reread=bool(run["reread"]), **request)
        history = None if run["no_history"] else open_history(settings)
        _execute(request, settings, run["out"], default_out, bool(run["quiet"]), bool(run["log_json"]), history, send)
    except PaperdigestError as error:
        raise _fail(error) from None


@command()
@report_options()
def week(start: Start, **options) -> None:
    """Report on the 7 days starting at START (default folder: reports/week-START)."""
    from paperdigest.checks import days_after

    first = start.date()
    _report_command("week", f"week-{first}", options, start=first, end=days_after(first, 6))


@command()
@report_options()
def day(date: Day, **options) -> None:
    """Report on one day (default folder: reports/day-DATE)."""
    when = date.date()
    _report_command("day", f"day-{when}", options, start=when, end=when)


@command(name="range")
@report_options()
def range_(start: Start, end: End, **options) -> None:
    """Report on START..END, both included (default folder: reports/range-START-END)."""
    first, last = start.date(), end.date()
    _report_command("range", f"range-{first}-{last}", options, start=first, end=last)


@command()
@report_options(without=("source", "max_papers", "replay", "record", "reread"))
def digest(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="local PDF or arXiv HTML files (a reading list)", exists=True, dir_okay=False)],
    **options,
) -> None:
    """Report on local papers with the same pipeline as `week` (default folder: reports/digest)."""
    _report_command("digest", "digest", options, local_files=files)


def _split(values: list[str] | str | None) -> tuple[str, ...]:
    items = [values] if isinstance(values, str) else values or []
    return tuple(part.strip() for item in items for part in item.replace("+", ",").split(",") if part.strip())


@command()
def fetch(
    source: SourceOpt = None, categories: Categories = None, feed: Feed = None, ids: Ids = None,
    start: Since = None, end: Until = None, format: ListFormat = "text",
    replay: Replay = None, record: Record = None, config: Config = None,
) -> None:
    """List the papers the sources announce, merged and filtered, without analysing them."""
    import json

    from paperdigest.checks import check_period, check_sources, check_writable
    from paperdigest.pipeline import Query, fetch_listing
    from paperdigest.select import category_match

    if format not in ("text", "json"):
        raise typer.BadParameter("text or json", param_hint="--format")
    try:
        settings = _settings(config, sources=source, categories=_split(categories) or None)
        first = start.date() if start else None
        last = end.date() if end else first
        sources = settings.sources if source or not ids else ()
        if first is not None:
            check_period(first, last)
            check_sources(sources, settings, flag="--categories")
        if record:
            check_writable(record, "the recording")

        query = Query(tuple(sources), first, last, ids=_split(ids), feed=_split(feed))
        result = fetch_listing(query, settings, replay=replay, record=record)
    except PaperdigestError as error:
        raise _fail(error) from None
    rows = []
    for paper in result.papers:
        kind, category = category_match(paper, settings.categories) or (None, None)
        rows.append({**paper.model_dump(mode="json"), "category_match": kind, "matched_category": category})
    if format == "json":
        days = [d.model_dump(mode="json") for d in result.days]
        try:
            _print_document(json.dumps({"papers": rows, "days": days, "errors": result.errors}, indent=2) + "\n")
        except PaperdigestError as error:
            raise _fail(error) from None
    else:
        for row, paper in zip(rows, result.papers):
            how = f" [{row['category_match']} {row['matched_category']}]" if row["category_match"] else ""
            fields = (paper.versioned_id, paper.announce_type or "-", f"{paper.primary_category or '-'}{how}", paper.title)
            typer.echo("\t".join(terminal_line(field) for field in fields))
    unavailable = [f"{d.source} {d.date}: {d.status}{': ' + d.note if d.note else ''}" for d in result.days if d.unavailable]
    problems = list(dict.fromkeys(result.errors + unavailable))
    for problem in result.notes + problems:
        say("warning", problem)
    if problems:
        raise typer.Exit(EXIT_PARTIAL if result.papers else EXIT_FAILED)


@command()
def parse(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="PDF or arXiv HTML files to parse", exists=True, dir_okay=False)],
    format: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="json")] = "json",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", metavar="DIR", help="write figure/table PNGs into this folder")] = None,
    dpi: Annotated[int, typer.Option(metavar="DPI", help="resolution of the PNGs, 36 to 600", min=36, max=600)] = 150,
    config: Config = None,
) -> None:
    """Parse local papers: metadata, sections, references, figures and tables with captions (JSON on stdout).

    Each file is parsed in a worker process under the config's parse_timeout and parse_memory_mb.
    """
    import json

    from paperdigest.checks import check_writable
    from paperdigest.parsecommand import parse_with_limits

    if format != "json":
        raise typer.BadParameter("only json is supported", param_hint="--format")
    try:
        settings = _settings(config)
        if out is not None:
            check_writable(out, "figures")
        results = parse_with_limits(files, out, dpi, settings)
        _print_document(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    except PaperdigestError as error:
        raise _fail(error) from None
    failed = [r["error"] for r in results if "error" in r]
    for message in failed:
        say("error", str(message))
    if failed:
        raise typer.Exit(EXIT_FAILED if len(failed) == len(results) else EXIT_PARTIAL)


@command()
def schema() -> None:
    """Print the JSON Schema of `--format json` output."""
    import json

    from paperdigest.models import Report

    typer.echo(json.dumps(Report.model_json_schema(mode="serialization"), indent=2))


command()(cli_send.send)


@config_command("init")
def config_init(
    path: Annotated[Optional[Path], typer.Argument(metavar="PATH", help="where to write (default: the user config path)")] = None,
    force: Annotated[bool, typer.Option("--force", help="overwrite an existing file")] = False,
) -> None:
    """Write a commented default config file."""
    from paperdigest.settings import DEFAULT_CONFIG, default_config_path

    target = path or default_config_path()
    if target.exists() and not force:
        say("error", f"{target} exists (use --force to overwrite)")
        raise typer.Exit(EXIT_USAGE)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(DEFAULT_CONFIG, encoding="utf-8")
    except OSError as exc:
        say("error", f"cannot write {target}: {exc.strerror or exc}")
        raise typer.Exit(EXIT_FAILED) from None
    typer.echo(str(target))


@config_command("show")
def config_show(config: Config = None) -> None:
    """Print the settings in effect (defaults < config file < PAPERDIGEST_* env)."""
    import json

    try:
        settings = _settings(config)
    except PaperdigestError as error:
        raise _fail(error) from None
    typer.echo(json.dumps(settings.model_dump(mode="json"), indent=2, allow_nan=False))


@command(name="render")
def render_(
    report_json: Annotated[Path, typer.Argument(metavar="REPORT_JSON", help="a report.json written with --format json", show_default=False)],
    template: Template = None, format: Format = None, lang: Lang = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", metavar="DIR", help="output folder (default: the JSON file's)")] = None,
    config: Config = None,
) -> None:
    """Render a saved JSON report again: another template, format or language (no fetching, no analysis)."""
    from paperdigest.render import rerender

    try:
        if str(out) == "-":  # a careless `--out -` once wrote a folder named '-'
            raise UsageError("render writes a report folder: give --out DIR (the JSON itself is REPORT_JSON)")
        settings = _settings(config, template=template, format=format)
        speak(lang or settings.lang)
        path, warnings = rerender(report_json, out or report_json.parent, settings, lang=lang)
    except PaperdigestError as error:
        raise _fail(error) from None
    for warning in warnings:
        say("warning", str(warning))
    say("info", f"wrote {path}")


command()(trends)
command()(site)


# What a full disk, a quota or a dead device does to stdout (`> /dev/full`).
_UNWRITABLE = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EIO)


def main() -> None:
    try:
        try:
            app(prog_name="paperdigest")  # also under `python -m paperdigest`
        finally:
            sys.stdout.flush()  # here, not at exit, where a failure is a second traceback
    except OSError as exc:
        if exc.errno not in (*_UNWRITABLE, errno.EPIPE):
            raise
        silence(sys.stdout)
        # Every command maps the files it writes itself: what reaches here is the output a command printed. A reader
        # that went away (`| head`) is told nothing, as click does.
        if exc.errno != errno.EPIPE:
            say("error", f"cannot write the output to stdout: {exc.strerror or exc}")
        raise SystemExit(EXIT_FAILED) from None
    except SystemExit as done:
        if "litellm" not in sys.modules or not isinstance(done.code, (int, type(None))):
            raise
        # Tearing down litellm's three thousand modules takes seconds, and every file of the run is written.
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError):  # a reader that went away (`| head`) had all it wanted
                stream.flush()
        os._exit(done.code or 0)
