"""Checks of a command's arguments made before any request or paid call, so a bad one costs nothing."""

from __future__ import annotations

import datetime as dt
import errno
import os
import tempfile
from pathlib import Path
from typing import Any

from paperdigest.errors import OutputError, ParseError, UsageError
from paperdigest.settings import Settings

# arXiv opened in August 1991; no source has papers before, and date arithmetic past year 9999 overflows.
FIRST_DAY, LAST_DAY = dt.date(1991, 1, 1), dt.date(2999, 12, 31)
# One request per source and day: a year is the most a run asks for (split longer backfills).
MAX_DAYS = 366


def days_after(day: dt.date, days: int) -> dt.date:
    """day + days, or the last date there is (which check_period refuses with the date given)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max


def check_period(start: dt.date, end: dt.date) -> None:
    """A period the sources can be asked about: within arXiv's lifetime, END not before START, at most MAX_DAYS."""
    for day in (start, end):
        if not FIRST_DAY <= day <= LAST_DAY:
            raise UsageError(f"{day}: dates must be between {FIRST_DAY} and {LAST_DAY}")
    if end < start:
        raise UsageError(f"END is before START ({end} < {start})")
    days = (end - start).days + 1
    if days > MAX_DAYS:
        raise UsageError(f"{start} to {end} is {days} days; a run covers at most {MAX_DAYS} (split it)")


def check_sources(sources: tuple[str, ...], settings: Settings, flag: str = "") -> None:
    """The arXiv API is searched by category or keyword: without either a week is the whole of arXiv. `flag`: the
    command's own option for categories, if it has one (the report commands take them from the config only)."""
    if "arxiv" in sources and not (settings.categories or settings.keywords):
        ways = f"{flag}, " if flag else ""
        raise UsageError(f"--source arxiv needs categories or keywords: {ways}config keys categories/keywords or PAPERDIGEST_CATEGORIES")


def check_papers(files: list[Path]) -> None:
    """Every file of a reading list is a PDF or an HTML page by its first bytes: a stray notes.txt is the user's slip,
    not a paper that failed (a damaged PDF is still one, reported by the run with the others read). Only regular
    files are read here: a pipe could block, and the parse worker reads it under its timeout."""
    from paperdigest.parsefiles import file_kind

    for path in filter(Path.is_file, files):
        try:
            kind = file_kind(path)
        except ParseError as error:
            raise UsageError(str(error)) from None
        if kind is None:
            raise UsageError(f"{path}: neither a PDF nor an HTML file; digest reads PDF or arXiv HTML files")


def check_request(request: dict[str, Any], settings: Settings) -> None:
    """A report command's arguments: a reading list's files, else a period and its sources."""
    if "local_files" in request:
        check_papers(request["local_files"])
    else:
        check_period(request["start"], request["end"])
        check_sources(settings.sources, settings)


def check_writable(folder: Path, what: str) -> None:
    """Fail now, not after the run, when folder cannot be created or written; nothing is left behind.

    The probe is a temporary file in the folder, or in its nearest existing parent when it is yet to be made.
    """
    existing = next((p for p in (folder, *folder.absolute().parents) if p.exists()), Path("/"))
    try:
        if not existing.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as exc:
        raise OutputError(f"cannot write {what} into {folder}: {exc.strerror or exc}") from exc
