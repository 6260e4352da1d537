"""What the user sees on stderr: rich progress per stage, or JSON lines with --log-json. Never stdout."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from paperdigest.cli_shared import silence, terminal_line
from paperdigest.events import Event, paper_count
from paperdigest.models import Report
from paperdigest.render.error_text import localised
from paperdigest.render.labels import DONE, MESSAGES, stage_word, translate


# With --quiet, the warnings of one stage beyond this many are counted, not printed (a year of missing days).
QUIET_WARNINGS = 5


class _StderrConsole(Console):
    """Rich's answer to a closed pipe is to point *stdout* at /dev/null and exit 1, losing the run and, with
    `--out -`, the document. Here a stderr nobody reads only ends the messages; the report is still written."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        silence(sys.stderr)


class Reporter:
    """Turns library events into a progress display or log lines."""

    def __init__(self, quiet: bool = False, log_json: bool = False, lang: str = "en") -> None:
        self.quiet = quiet
        self.log_json = log_json
        self.lang = lang  # human-readable lines only: --log-json stays English for the tools that parse it
        self.console = _StderrConsole(stderr=True, highlight=False, soft_wrap=True)  # log lines stay whole for grep
        self._progress: Progress | None = None
        self._tasks: dict[str, int] = {}
        self._start = time.monotonic()
        self._warned: Counter[str] = Counter()

    def __enter__(self) -> Reporter:
        if not (self.quiet or self.log_json) and self.console.is_terminal:
            self._progress = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), console=self.console, transient=True,
            )
            self._progress.start()
        return self

    def __exit__(self, *exc_info) -> None:
        if self._progress:
            self._progress.stop()
        for stage, count in self._warned.items():
            if count > QUIET_WARNINGS:
                words = f"{stage_word('warning', self.lang)}: {stage_word(stage, self.lang)}"
                more = translate(f"{count - QUIET_WARNINGS} more warnings (the report lists them)", self.lang)
                self.console.print(f"{words}: {more}", markup=False)

    def on_event(self, event: Event) -> None:
        if self.log_json:
            record = {"t": round(time.monotonic() - self._start, 3), "stage": event.stage, "level": event.level}
            record.update({k: v for k, v in vars(event).items() if v not in (None, "") and k not in record})
            try:
                sys.stderr.write(json.dumps(record, ensure_ascii=False) + "\n")
            except BrokenPipeError:
                silence(sys.stderr)
            return
        stage, message = stage_word(event.stage, self.lang), terminal_line(localised(event.message or "", self.lang, MESSAGES, event.paper))
        if event.level in ("warning", "error"):
            if self.quiet:
                self._warned[event.stage] += 1
                if self._warned[event.stage] > QUIET_WARNINGS:
                    return
            level = stage_word(event.level, self.lang)
            self.console.print(f"[yellow]{level}[/]: {escape(stage)}: {escape(message)}", markup=True, highlight=False)
        elif not self.quiet and event.message and not self._progress:
            self.console.print(f"{stage}: {message}", markup=False)
        if self._progress and event.total:
            task = self._tasks.get(event.stage)
            if task is None:
                task = self._tasks[event.stage] = self._progress.add_task(event.stage, total=event.total)
            self._progress.update(task, completed=event.done or 0, total=event.total)

    def done(self, report: Report, path: Path) -> None:
        if self.quiet:
            return
        selected = len(report.selected)
        computed = sum(s.computed for s in report.stages.values())
        cached = sum(s.cached for s in report.stages.values())
        usage = report.usage.values()
        cost = sum(u.cost_usd for u in usage)
        engine = report.params.engine + (f" {report.params.model}" if report.params.model else "")
        summary = DONE[self.lang].format(
            path=path, papers=len(report.papers), counted=paper_count(len(report.papers)), selected=selected, engine=engine, computed=computed, cached=cached
        )
        self.on_event(Event("done", summary))
        if report.usage:
            stages = ", ".join(
                f"{stage} {u.calls} ({u.prompt_tokens:,}+{u.completion_tokens:,} tokens, ${u.cost_usd:.4f})"
                for stage, u in report.usage.items()
            )
            self.on_event(Event("llm", f"{sum(u.calls for u in usage)} calls, ${cost:.4f} in all: {stages}"))
