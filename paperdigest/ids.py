"""arXiv identifiers and the file names derived from them.

Ids come from feeds and users, so they are hostile: old-style ids contain '/', and anything may contain '..'.
Every file name the tool writes for a paper goes through `safe_stem`.
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

from paperdigest.errors import InvalidIdError

# New style since 2007-04: YYMM.NNNN (to 2014) or YYMM.NNNNN; old style: archive(.subject)/YYMMNNN.
_NEW = re.compile(r"(?P<id>\d{4}\.\d{4,5})(?:v(?P<v>\d+))?")
_OLD = re.compile(r"(?P<id>[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7})(?:v(?P<v>\d+))?")
_URL_PREFIX = re.compile(r"^(?:https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/|arxiv:)", re.I)


def parse_arxiv_id(text: str) -> tuple[str, int | None]:
    """Split 'arXiv:2501.10120v2', an abs/pdf URL or 'math/0501001' into (id without version, version)."""
    raw = _URL_PREFIX.sub("", text.strip()).removesuffix(".pdf")
    for pattern in (_NEW, _OLD):
        match = pattern.fullmatch(raw)
        if match and not _wrong_width(match.group("id")):
            version = match.group("v")
            return match.group("id"), int(version) if version else None
    raise InvalidIdError(f"not an arXiv id: {text!r}")


def _wrong_width(arxiv_id: str) -> bool:
    # Four-digit numbers were used up to 2014-12, five-digit ones from 2015-01.
    head, _, number = arxiv_id.partition(".")
    return "/" not in arxiv_id and head.isdigit() and (len(number) == 4) != (int(head) < 1501)


def is_arxiv_id(text: str) -> bool:
    try:
        parse_arxiv_id(text)
    except InvalidIdError:
        return False
    return True


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def figure_slug(name: str) -> str:
    """'Figure 3' -> 'figure-3', 'Table A1' -> 'table-a1': the image file name part for a figure."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "figure"


def safe_stem(text: str, max_length: int = 80) -> str:
    """A file name stem that cannot leave its folder: 'math/0501001' -> 'math_0501001'."""
    stem = _UNSAFE.sub("_", text).strip("._-")[:max_length]
    return stem or "unnamed"


def local_ids(paths: list[Path]) -> list[tuple[str, int | None]]:
    """(id, version) for each local file of a reading list, unique in the run.

    The file's arXiv id when its name is one, else its name made safe. The same file named twice keeps one id;
    another file whose id is taken (a/paper.pdf, b/paper.pdf) gets its folder's name in front, then a number.
    Ids are compared without letter case: they become file names, and some file systems ignore case.
    """
    taken: set[str] = set()
    by_file: dict[str, tuple[str, int | None]] = {}
    ids = []
    for path in paths:
        file = os.path.normpath(os.path.abspath(path))
        if file not in by_file:
            try:
                base, version = parse_arxiv_id(path.stem)
            except InvalidIdError:
                base, version = safe_stem(path.stem), None
            named = [base, safe_stem(f"{path.parent.name}_{base}")] if path.parent.name else [base]
            numbered = (f"{safe_stem(base, 70)}-{n}" for n in itertools.count(2))
            chosen = next(c for c in itertools.chain(named, numbered) if c.lower() not in taken)
            taken.add(chosen.lower())
            by_file[file] = (chosen, version if chosen == base else None)
        ids.append(by_file[file])
    return ids
