"""Command line: parse arguments, call the library, show progress on stderr, exit with a meaningful code.

Only typer and the standard library are imported at start-up, so `--help` stays fast; everything else is
imported inside the command that needs it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import inspect
import os
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
prompts_app = typer.Typer(help="List, show or copy the LLM prompt templates.", no_args_is_help=True)
app.add_typer(prompts_app, name="prompts")

def _date_argument(name: str):
    return Annotated[dt.datetime, typer.Argument(formats=["%Y-%m-%d"], metavar=name, help="YYYY-MM-DD", show_default=False)]


Start, End, Day = _date_argument("START"), _date_argument("END"), _date_argument("DATE")
SourceOpt = Annotated[Optional[list[str]], typer.Option("--source", "-s", help="hf, arxiv, rss, oai (repeatable) [config: sources]")]
Replay = Annotated[Optional[Path], typer.Option(help="serve every HTTP request from this recording manifest (no network)")]
Record = Annotated[Optional[Path], typer.Option(help="record every HTTP response into this folder, for --replay later")]
Config = Annotated[Optional[Path], typer.Option("--config", help="TOML config file [env: PAPERDIGEST_CONFIG]")]
Lang = Annotated[Optional[str], typer.Option(help="en | zh")]
Format = Annotated[Optional[str], typer.Option("--format", "-f", help="md | json | html")]
Template = Annotated[Optional[str], typer.Option(help="weekly | daily | digest | list, or a path to a .j2 file")]

# The options every report command shares, declared once: (name, type, default). None means "from config".
REPORT_OPTIONS = [
    ("source", SourceOpt, None),
    ("max_papers", Annotated[Optional[int], typer.Option("--max-papers", "-n", help="papers read in depth; the rest are listed")], None),
    ("engine", Annotated[Optional[str], typer.Option(help="auto | llm | extractive (auto: llm only when a key, local model or api_base is set)")], None),
    ("model", Annotated[Optional[str], typer.Option(help="any litellm model string, e.g. openai/gpt-4o-mini, ollama/llama3.1")], None),
    ("classify_model", Annotated[Optional[str], typer.Option(help="a cheaper model for the classify stage")], None),
    ("fallback_model", Annotated[Optional[str], typer.Option(help="used when the model fails after retries")], None),
    ("api_base", Annotated[Optional[str], typer.Option("--api-base", help="OpenAI-compatible base URL (local servers, proxies)")], None),
    ("concurrency", Annotated[Optional[int], typer.Option(help="LLM calls in flight")], None),
    ("llm_timeout", Annotated[Optional[float], typer.Option(help="seconds per LLM call")], None),
    ("max_cost", Annotated[Optional[float], typer.Option(help="USD budget: calls that would exceed it are skipped and reported")], None),
    ("prompts", Annotated[Optional[Path], typer.Option(help="folder whose *.j2 files override the built-in prompts")], None),
    ("lang", Lang, None),
    ("format", Format, None),
    ("template", Template, None),
    ("out", Annotated[Optional[Path], typer.Option("--out", "-o", help="output folder; '-' prints the JSON document on stdout")], None),
    ("replay", Replay, None),
    ("record", Record, None),
    ("config", Config, None),
    ("quiet", Annotated[bool, typer.Option("--quiet", "-q", help="no progress, warnings only")], False),
    ("log_json", Annotated[bool, typer.Option("--log-json", help="log events as JSON lines on stderr")], False),
]
# Options that are not settings (the rest map onto Settings fields of the same name).
_RUN_OPTIONS = ("config", "out", "quiet", "log_json", "replay", "record")


def report_options(*, without: tuple[str, ...] = ()):
    """Give a command the shared report options: one list instead of a copy per command.

    The command receives them as **options; typer reads the combined signature.
    """

    def decorate(command):
        own = [p for p in inspect.signature(command, eval_str=True).parameters.values() if p.kind is not p.VAR_KEYWORD]
        shared = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
            for name, annotation, default in REPORT_OPTIONS
            if name not in without
        ]

        @functools.wraps(command)
        def wrapper(**kwargs):
            return command(**kwargs)

        wrapper.__signature__ = inspect.Signature(own + shared)
        wrapper.__annotations__ = {p.name: p.annotation for p in own + shared}
        return wrapper

    return decorate


def _settings(config: Path | None, **overrides):
    from paperdigest.settings import load_settings

    if overrides.get("source"):
        overrides["sources"] = tuple(overrides["source"])
    overrides.pop("source", None)
    if "prompts" in overrides:
        overrides["prompts_dir"] = overrides.pop("prompts")
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
    with Reporter(quiet=quiet, log_json=log_json, lang=settings.lang) as reporter:
        try:
            report = run_sync(request, settings, reporter.on_event)
        except KeyboardInterrupt:
            # Caught here, not in main(): click would turn it into a bare "Aborted!".
            typer.echo("paperdigest: interrupted; rerun the same command to resume from the cache", err=True)
            raise typer.Exit(130) from None
        if to_stdout:
            _print_document(render_document(report, "json", settings))
        else:
            path = write_report(report, out or Path("reports") / default_out, settings.format, settings)
            reporter.done(report, path)
    if not report.papers and report.partial:
        raise typer.Exit(EXIT_FAILED)
    raise typer.Exit(EXIT_PARTIAL if report.partial else EXIT_OK)


def _print_document(text: str) -> None:
    """stdout may be a full disk or a closed pipe: one error line, and no second traceback at exit."""
    from paperdigest.errors import OutputError

    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the interpreter flushes stdout again at exit
        raise OutputError(f"cannot write the document to stdout: {exc.strerror or exc}") from None


def _report_command(command: str, default_out: str, options: dict, **request) -> None:
    from paperdigest.pipeline import RunRequest

    run = {k: options.pop(k, None) for k in _RUN_OPTIONS}
    try:
        if run["replay"] and run["record"]:
            raise typer.BadParameter("use --replay or --record, not both")
        settings = _settings(run["config"], **options)
        request = RunRequest(command=command, replay=run["replay"], record=run["record"], **request)
        _execute(request, settings, run["out"], default_out, bool(run["quiet"]), bool(run["log_json"]))
    except PaperdigestError as error:
        raise _fail(error) from None


@app.command()
@report_options()
def week(start: Start, **options) -> None:
    """Report on the 7 days starting at START (default folder: reports/week-START)."""
    first = start.date()
    _report_command("week", f"week-{first}", options, start=first, end=first + dt.timedelta(days=6))


@app.command()
@report_options()
def day(date: Day, **options) -> None:
    """Report on one day (default folder: reports/day-DATE)."""
    when = date.date()
    _report_command("day", f"day-{when}", options, start=when, end=when)


@app.command(name="range")
@report_options()
def range_(start: Start, end: End, **options) -> None:
    """Report on START..END, both included (default folder: reports/range-START-END)."""
    first, last = start.date(), end.date()
    if last < first:
        typer.echo("paperdigest: error: END is before START", err=True)
        raise typer.Exit(EXIT_USAGE)
    _report_command("range", f"range-{first}-{last}", options, start=first, end=last)


@app.command()
@report_options(without=("source", "max_papers", "replay", "record"))
def digest(
    files: Annotated[list[Path], typer.Argument(help="local PDF or arXiv HTML files (a reading list)", exists=True, dir_okay=False)],
    **options,
) -> None:
    """Report on local papers with the same pipeline as `week` (default folder: reports/digest)."""
    _report_command("digest", "digest", options, local_files=files)


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
    import json

    from paperdigest.pipeline import Query, fetch_listing
    from paperdigest.select import category_match

    if format not in ("text", "json"):
        raise typer.BadParameter("text or json", param_hint="--format")
    try:
        settings = _settings(config, sources=source, categories=_split(categories) or None)
        first = start.date() if start else None
        last = end.date() if end else first

        sources = settings.sources if source or not ids else ()
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
def parse(
    files: Annotated[list[Path], typer.Argument(help="PDF or arXiv HTML files to parse", dir_okay=False)],
    format: Annotated[str, typer.Option("--format", "-f", help="json")] = "json",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="write figure/table PNGs into this folder")] = None,
    dpi: Annotated[int, typer.Option(help="resolution of the PNGs", min=36, max=600)] = 150,
) -> None:
    """Parse local papers: metadata, sections, references, figures and tables with captions (JSON on stdout)."""
    import json

    from paperdigest.parsefiles import parse_files

    if format != "json":
        raise typer.BadParameter("only json is supported", param_hint="--format")
    results = parse_files(files, out, dpi)
    sys.stdout.write(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    failed = [r["error"] for r in results if "error" in r]
    for message in failed:
        typer.echo(f"paperdigest: error: {message}", err=True)
    if failed:
        raise typer.Exit(EXIT_FAILED if len(failed) == len(results) else EXIT_PARTIAL)


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


PromptsDir = Annotated[Optional[Path], typer.Option("--prompts", help="folder whose *.j2 files override the built-in prompts [config: prompts_dir]")]


def _prompts_dir(prompts: Path | None, config: Path | None) -> Path | None:
    return prompts or _settings(config).prompts_dir


@prompts_app.command("list")
def prompts_list(prompts: PromptsDir = None, config: Config = None) -> None:
    """Each stage's prompt, where it comes from, and the variables it may use."""
    from paperdigest.llm.prompts import list_prompts

    try:
        for name, origin, variables in list_prompts(_prompts_dir(prompts, config)):
            typer.echo(f"{name:<10} {origin}\n{'':<10} variables: {', '.join(variables)}")
    except PaperdigestError as error:
        raise _fail(error) from None


