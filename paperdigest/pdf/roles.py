"""Line roles, assigned by an ordered list of passes; the margin and prose passes themselves.

Each pass takes lines still unassigned (Role.TEXT) and gives some of them a role; what no pass takes stays
TEXT (figure labels, table cells, equations). The order is part of the rules: see PASSES.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from paperdigest.pdf.captions import CAPTION_RE, mark_captions
from paperdigest.pdf.headings import mark_front, mark_headings, mark_unnumbered
from paperdigest.pdf.records import Layout, Line, Page, Role, family, free_blocks, one_row, x_overlap
from paperdigest.pdf.statistics import BODY_TOLERANCE, in_margin_band, norm

_SUBCAPTION = re.compile(r"^\(?[a-z]\)\s")  # "(b) ..." opens a panel's caption
_OUTSIDE = 0.6  # font sizes a line may stand above or below the text area before it is a header or footer
_EDGE = 2.0  # points a line may stick out left or right of the text area (beyond: line numbers, side notes)
_PROSE_WIDTH = 0.45  # share of the column a prose line spans at least: wrapped beside a figure, about half
_PROSE_WORDS = 6  # a prose line holds at least this many words
_PROSE_LETTERS = 0.6  # share of its non-space characters that are letters (a table row is mostly digits)
_FULL_LINE = 0.9  # share of the column a full line of numeric prose spans
_NUMERIC_PROSE_WORDS = 5  # words (two letters or more) among the numbers of a line of numeric prose
_BODY_SHARE = 0.4  # share of a block's lines that must look like prose for the block to be a paragraph


def mark_margins(pages: list[Page], layout: Layout) -> None:
    """Mark running headers/footers, page numbers, line numbers and margin stamps."""
    for page in pages:
        for line in page.lines:
            if _is_margin(line, page, layout):
                line.role = Role.MARGIN


def _is_margin(line: Line, page: Page, layout: Layout) -> bool:
    x0, y0, x1, y1 = line.bbox
    tx0, ty0, tx1, ty1 = layout.text_box
    running = norm(line.text) in layout.running_texts
    if y1 < ty0 - _OUTSIDE * line.size or y0 > ty1 + _OUTSIDE * line.size:
        # a full-page figure pushes its caption past the prose: a label under it is no page footer
        label = CAPTION_RE.match(line.text) and not running
        return not (label and x0 >= tx0 - _EDGE and x1 <= tx1 + _EDGE)
    if x1 < tx0 - _EDGE or x0 > tx1 + _EDGE:  # line numbers, side notes
        return True
    # a reader's note in small type set mostly in the margin ("A model that learns the game rules" beside MuZero's
    # abstract), which would otherwise be read into the paragraph on its row
    outside = max(0.0, x1 - max(x0, tx1)) + max(0.0, min(x1, tx0) - x0)
    if line.size < layout.body_size - BODY_TOLERANCE and outside > 0.5 * (x1 - x0):
        return True
    return in_margin_band(line, page) and (running or line.text.strip().isdigit())


def _body_like(line: Line, layout: Layout) -> bool:
    """A line of running prose: body size and font, wide, mostly words."""
    if abs(line.size - layout.body_size) > BODY_TOLERANCE or family(line.font) != layout.body_family:
        return False
    if _SUBCAPTION.match(line.text):
        return False  # "(b) Received size and delay.": a panel's caption; in a list, its block-mates make it prose
    return prose_like(line, layout)


def _numeric_prose(lines: list[Line], layout: Layout) -> list[Line]:
    """Full lines of the body's type with a few words among many numbers ("fields of 0.74 ± 0.53, 1.49 ± 1.06"):
    prose when two or more share a block; one alone may be a table row set as a single line."""
    full = [
        line
        for line in lines
        if line.role is Role.TEXT
        and abs(line.size - layout.body_size) <= BODY_TOLERANCE
        and family(line.font) == layout.body_family
        and line.bbox[2] - line.bbox[0] >= _FULL_LINE * layout.column_width
        and sum(sum(c.isalpha() for c in word) >= 2 for word in line.text.split()) >= _NUMERIC_PROSE_WORDS
    ]
    return full if len(full) >= 2 else []


def prose_like(line: Line, layout: Layout) -> bool:
    """Wide and mostly words, whatever the type: a line of running prose, not a label, cell or formula."""
    if line.bbox[2] - line.bbox[0] < _PROSE_WIDTH * layout.column_width:
        return False
    text = line.text
    letters = sum(c.isalpha() for c in text)
    return len(text.split()) >= _PROSE_WORDS and letters >= _PROSE_LETTERS * len(text.replace(" ", ""))


def _tabular(lines: list[Line]) -> bool:
    """Prose never sets two lines side by side; a block that does on several rows is a table."""
    rows = 0
    for a, b in zip(lines, lines[1:]):
        if one_row(a.bbox, b.bbox) and x_overlap(a.bbox, b.bbox) < 0:
            rows += 1
    return rows >= 2


def mark_body(pages: list[Page], layout: Layout) -> None:
    """Mark body paragraphs among lines still unassigned (captions and headings come first).

    Body lines are prose outside any frame; their block-mates of the same size are body too."""
    for page in pages:
        for lines, free in free_blocks(page):
            numeric = _numeric_prose(free, layout)
            body = [line for line in free if line.role is Role.TEXT and (_body_like(line, layout) or line in numeric)]
            if _tabular(lines):
                body = []
            if body and (len(body) >= _BODY_SHARE * len(lines) or len(body) >= 2):
                sizes = {round(line.size) for line in body}
                for line in free:
                    if line.role is Role.TEXT and (
                        round(line.size) in sizes
                        or abs(line.size - layout.body_size) <= BODY_TOLERANCE
                        or prose_like(line, layout)
                    ):
                        line.role = Role.BODY  # an example sentence in smaller type within a paragraph is prose too


Pass = Callable[[list[Page], Layout], None]

PASSES: tuple[Pass, ...] = (
    mark_margins,  # first: a running header or a line number must never read as a heading, caption or prose
    mark_captions,  # before headings and prose: "Table 2 Results" is a caption, and caption lines are no paragraph
    mark_headings,  # before prose: a heading set in the block of its paragraph would be taken in with it
    mark_body,  # prose: what is left that reads as paragraphs
    mark_front,  # needs the first prose and section heading of page 1 to know where the title block ends
    mark_unnumbered,  # learns heading styles from the headings found, and needs prose to find lines heading it
)


def assign_roles(pages: list[Page], layout: Layout) -> None:
    """Give every line its role, pass by pass in the order of PASSES."""
    for assign in PASSES:
        assign(pages, layout)
