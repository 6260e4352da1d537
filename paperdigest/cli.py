"""Command line: parse arguments, call the library, show progress on stderr, exit with a meaningful code.

Only typer and the standard library are imported at start-up, so `--help` stays fast; everything else is
imported inside the command that needs it.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from paperdigest.errors import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, PaperdigestError

app = typer.Typer(
    help="Turn a date range of new research papers into reports people read.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
)
config_app = typer.Typer(help="Show or create the configuration file.", no_args_is_help=True)
app.add_typer(config_app, name="config")

Date = Annotated[dt.datetime, typer.Argument(formats=["%Y-%m-%d"], help="YYYY-MM-DD", show_default=False)]
SourceOpt = Annotated[Optional[list[str]], typer.Option("--source", "-s", help="hf, arxiv, rss, oai (repeatable) [config: sources]")]
MaxPapers = Annotated[Optional[int], typer.Option("--max-papers", "-n", help="papers read in depth; the rest are listed")]
Engine = Annotated[Optional[str], typer.Option(help="auto | llm | extractive (auto: llm only when a key or api_base is set)")]
Model = Annotated[Optional[str], typer.Option(help="any litellm model string, e.g. openai/gpt-4o-mini, ollama/llama3.1")]
ApiBase = Annotated[Optional[str], typer.Option("--api-base", help="OpenAI-compatible base URL (local servers)")]
Lang = Annotated[Optional[str], typer.Option(help="en | zh")]
Format = Annotated[Optional[str], typer.Option("--format", "-f", help="md | json | html")]
Template = Annotated[Optional[str], typer.Option(help="weekly | daily | digest | list, or a path to a .j2 file")]
Out = Annotated[Optional[Path], typer.Option("--out", "-o", help="output folder; '-' prints the document on stdout")]
Replay = Annotated[Optional[Path], typer.Option(help="serve every HTTP request from this recording manifest (no network)")]
Record = Annotated[Optional[Path], typer.Option(help="record every HTTP response into this folder, for --replay later")]
Config = Annotated[Optional[Path], typer.Option("--config", help="TOML config file [env: PAPERDIGEST_CONFIG]")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="no progress, warnings only")]
LogJson = Annotated[bool, typer.Option("--log-json", help="log events as JSON lines on stderr")]


def _settings(config: Path | None, **overrides):
    from paperdigest.settings import load_settings

    if overrides.get("sources"):
        overrides["sources"] = tuple(overrides["sources"])
    return load_settings(config=config, overrides=overrides)


def _fail(error: PaperdigestError) -> typer.Exit:
    typer.echo(f"paperdigest: error: {error}", err=True)
    return typer.Exit(error.exit_code)


def _execute(request, settings, out: Path | None, default_out: str, quiet: bool, log_json: bool) -> None:
    """Run the pipeline, write or print the document, exit 0 (full), 3 (partial) or 1 (failed)."""
    from paperdigest.console import Reporter
    from paperdigest.pipeline import run_sync
    from paperdigest.render import render_document, write_report

    to_stdout = str(out) == "-"
    if to_stdout and settings.format != "json":
        raise typer.BadParameter("--out - prints JSON only: add --format json", param_hint="--out")
    with Reporter(quiet=quiet, log_json=log_json) as reporter:
        report = run_sync(request, settings, reporter.on_event)
        if to_stdout:
            sys.stdout.write(render_document(report, "json", settings))
        else:
            path = write_report(report, out or Path("reports") / default_out, settings.format, settings)
            reporter.done(report, path)
    if not report.papers or not report.selected and report.errors:
        raise typer.Exit(EXIT_FAILED)
    raise typer.Exit(EXIT_PARTIAL if report.partial else EXIT_OK)


def _report_command(command: str, start: dt.date, end: dt.date, default_out: str, options: dict) -> None:
    from paperdigest.pipeline import RunRequest

    config, out, quiet, log_json = (options.pop(k) for k in ("config", "out", "quiet", "log_json"))
    replay, record = options.pop("replay"), options.pop("record")
    try:
        if replay and record:
            raise typer.BadParameter("use --replay or --record, not both")
        settings = _settings(config, **options)
        request = RunRequest(command=command, start=start, end=end, replay=replay, record=record)
        _execute(request, settings, out, default_out, quiet, log_json)
    except PaperdigestError as error:
        raise _fail(error) from None


@app.command()
def week(
    start: Date,
    source: SourceOpt = None, max_papers: MaxPapers = None, engine: Engine = None, model: Model = None,
    api_base: ApiBase = None, lang: Lang = None, format: Format = None, template: Template = None, out: Out = None,
    replay: Replay = None, record: Record = None, config: Config = None, quiet: Quiet = False, log_json: LogJson = False,
) -> None:
    """Report on the 7 days starting at START (default folder: reports/week-START)."""
    day = start.date()
    options = dict(locals(), sources=source)
    for key in ("start", "day", "source"):
        options.pop(key)
    _report_command("week", day, day + dt.timedelta(days=6), f"week-{day}", options)


@app.command()
def day(
    date: Date,
    source: SourceOpt = None, max_papers: MaxPapers = None, engine: Engine = None, model: Model = None,
    api_base: ApiBase = None, lang: Lang = None, format: Format = None, template: Template = None, out: Out = None,
    replay: Replay = None, record: Record = None, config: Config = None, quiet: Quiet = False, log_json: LogJson = False,
) -> None:
    """Report on one day (default folder: reports/day-DATE)."""
    when = date.date()
    options = dict(locals(), sources=source)
    for key in ("date", "when", "source"):
        options.pop(key)
    _report_command("day", when, when, f"day-{when}", options)


@app.command(name="range")
def range_(
    start: Date,
    end: Date,
    source: SourceOpt = None, max_papers: MaxPapers = None, engine: Engine = None, model: Model = None,
    api_base: ApiBase = None, lang: Lang = None, format: Format = None, template: Template = None, out: Out = None,
    replay: Replay = None, record: Record = None, config: Config = None, quiet: Quiet = False, log_json: LogJson = False,
) -> None:
    """Report on START..END, both included (default folder: reports/range-START-END)."""
    first, last = start.date(), end.date()
    if last < first:
        typer.echo("paperdigest: error: END is before START", err=True)
        raise typer.Exit(EXIT_USAGE)
    options = dict(locals(), sources=source)
    for key in ("start", "end", "first", "last", "source"):
        options.pop(key)
    _report_command("range", first, last, f"range-{first}-{last}", options)


@app.command()
def digest(
    files: Annotated[list[Path], typer.Argument(help="local PDF or arXiv HTML files (a reading list)", exists=True, dir_okay=False)],
    engine: Engine = None, model: Model = None, api_base: ApiBase = None, lang: Lang = None, format: Format = None,
    template: Template = None, out: Out = None, config: Config = None, quiet: Quiet = False, log_json: LogJson = False,
) -> None:
    """Report on local papers with the same pipeline as `week` (default folder: reports/digest)."""
    from paperdigest.pipeline import RunRequest

    options = dict(locals())
    for key in ("files", "config", "out", "quiet", "log_json", "RunRequest"):
        options.pop(key)
    try:
        settings = _settings(config, **options)
        _execute(RunRequest(command="digest", local_files=files), settings, out, "digest", quiet, log_json)
    except PaperdigestError as error:
        raise _fail(error) from None


Categories = Annotated[Optional[list[str]], typer.Option("--categories", "-c", help="keep papers listed in these categories/archives, primary or cross-list (comma- or '+'-separated, repeatable) [config: categories]")]
Feed = Annotated[Optional[str], typer.Option(help="rss: request only these archives/categories instead of the all-archives feed")]
Ids = Annotated[Optional[str], typer.Option(help="arXiv ids to look up, comma-separated: 2501.10120, 2104.12255v1, astro-ph/0601001")]
Since = Annotated[Optional[dt.datetime], typer.Option("--start", formats=["%Y-%m-%d"], help="first day, YYYY-MM-DD (rss: the feed's day)")]
Until = Annotated[Optional[dt.datetime], typer.Option("--end", formats=["%Y-%m-%d"], help="last day, YYYY-MM-DD (default: --start)")]
ListFormat = Annotated[str, typer.Option("--format", "-f", help="text | json")]


def _split(values: list[str] | str | None) -> tuple[str, ...]:
    items = [values] if isinstance(values, str) else values or []
    return tuple(part.strip() for item in items for part in item.replace("+", ",").split(",") if part.strip())


@app.command()
def fetch(
    source: SourceOpt = None, categories: Categories = None, feed: Feed = None, ids: Ids = None,
    start: Since = None, end: Until = None, format: ListFormat = "text",
    replay: Replay = None, record: Record = None, config: Config = None,
) -> None:
    """List the papers the sources announce, merged and filtered, without analysing them."""
    import asyncio
    import json

    from paperdigest.http import make_client
    from paperdigest.pipeline import http_cache_path
    from paperdigest.select import category_match
    from paperdigest.sources import fetch_papers

    if format not in ("text", "json"):
        raise typer.BadParameter("text or json", param_hint="--format")
    try:
        settings = _settings(config, sources=source, categories=_split(categories) or None)
        first = start.date() if start else None
        last = end.date() if end else first

        async def run():
            async with make_client(replay=replay, record=record, cache=http_cache_path(settings)) as client:
                sources = settings.sources if source or not ids else ()
                return await fetch_papers(client, sources, first, last, settings, ids=_split(ids), feed=_split(feed))

        result = asyncio.run(run())
    except PaperdigestError as error:
        raise _fail(error) from None
    rows = []
    for paper in result.papers:
        kind, category = category_match(paper, settings.categories) or (None, None)
        rows.append({**paper.model_dump(mode="json"), "category_match": kind, "matched_category": category})
    if format == "json":
        days = [d.model_dump(mode="json") for d in result.days]
        sys.stdout.write(json.dumps({"papers": rows, "days": days, "errors": result.errors}, indent=2) + "\n")
    else:
        for row, paper in zip(rows, result.papers):
            how = f" [{row['category_match']} {row['matched_category']}]" if row["category_match"] else ""
            typer.echo(f"{paper.versioned_id}\t{paper.announce_type or '-'}\t{paper.primary_category or '-'}{how}\t{paper.title}")
    for problem in result.errors:
        typer.echo(f"paperdigest: warning: {problem}", err=True)
    if result.errors:
        raise typer.Exit(EXIT_PARTIAL if result.papers else EXIT_FAILED)


@app.command()
def schema() -> None:
    """Print the JSON Schema of `--format json` output."""
    import json

    from paperdigest.models import Report

    typer.echo(json.dumps(Report.model_json_schema(mode="serialization"), indent=2))


@config_app.command("init")
def config_init(
    path: Annotated[Optional[Path], typer.Argument(help="where to write (default: the user config path)")] = None,
    force: Annotated[bool, typer.Option("--force", help="overwrite an existing file")] = False,
) -> None:
    """Write a commented default config file."""
    from paperdigest.settings import DEFAULT_CONFIG, default_config_path

    target = path or default_config_path()
    if target.exists() and not force:
        typer.echo(f"paperdigest: error: {target} exists (use --force to overwrite)", err=True)
        raise typer.Exit(EXIT_USAGE)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(DEFAULT_CONFIG, encoding="utf-8")
    typer.echo(str(target))


@config_app.command("show")
def config_show(config: Config = None) -> None:
    """Print the settings in effect (defaults < config file < PAPERDIGEST_* env)."""
    import json

    try:
        settings = _settings(config)
    except PaperdigestError as error:
        raise _fail(error) from None
    typer.echo(json.dumps(settings.model_dump(mode="json"), indent=2))


@app.command(name="render")
def render_(
    report_json: Annotated[Path, typer.Argument(help="a report.json written with --format json", show_default=False)],
    template: Template = None, format: Format = None, lang: Lang = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="output folder (default: the JSON file's)")] = None,
    config: Config = None,
) -> None:
    """Render a saved JSON report again: another template, format or language (no fetching, no analysis)."""
    from paperdigest.render import rerender

    try:
        settings = _settings(config, template=template, format=format)
        path = rerender(report_json, out or report_json.parent, settings, lang=lang)
    except PaperdigestError as error:
        raise _fail(error) from None
    typer.echo(f"wrote {path}", err=True)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("paperdigest: interrupted; rerun the same command to resume from the cache", err=True)
        sys.exit(130)
