"""Numbered display equations: where each is printed, so a report can show it as an image with its number.

An equation number "(3)" stands flush right in its column, on a row of formula text. The display is the
formula text around it between the prose above and the prose below; two numbered displays with no prose
between them share that band, each line going to the nearer number.
"""

from __future__ import annotations

import re

from paperdigest.models import EquationRegion, Figure
from paperdigest.pdf.roles import prose_like
from paperdigest.pdf.records import BBox, Layout, Line, Page, Role, inside, one_row, rounded, union, x_overlap, y_overlap

_TAG = re.compile(r"(?:^|\s)\((?P<number>\d{1,3}[a-z]?|[A-Z]\.?\d{1,3}[a-z]?)\)$")
_FLUSH = 1.5  # font sizes a number may stop short of its column's right edge
_SLACK = 8.0  # points a display may overhang its column
_ROW_SHARE = 0.3  # of the smaller height two pieces share when on one row (a fraction sits half off its row)
_BESIDE = 3.0  # font sizes between pieces of one formula row (a wide "=" or a quad is less)
_STACKED = 1.0  # font sizes between stacked rows of one display (numerator, limits, a second aligned row)
_BAND_SLACK = 0.3  # font sizes a formula's tall glyph boxes may reach into the prose line above or below
_INDENT = 3.0  # font sizes a prose line may start right of its column's left edge


def find_equations(pages: list[Page], layout: Layout, figures: list[Figure]) -> list[EquationRegion]:
    """Every numbered display equation outside figures and tables, in page order."""
    found: list[EquationRegion] = []
    for page in pages:
        regions = [f.region_bbox for f in figures if f.page == page.number and f.region_bbox]
        tags = [
            (line, match.group("number"))
            for line in page.lines
            if (line.role is Role.TEXT or line.role is Role.BODY and _TAG.fullmatch(" " + line.text))
            and not line.rotated
            and (match := _TAG.search(line.text))
            and line.bbox[2] >= _column(line.bbox, layout)[1] - _FLUSH * line.size
            and not any(inside(line.bbox, region, 2.0) for region in regions)
        ]
        for _, number, box in _displays(page, layout, tags, regions):
            lines = [line.text for line in page.lines if inside(line.bbox, box, 2.0)]
            found.append(EquationRegion(number=number, page=page.number, bbox=rounded(box), lines=lines))
    return found


def _column(box: BBox, layout: Layout) -> tuple[float, float]:
    """The horizontal extent of the column a box ends in (the whole text width on one-column pages)."""
    x0, _, x1, _ = layout.text_box
    if not layout.two_columns:
        return x0, x1
    return (x0, layout.middle) if box[2] <= layout.middle + _SLACK else (layout.middle, x1)


def _displays(
    page: Page, layout: Layout, tags: list[tuple[Line, str]], regions: list[BBox]
) -> list[tuple[Line, str, BBox]]:
    out = []
    for tag, number in tags:
        left, right = _column(tag.bbox, layout)
        in_column = [
            line
            for line in page.lines
            if line.bbox[0] >= left - _SLACK and line.bbox[2] <= right + _SLACK and not line.rotated
        ]
        row = _middle(tag.bbox)
        bounds = [line.bbox for line in in_column if _bound(line, layout, left, in_column)]
        above = max((box[3] for box in bounds if box[3] <= row), default=0.0)
        below = min((box[1] for box in bounds if box[1] >= row), default=page.height)
        others = [
            _middle(t.bbox)
            for t, _ in tags
            if t is not tag and above <= t.bbox[1] and t.bbox[3] <= below and _column(t.bbox, layout) == (left, right)
        ]
        slack = _BAND_SLACK * tag.size
        pieces = {
            id(line): box
            for line in in_column
            # a display taken for prose (its number too, as in a block of its paragraph; a wordy centred row) is still one
            if (
                line.role is Role.TEXT
                or tag.role is Role.BODY and _level(line.bbox, tag.bbox)
                or line.role is Role.BODY and not _bound(line, layout, left, in_column)
            )
            and above - slack <= line.bbox[1]
            and line.bbox[3] <= below + slack
            and not any(inside(line.bbox, region, 2.0) for region in regions)
            and not any(abs(_middle(line.bbox) - other) < abs(_middle(line.bbox) - row) for other in others)
            and (box := _without_tag(line, tag)) is not None
        }
        seed = pieces.get(id(tag)) or min(
            (box for box in pieces.values() if box[2] <= tag.bbox[0] and y_overlap(box, tag.bbox) > 0),
            key=lambda box: abs(_middle(box) - row),
            default=None,
        )
        if seed is not None:
            out.append((tag, number, _grow(seed, list(pieces.values()), tag.size)))
    return out


def _bound(line: Line, layout: Layout, left: float, lines: list[Line]) -> bool:
    """A line a display never runs into: a heading, caption or front matter, or prose. Prose starts at its column's
    left edge (an indent at most), itself or the line it continues on its row ('where x = ', then the rest); a
    wordy line centred in the column ('if p ∈ P and ...') is a row of a display."""
    if line.role in (Role.HEADING, Role.CAPTION, Role.FRONT):
        return True
    if not (line.role is Role.BODY or prose_like(line, layout)):
        return False
    row = [other for other in lines if one_row(other.bbox, line.bbox)]
    return any(other.bbox[0] - left <= _INDENT * line.size for other in [line, *row])


def _level(box: BBox, tag: BBox) -> bool:
    return box[2] <= tag[0] and one_row(box, tag)


def _middle(box: BBox) -> float:
    return (box[1] + box[3]) / 2


def _grow(seed: BBox, pieces: list[BBox], size: float) -> BBox:
    """The seed's display: pieces on its rows close beside it, and rows stacked right above or below it that lie
    mostly within its width (a sentence leading into the display ends beside it, not under or over it)."""
    box, left = seed, [piece for piece in pieces if piece != seed]
    changed = True
    while changed:
        changed = False
        for piece in list(left):
            beside = one_row(piece, box, _ROW_SHARE) and max(piece[0] - box[2], box[0] - piece[2]) < _BESIDE * size
            width = min(piece[2] - piece[0], box[2] - box[0])
            stacked = x_overlap(piece, box) > 0.5 * width and max(piece[1] - box[3], box[1] - piece[3]) < _STACKED * size
            if beside or stacked:
                box = union([box, piece])
                left.remove(piece)
                changed = True
    return box


def _without_tag(line: Line, tag: Line) -> BBox | None:
    """The line's box without the equation number; None for the number alone."""
    if line is not tag:
        return line.bbox
    match = _TAG.search(line.text)
    if match is None or not line.text[: match.start()].strip():
        return None
    # The number shares its line with the formula: cut its width (about half a font size per character) and a gap.
    width = (len(match.group(0).strip()) * 0.5 + 1) * line.size
    return (line.bbox[0], line.bbox[1], max(line.bbox[0] + 1, line.bbox[2] - width), line.bbox[3])
