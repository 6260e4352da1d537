"""The report history: every report run's JSON document, one file per command and period.

The folder is user data that other tools, crashes and people touch: an unreadable, corrupt or vanished entry
costs that entry only (a warning), never the run that reads or writes the history.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from paperdigest.errors import UsageError
from paperdigest.models import Record, Report
from paperdigest.settings import Settings, history_root
from paperdigest.files import atomic_write

# Ids are made here from dates and hashes; a file named otherwise is not ours and is never read or served.
_ENTRY_ID = re.compile(r"(week|day|range)-\d{4}-\d\d-\d\d(-\d{4}-\d\d-\d\d)?|digest-[0-9a-f]{12}")
MAX_ENTRY_BYTES = 64_000_000


class HistoryEntry(Record):
    """One report run as the history keeps it: the document and where its report file was written."""

    id: str
    written_to: str | None = None
    report: Report

    @property
    def link(self) -> str | None:
        """The written report as a file: URI (None when it went to stdout)."""
        return Path(self.written_to).as_uri() if self.written_to and Path(self.written_to).is_absolute() else None

    @property
    def sort_key(self) -> tuple:
        """Period, then when it was made (a timestamp: an entry may carry a time without a zone), then id."""
        p, made = self.report.params, self.report.generated_at
        return (p.start or dt.date.min, p.end or dt.date.min, made.timestamp() if made else 0.0, self.id)


def entry_id(command: str, start: dt.date | None, end: dt.date | None, paper_ids: Sequence[str] = ()) -> str:
    """The same command over the same period (or the same reading list) always gets the same id."""
    if command == "digest" or start is None:
        return "digest-" + hashlib.sha256("\n".join(sorted(paper_ids)).encode()).hexdigest()[:12]
    if command == "range":
        return f"range-{start}-{end}"
    return f"{command}-{start}"


def report_entry_id(report: Report) -> str:
    p = report.params
    return entry_id(p.command, p.start, p.end, [e.paper.arxiv_id for e in report.papers])


class History:
    """The history folder. Reading collects warnings in .warnings instead of raising; the caller shows them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.warnings: list[str] = []

    def _path(self, id: str) -> Path:
        if not _ENTRY_ID.fullmatch(id):
            raise UsageError(f"no history entry {id!r} (ids look like week-2025-01-20 or range-2025-03-10-2025-03-14)")
        return self.folder / f"{id}.json"

    def _load(self, path: Path) -> HistoryEntry | None:
        try:
            if path.stat().st_size > MAX_ENTRY_BYTES:
                raise ValueError(f"larger than {MAX_ENTRY_BYTES // 1_000_000} MB")
            entry = HistoryEntry.model_validate_json(path.read_bytes())
            if entry.id != path.stem:
                raise ValueError(f"it says it is {entry.id!r}")
        except FileNotFoundError:
            return None  # removed while we read: gone, not broken
        except (OSError, ValueError, ValidationError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else str(exc).splitlines()[0]
            self.warnings.append(f"history entry {path.name} skipped: {reason}")
            return None
        return entry

    def entries(self) -> list[HistoryEntry]:
        """Every readable entry, oldest period first."""
        try:
            paths = sorted(p for p in self.folder.iterdir() if p.suffix == ".json" and _ENTRY_ID.fullmatch(p.stem))
        except FileNotFoundError:
            return []
        except OSError as exc:
            self.warnings.append(f"history folder {self.folder} unreadable: {exc.strerror or exc}")
            return []
        entries = [e for e in map(self._load, paths) if e is not None]
        return sorted(entries, key=lambda e: e.sort_key)

    def get(self, id: str) -> HistoryEntry:
        path = self._path(id)
        entry = self._load(path) if path.exists() else None
        if entry is None:
            if self.warnings:
                raise UsageError(f"no history entry {id!r} in {self.folder} ({self.warnings[-1]})")
            raise UsageError(f"no history entry {id!r} in {self.folder}")
        return entry

    def remove(self, id: str) -> None:
        path = self._path(id)
        try:
            path.unlink()
        except FileNotFoundError:
            raise UsageError(f"no history entry {id!r} in {self.folder}") from None
        except OSError as exc:
            raise UsageError(f"cannot remove {path}: {exc.strerror or exc}") from exc

    def save(self, report: Report, written_to: Path | None) -> str:
        """Store the report under its id, replacing the same command's earlier run; returns the id.

        A folder that cannot be written costs the entry (a warning), not the report already written.
        """
        id = report_entry_id(report)
        where = str(written_to.resolve()) if written_to else None
        if where is None and self._path(id).exists():
            # A rerun printed on stdout: the report file of the earlier run is still the one to link to.
            kept = self._load(self._path(id))
            where = kept.written_to if kept and kept.written_to and Path(kept.written_to).is_file() else None
        entry = HistoryEntry(id=id, written_to=where, report=report)
        try:
            atomic_write(self._path(id), entry.model_dump_json().encode())
        except OSError as exc:
            self.warnings.append(f"report not kept in the history ({self.folder}): {exc.strerror or exc}")
        return id


def open_history(settings: Settings) -> History:
    return History(history_root(settings))


def relative_links(report: Report, out_dir: Path) -> Report:
    """The report with its links to earlier reports relative to out_dir, so a folder of reports can be moved or
    published whole (and shows no local paths)."""
    from urllib.parse import unquote, urlsplit

    copy = report.model_copy(deep=True)
    notes = copy.history
    for note in [*notes.already_read, *notes.updated, *([notes.previous] if notes.previous else [])]:
        if note.link and note.link.startswith("file:///"):
            note.link = Path(os.path.relpath(unquote(urlsplit(note.link).path), out_dir.resolve())).as_posix()
    return copy