@prompts_app.command("show")
def prompts_show(
    name: Annotated[str, typer.Argument(help="classify, summarise, compare or overview")],
    prompts: PromptsDir = None, config: Config = None,
) -> None:
    """Print the template in effect for NAME."""
    from paperdigest.llm.prompts import show_prompt

    try:
        typer.echo(show_prompt(name, _prompts_dir(prompts, config)), nl=False)
    except PaperdigestError as error:
        raise _fail(error) from None


@prompts_app.command("init")
def prompts_init(folder: Annotated[Path, typer.Argument(help="where to copy the templates")]) -> None:
    """Copy the built-in prompts into FOLDER to edit (existing files are kept); then run with --prompts FOLDER."""
    from paperdigest.llm.prompts import init_prompts

    written = init_prompts(folder)
    typer.echo(f"wrote {len(written)} prompt(s) to {folder}" + "".join(f"\n  {p.name}" for p in written), err=True)


def main() -> None:
    try:
        app()
    except SystemExit as done:
        if "litellm" not in sys.modules or not isinstance(done.code, (int, type(None))):
            raise
        # Tearing down litellm's three thousand modules takes seconds, and every file of the run is written.
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError):  # a reader that went away (`| head`) had all it wanted
                stream.flush()
        os._exit(done.code or 0)
