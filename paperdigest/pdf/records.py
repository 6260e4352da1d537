"""Pages as plain data: text lines with their role, the visible ink (drawings, images), and geometry over boxes.

Everything downstream (roles, figures, sections) works on these records, so the heuristics can be tested on
plain tuples; extract.py is the only code that fills them from pymupdf.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

BBox = tuple[float, float, float, float]


class Role(Enum):
    """What a line is to a reader. Every line starts as TEXT; the passes in roles.PASSES assign the others."""

    TEXT = "text"  # what no pass took: figure labels, table cells, equations, list items
    MARGIN = "margin"  # running headers and footers, page and line numbers, margin stamps
    CAPTION = "caption"  # a figure's or table's caption, continuation lines included
    HEADING = "heading"  # a section heading
    CONTENTS = "contents"  # an entry of a table of contents (neither heading nor prose)
    BODY = "body"  # running prose
    FRONT = "front"  # title, authors and affiliations above the first prose of page 1


@dataclass
class Line:
    bbox: BBox
    text: str
    size: float
    bold: bool
    block: int
    font: str = ""
    rotated: bool = False  # not reading left to right
    turn: int = 0  # degrees counterclockwise the text is turned when that is a right angle (90: reads upward)
    role: Role = Role.TEXT
    unmarked: str | None = None  # the text without the footnote and citation marks raised in it, when it has any

    @property
    def prose(self) -> str:
        """The text as running prose reads it: footnote and citation marks left out (a caption keeps them)."""
        return self.text if self.unmarked is None else self.unmarked


@dataclass
class Caption:
    name: str
    kind: str  # figure | table
    lines: list[Line]

    @property
    def bbox(self) -> BBox:
        return union([line.bbox for line in self.lines])

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)

    @property
    def reach(self) -> BBox:
        """The box a body above may come up to: a tall glyph (a radical) stretches the first row's box upward."""
        x0, y0, x1, y1 = self.bbox
        first = self.lines[0]
        return (x0, max(y0, min(first.bbox[3] - 1.3 * first.size, y1)), x1, y1) if first.bbox[1] <= y0 else self.bbox


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line]
    graphics: list[BBox]  # visible drawings and image placements
    frames: list[BBox] = field(default_factory=list)  # larger boxes: lines inside are figure text, not body
    images: list[BBox] = field(default_factory=list)  # raster image placements (also in graphics)
    captions: list[Caption] = field(default_factory=list)  # found by the caption pass; figures are anchored on them


@dataclass
class Layout:
    """Document-wide facts the roles depend on (measured by statistics.measure)."""

    body_size: float
    text_box: BBox  # area holding body text across the document
    two_columns: bool
    body_family: str = ""  # font family of the prose: code listings and plot labels use others
    line_gap: float = 0.0  # usual blank space between two lines of a paragraph (large when double-spaced)
    running_texts: frozenset[str] = frozenset()  # running headers/footers, digits as '#' (see statistics.norm)

    @property
    def middle(self) -> float:
        return (self.text_box[0] + self.text_box[2]) / 2

    @property
    def column_width(self) -> float:
        width = self.text_box[2] - self.text_box[0]
        return width / 2 - 6 if self.two_columns else width


def rounded(box: BBox) -> BBox:
    """A box as figures report it: to the hundredth of a point."""
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))


def union(boxes: list[BBox]) -> BBox:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def x_overlap(a: BBox, b: BBox) -> float:
    return min(a[2], b[2]) - max(a[0], b[0])


def y_overlap(a: BBox, b: BBox) -> float:
    return min(a[3], b[3]) - max(a[1], b[1])


def one_row(a: BBox, b: BBox, share: float = 0.5) -> bool:
    """Two boxes stand on one row when they share this much of the smaller one's height: a fraction, a subscript or a
    tall glyph sits partly off its row, and a tall box beside a short one still holds it."""
    return y_overlap(a, b) > share * min(a[3] - a[1], b[3] - b[1])


def inside(inner: BBox, outer: BBox, tol: float = 1.0) -> bool:
    return (
        inner[0] >= outer[0] - tol
        and inner[1] >= outer[1] - tol
        and inner[2] <= outer[2] + tol
        and inner[3] <= outer[3] + tol
    )


def family(font: str) -> str:
    """'ABCDEF+NimbusRomNo9L-Regu' -> 'nimbusromno9l': subset tag and style dropped."""
    return re.split(r"[-,]", font.split("+")[-1])[0].lower()


def free_blocks(page: Page) -> list[tuple[list[Line], list[Line]]]:
    """Unassigned lines (and headings) per block, each with the part outside every frame (figure text is never prose)."""
    blocks: dict[int, list[Line]] = {}
    for line in page.lines:
        if line.role in (Role.TEXT, Role.HEADING):
            blocks.setdefault(line.block, []).append(line)
    return [(lines, [line for line in lines if not any(inside(line.bbox, f, 2.0) for f in page.frames)]) for lines in blocks.values()]
