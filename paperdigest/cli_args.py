"""The command line's arguments and options, declared once and shared by the commands in cli.py.

Only typer and the standard library: `--help` imports nothing else.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer


class Command(typer.core.TyperCommand):
    """A command whose usage line names its arguments plainly: typer writes a required START as {START}."""

    def collect_usage_pieces(self, ctx) -> list[str]:
        return [piece.replace("{", "").replace("}", "") for piece in super().collect_usage_pieces(ctx)]

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.short_help or (self.help or "").strip().split("\n")[0]  # the summary in full, never cut at 45


# The argument parser's error: typer's bundled click (0.2x) or click itself; both are what typer.BadParameter derives from.
_ParserError = typer.BadParameter.__mro__[2]


class Group(typer.core.TyperGroup):
    """The command group whose own lines (a usage error too) are in the user's language: the settings' once a
    command reads them, before that the one its arguments, environment, config file or locale would give."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from paperdigest.cli_shared import say, show_usage_error, speak

        args = list(sys.argv[1:] if args is None else args)
        speak(None, args)
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _ParserError as error:
            show_usage_error(error)
            sys.exit(error.exit_code)
        except typer.Abort:  # end of input where a command read it
            say("error", "aborted")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _date_argument(name: str):
    return Annotated[dt.datetime, typer.Argument(formats=["%Y-%m-%d"], metavar=name, help="YYYY-MM-DD", show_default=False)]


Start, End, Day = _date_argument("START"), _date_argument("END"), _date_argument("DATE")
SourceOpt = Annotated[Optional[list[str]], typer.Option("--source", "-s", metavar="SOURCE", help="hf, arxiv, rss, oai (repeatable) [config: sources]")]
Replay = Annotated[Optional[Path], typer.Option(metavar="FILE", help="serve every HTTP request from this recording manifest (no network)")]
Record = Annotated[Optional[Path], typer.Option(metavar="DIR", help="record every HTTP response into this folder, for --replay later")]
Config = Annotated[Optional[Path], typer.Option("--config", metavar="FILE", help="TOML config file [env: PAPERDIGEST_CONFIG]")]
Lang = Annotated[Optional[str], typer.Option(metavar="LANG", help="en | zh")]
Format = Annotated[Optional[str], typer.Option("--format", "-f", metavar="FORMAT", help="md | json | html")]
Template = Annotated[Optional[str], typer.Option(metavar="NAME|PATH", help="weekly | daily | digest | list, or a path to a .j2 file")]

# The options every report command shares, declared once: (name, type, default). None means "from config".
REPORT_OPTIONS = [
    ("source", SourceOpt, None),
    ("max_papers", Annotated[Optional[int], typer.Option("--max-papers", "-n", metavar="N", help="papers read in depth; the rest are listed")], None),
    ("engine", Annotated[Optional[str], typer.Option(metavar="ENGINE", help="auto | llm | extractive (auto: llm only when a key, local model or api_base is set)")], None),
    ("model", Annotated[Optional[str], typer.Option(metavar="MODEL", help="any litellm model string, e.g. openai/gpt-4o-mini, ollama/llama3.1")], None),
    ("classify_model", Annotated[Optional[str], typer.Option(metavar="MODEL", help="a cheaper model for the classify stage")], None),
    ("fallback_model", Annotated[Optional[str], typer.Option(metavar="MODEL", help="used when the model fails after retries")], None),
    ("api_base", Annotated[Optional[str], typer.Option("--api-base", metavar="URL", help="OpenAI-compatible base URL (local servers, proxies)")], None),
    ("concurrency", Annotated[Optional[int], typer.Option(metavar="N", help="LLM calls in flight")], None),
    ("llm_timeout", Annotated[Optional[float], typer.Option(metavar="SECONDS", help="seconds per LLM call")], None),
    ("max_cost", Annotated[Optional[float], typer.Option(metavar="USD", help="USD budget: calls that would exceed it are skipped and reported")], None),
    ("library", Annotated[Optional[list[Path]], typer.Option("--library", metavar="FILE", help="rank by closeness to your library: .bib, .json (CSL), .ris, .txt of arXiv ids (repeatable)")], None),
    ("not_interested", Annotated[Optional[list[Path]], typer.Option("--not-interested", metavar="FILE", help="library file of papers you do not want: similar ones go down (repeatable)")], None),
    ("interests", Annotated[Optional[str], typer.Option(metavar="TEXT", help="a few sentences on what you want to read")], None),
    ("follow", Annotated[Optional[list[str]], typer.Option(metavar="NAME", help="an author or organisation whose papers are pinned to the top (repeatable)")], None),
    ("classify_top", Annotated[Optional[int], typer.Option("--classify-top", metavar="N", help="the LLM classify stage sees only this many top-ranked papers")], None),
    ("prompts", Annotated[Optional[Path], typer.Option(metavar="DIR", help="folder whose *.j2 files override the built-in prompts")], None),
    ("lang", Lang, None),
    ("format", Format, None),
    ("template", Template, None),
    ("out", Annotated[Optional[Path], typer.Option("--out", "-o", metavar="DIR", help="output folder; '-' prints the JSON document on stdout")], None),
    ("replay", Replay, None),
    ("record", Record, None),
    ("config", Config, None),
    ("send", Annotated[Optional[list[str]], typer.Option("--send", metavar="CHANNELS", help="after writing, send the report: email, slack, discord, feishu, telegram, webhook (comma-separated or repeated)")], None),
    ("no_history", Annotated[bool, typer.Option("--no-history", help="do not keep this report in the history, nor consult it")], False),
    ("reread", Annotated[bool, typer.Option("--reread", help="read papers in depth even if an earlier report did")], False),
    ("quiet", Annotated[bool, typer.Option("--quiet", "-q", help="no progress, warnings only")], False),
    ("log_json", Annotated[bool, typer.Option("--log-json", help="log events as JSON lines on stderr")], False),
]
# Options that are not settings (the rest map onto Settings fields of the same name).
RUN_OPTIONS = ("config", "out", "quiet", "log_json", "replay", "record", "no_history", "reread", "send")


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


Categories = Annotated[Optional[list[str]], typer.Option("--categories", "-c", metavar="CATEGORIES", help="keep papers listed in these categories/archives, primary or cross-list (comma- or '+'-separated, repeatable) [config: categories]")]
Feed = Annotated[Optional[str], typer.Option(metavar="CATEGORIES", help="rss: request only these archives/categories instead of the all-archives feed")]
Ids = Annotated[Optional[str], typer.Option(metavar="IDS", help="arXiv ids to look up, comma-separated: 2501.10120, 2104.12255v1, astro-ph/0601001")]
Since = Annotated[Optional[dt.datetime], typer.Option("--start", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="first day, YYYY-MM-DD (rss: the feed's day)")]
Until = Annotated[Optional[dt.datetime], typer.Option("--end", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="last day, YYYY-MM-DD (default: --start)")]
ListFormat = Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="text | json")]


PromptsDir = Annotated[Optional[Path], typer.Option("--prompts", metavar="DIR", help="folder whose *.j2 files override the built-in prompts [config: prompts_dir]")]
