"""A reader's library files -> LibraryItems: BibTeX, CSL-JSON, RIS, or a list of arXiv ids/URLs.

What Zotero, Mendeley, Google Scholar and JabRef export. Entries may lack ids, abstracts or dates: each keeps
what it has; an entry without a title or an arXiv id is skipped and counted. A file that is none of these
formats is a usage error naming it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from paperdigest import jsonin
from paperdigest.errors import InvalidIdError, UsageError
from paperdigest.ids import parse_arxiv_id
from paperdigest.relevance import LibraryItem

SUFFIXES = (".bib", ".json", ".ris", ".txt")
MAX_BYTES = 50_000_000
# Interests drift: an item added this many days before the run weighs half as much as one added today.
HALF_LIFE_DAYS = 365.0
_ARXIV_IN_TEXT = re.compile(r"arxiv[.:/\s]*(?:org/(?:abs|pdf)/)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})", re.I)
_LATEX_LEFTOVERS = re.compile(r"[{}]|\\[a-zA-Z]+\s*")
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())  # malformed entries are counted, not logged


@dataclass
class Library:
    items: list[LibraryItem] = field(default_factory=list)
    skipped: int = 0

    def add(self, other: Library) -> None:
        self.items += other.items
        self.skipped += other.skipped


@dataclass(frozen=True)
class _Entry:
    title: str = ""
    abstract: str = ""
    arxiv_id: str | None = None
    added: dt.date | None = None


def _date(value: object) -> dt.date | None:
    text = str(value or "").strip()
    match = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", text) or re.match(r"(\d{4})/(\d{1,2})/(\d{1,2})", text)
    try:
        return dt.date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


def _arxiv_id(*values: object) -> str | None:
    for value in values:
        text = str(value or "").strip()
        if not text:
            continue
        found = _ARXIV_IN_TEXT.search(text)
        try:
            return parse_arxiv_id(found.group(1) if found else text)[0]
        except InvalidIdError:
            continue
    return None


def _clean(text: object) -> str:
    return " ".join(_LATEX_LEFTOVERS.sub(" ", str(text or "")).split())


def _bibtex(text: str) -> tuple[list[_Entry], int]:
    import bibtexparser

    parsed = bibtexparser.parse_string(text)
    entries = []
    for entry in parsed.entries:
        fields = {f.key.lower(): f.value for f in entry.fields}
        arxiv = _arxiv_id(fields.get("eprint"), fields.get("arxivid"), fields.get("url"), fields.get("doi"), fields.get("journal"))
        added = _date(fields.get("timestamp") or fields.get("added-at") or fields.get("date-added"))
        entries.append(_Entry(_clean(fields.get("title")), _clean(fields.get("abstract")), arxiv, added))
    if not parsed.entries and not parsed.failed_blocks and text.strip() and "@" not in text:
        raise ValueError("no BibTeX entries")
    return entries, len(parsed.failed_blocks)


def _csl_json(text: str) -> tuple[list[_Entry], int]:
    data = jsonin.loads(text)
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list):
        raise ValueError("not a CSL-JSON list of items")
    entries, bad = [], 0
    for item in data:
        try:
            accessed = item.get("accessed") or {}
            added = _date(item.get("dateAdded")) or _date("-".join(map(str, accessed.get("date-parts", [[""]])[0])))
            arxiv = _arxiv_id(item.get("arxiv"), item.get("URL"), item.get("DOI"), item.get("number"))
            entries.append(_Entry(_clean(item.get("title")), _clean(item.get("abstract")), arxiv, added))
        except (AttributeError, TypeError, IndexError, KeyError):  # not an item, or fields of the wrong shape
            bad += 1
    return entries, bad


def _ris(text: str) -> tuple[list[_Entry], int]:
    import rispy

    records = rispy.loads(text)
    if not records and text.strip():
        raise ValueError("no RIS records")
    entries = []
    for record in records:
        title = record.get("title") or record.get("primary_title") or ""
        arxiv = _arxiv_id(*(record.get("urls") or []), record.get("doi"))
        added = _date(record.get("access_date") or record.get("date"))
        entries.append(_Entry(_clean(title), _clean(record.get("abstract")), arxiv, added))
    return entries, 0


def _id_list(text: str) -> tuple[list[_Entry], int]:
    entries, bad = [], 0
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        arxiv = _arxiv_id(line)
        if arxiv:
            entries.append(_Entry(arxiv_id=arxiv))
        else:
            bad += 1
    if bad and not entries:
        raise ValueError("no arXiv ids or URLs")
    return entries, bad


PARSERS = {".bib": _bibtex, ".json": _csl_json, ".ris": _ris, ".txt": _id_list}


def _weight(added: dt.date | None, today: dt.date) -> float:
    if added is None or added >= today:
        return 1.0
    return 0.5 ** ((today - added).days / HALF_LIFE_DAYS)


def parse_library(text: str, suffix: str, today: dt.date, name: str = "library") -> Library:
    """The items of one library file's text; entries with neither title nor arXiv id are skipped and counted."""
    parser = PARSERS.get(suffix.lower())
    if parser is None:
        raise UsageError(f"{name}: not a library file (expected {', '.join(SUFFIXES)})")
    try:
        entries, bad = parser(text)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
        raise UsageError(f"{name}: not a {suffix} library: {exc}") from exc
    library = Library(skipped=bad)
    for entry in entries:
        if not entry.title and not entry.arxiv_id:
            library.skipped += 1
            continue
        library.items.append(
            LibraryItem(entry.title, entry.abstract, entry.arxiv_id, round(_weight(entry.added, today), 4))
        )
    return library


def load_libraries(paths: list[Path], today: dt.date) -> Library:
    """Every file's items together; a missing, unreadable or empty file, or one that is no library, is a usage error
    naming it."""
    library = Library()
    for path in paths:
        if path.suffix.lower() not in PARSERS:
            raise UsageError(f"{path}: not a library file (expected {', '.join(SUFFIXES)})")
        try:
            if path.stat().st_size > MAX_BYTES:
                raise UsageError(f"{path}: library file over {MAX_BYTES // 1_000_000} MB")
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise UsageError(f"library file not found: {path}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{path}: cannot read library file: {exc}") from exc
        found = parse_library(text, path.suffix, today, str(path))
        if not found.items:  # else the run would rank as if no library had been given, and say so
            malformed = f" ({found.skipped} malformed)" if found.skipped else ""
            raise UsageError(f"{path}: no library entries with a title or an arXiv id{malformed}")
        library.add(found)
    return library
