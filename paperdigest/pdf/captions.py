"""Caption starts and their continuation lines: the anchors figures and tables are found from.

A line is a caption when it starts with a label ("Figure 3:", "Table A1.", "Fig. 2") and is not running prose
that happens to begin a line with one ("Figure 3 shows ..."); its paragraph is followed line by line until the
caption ends, which is also where the body beside it begins.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from paperdigest.pdf.records import BBox, Caption, Layout, Line, Page, Role, family, inside, one_row, union, x_overlap, y_overlap
from paperdigest.pdf.turned import turned_layout, turned_page

CAPTION_RE = re.compile(
    r"^(?P<kind>Figure|FIGURE|Fig\.?|FIG\.?|Table|TABLE)\s*(?P<num>[A-Z]?\d+|[IVX]+)\b(?P<rest>.*)$"
)

_DELIMITERS = (":", ".", "|", "—", "–", "-")
_CONT = r"(?:continued|cont\.|cont['’]d)"
# "Table 2 – continued from previous page", "Figure 3 (continued)", "Table 2: Results (cont.)"
_CONTINUED = re.compile(rf"^\W*{_CONT}(?:\W*$|\s*\)|\s+from\b|\s*[.:;,–—-])|\({_CONT}\)\W*$", re.I)
CONTINUED = " (continued)"  # name suffix of the part of a figure or table on a page after its first
_ICON_HEIGHT = 3  # body sizes: images shorter than this sit within text rows (icons), bridging gaps in a row
_RAGGED = 2  # font sizes a caption line may stop short of the caption's right edge and still be a full line
_BESIDE_ROWS = 8  # font sizes apart vertically within which another caption's label counts as set beside this one
_RUN_IN_GAP = 0.4  # font sizes under a wide prose line within which a label line continues that paragraph
_LINE_SPACING = 0.7  # font sizes (or 1.3 line gaps, when double-spaced) a caption's next row may be below
_TIGHT_SPACING = 0.45  # the same for a row of another block, which must sit flush and tight to belong
_GAP_SCALE = 1.3  # of the document's usual line gap: leading a caption paragraph may have
_LABEL_GAP = 3.0  # font sizes a bare label ('Figure 3:') may stand from its text on a justified line
_ROW_GAP = 1.5  # font sizes between pieces of one caption row


def mark_captions(pages: list[Page], layout: Layout) -> None:
    """The caption pass: each page's captions, their lines marked, kept on the page for the figure finder."""
    for page in pages:
        page.captions = find_captions(page, layout)


def find_captions(page: Page, layout: Layout) -> list[Caption]:
    """Caption starts on a page, each with its continuation lines; marks those lines as captions.

    Captions set sideways (with a table turned on a portrait page) are found on the page turned to read them.
    """
    captions = _upright_captions(page, layout)
    turns = {line.turn for line in page.lines if line.turn and line.role is Role.TEXT and CAPTION_RE.match(line.text)}
    for turn in sorted(turns):
        view = turned_page(page, turn)
        index = {id(line): n for n, line in enumerate(view.lines)}
        for caption in _upright_captions(view, turned_layout(layout, page, turn)):
            captions.append(Caption(caption.name, caption.kind, [page.lines[index[id(line)]] for line in caption.lines]))
        for line, seen in zip(page.lines, view.lines):
            line.role = seen.role
    return captions


def _upright_captions(page: Page, layout: Layout) -> list[Caption]:
    lines = sorted((line for line in page.lines if line.role is Role.TEXT), key=lambda line: (line.bbox[1], line.bbox[0]))
    pictures = _pictures(page)
    icons = [b for b in page.images if b[3] - b[1] < _ICON_HEIGHT * layout.body_size]
    starts: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        if line.rotated or not CAPTION_RE.match(line.text):
            continue
        if any(inside(line.bbox, picture, 2.0) for picture in pictures):
            continue  # text layer of a screenshot: part of the image, whatever it says
        above = [other for other in lines[:index] if x_overlap(other.bbox, line.bbox) > 0]
        name = _caption_name(line, above[-1] if above else None, layout)
        if name is not None:
            starts.append((index, name))
    captions: list[Caption] = []
    for index, name in starts:
        line = lines[index]
        if line.role is not Role.TEXT:
            continue  # taken by the caption above it
        beside = [lines[i].bbox[0] for i, _ in starts if _beside(lines[i], line)]
        body = _extend_caption(lines, index, layout, icons, min(beside, default=1e9))
        body += _next_column(body, lines, layout, icons)
        if not CAPTION_RE.match(line.text).group("rest").strip() and not _opens_paragraph(line, body, lines):  # type: ignore[union-attr]
            continue  # a bare "Figure 4" is a label in a table or a plot, not a caption
        for member in body:
            member.role = Role.CAPTION
        captions.append(Caption(name, "figure" if name.startswith("Figure") else "table", body))
    return captions


def _next_column(body: list[Line], lines: list[Line], layout: Layout, icons: list[BBox]) -> list[Line]:
    """The right-column half of a caption set in two columns under a full-width figure.

    The left half stops mid-sentence on a full line; the right half is a block of the caption's type size whose
    first line is level with the caption's first line.
    """
    first, last = body[0], body[-1]
    right = max(member.bbox[2] for member in body)
    if (
        not layout.two_columns
        or right > layout.middle
        or last.bbox[2] < right - _RAGGED * first.size
        or last.text.rstrip().endswith((".", "!", "?", ":"))
    ):
        return []
    for index, line in enumerate(lines):
        if (
            line.bbox[0] >= layout.middle
            and abs(line.bbox[1] - first.bbox[1]) < 0.5 * first.size
            and abs(line.size - first.size) < 0.3
            and not line.rotated
            and not CAPTION_RE.match(line.text)
            and not any(other.block == line.block and other.bbox[1] < line.bbox[1] for other in lines[:index])
        ):
            return _extend_caption(lines, index, layout, icons, 1e9)
    return []


def _opens_paragraph(label: Line, body: list[Line], lines: list[Line]) -> bool:
    """A bare label starts a caption only when it stands alone on its row and the line under it spans it.

    In a table, "Table 20" is a cell beside others, and "Figure 2" heads columns whose cells do not span it.
    """
    height = label.bbox[3] - label.bbox[1]
    beside = any(
        other is not label and other.block == label.block and y_overlap(other.bbox, label.bbox) > 0.5 * height
        for other in lines
    )
    spanned = len(body) > 1 and body[1].bbox[0] <= label.bbox[0] + 1 and body[1].bbox[2] >= label.bbox[2] - 1
    return spanned and not beside


def _beside(other: Line, line: Line) -> bool:
    """Another caption set to the right of this one, at about its height: this caption stops short of it."""
    return other.bbox[0] > line.bbox[0] + 2 * line.size and abs(other.bbox[1] - line.bbox[1]) < _BESIDE_ROWS * line.size


def _pictures(page: Page) -> list[BBox]:
    """Raster images whose text layer belongs to the image; one covering half the page is a scan of the page."""
    page_area = page.width * page.height
    return [b for b in page.images if (b[2] - b[0]) * (b[3] - b[1]) < 0.5 * page_area]


def _caption_name(line: Line, previous: Line | None, layout: Layout) -> str | None:
    match = CAPTION_RE.match(line.text)
    if not match:
        return None
    rest = match.group("rest")
    stripped = rest.lstrip()
    name = f"{'Figure' if match.group('kind').lower().startswith('fig') else 'Table'} {match.group('num')}"
    if _CONTINUED.search(stripped):
        name += CONTINUED
    elif stripped and not stripped.startswith(_DELIMITERS):
        # "Figure 3 Training curves" is a caption in some styles; "Figure 3 shows" is prose.
        if not (rest[:1].isspace() and stripped[:1].isupper() and _starts_block(line, previous)):
            return None
    if previous is not None and _continues_paragraph(line, previous, layout):
        return None
    return name


def _starts_block(line: Line, previous: Line | None) -> bool:
    return previous is None or previous.block != line.block


def _continues_paragraph(line: Line, previous: Line, layout: Layout) -> bool:
    """'... as shown in' / 'Figure 3. Then ...': a caption-looking line inside running prose."""
    if previous.block != line.block or previous.role is not Role.TEXT:
        return False
    gap = line.bbox[1] - previous.bbox[3]
    wide = previous.bbox[2] - previous.bbox[0] > 0.8 * layout.column_width
    return wide and gap < _RUN_IN_GAP * line.size and abs(previous.size - line.size) < 0.5 and x_overlap(previous.bbox, line.bbox) > 0


@dataclass
class _Row:
    """One printed row of a caption: pieces the text layer splits apart (math, superscripts, inline icons)."""

    pieces: list[Line]

    @property
    def bbox(self) -> BBox:
        return union([piece.bbox for piece in self.pieces])

    @property
    def main(self) -> Line:
        """The piece carrying most of the row's text: its size and block speak for the row."""
        return max(self.pieces, key=lambda piece: len(piece.text))

    @property
    def top(self) -> float:
        """Top of the row as if every piece were a full line of its size (some fonts report squat boxes)."""
        return min(min(p.bbox[1], p.bbox[3] - p.size) for p in self.pieces)

    @property
    def blocks(self) -> set[int]:
        return {piece.block for piece in self.pieces}


def _extend_caption(lines: list[Line], index: int, layout: Layout, icons: list[BBox], limit: float) -> list[Line]:
    """The caption start `lines[index]` with the rows below it that continue its paragraph, in reading order.

    A caption ends at a short row (its paragraph ended) or at a row of another block that is not set flush and
    tight under it: table headers, footnotes and prose below a caption come in their own blocks. Gaps are
    measured against the document's own line spacing, so double-spaced captions hold together. Nothing at or
    right of `limit` (where a caption set beside this one starts) belongs to it.
    """
    first = lines[index]
    size = first.size
    spacing = max(_LINE_SPACING * size, _GAP_SCALE * layout.line_gap)
    tight = max(_TIGHT_SPACING * size, _GAP_SCALE * layout.line_gap)
    taken: set[int] = set()

    def own_face(line: Line) -> bool:
        """Set in the caption's typeface, which is not the prose's: ragged-right rows of one caption paragraph."""
        return family(line.font) == family(first.font) != layout.body_family

    last = _row(first, lines, layout, icons, taken, label=_bare_label(first), right=limit - 1)
    body = list(last.pieces)
    left, right = first.bbox[0], last.bbox[2]
    for line in lines[index + 1 :]:
        if id(line) in taken or line.rotated or x_overlap(line.bbox, (left, 0, right, 0)) <= 0 or line.bbox[0] >= limit - 1:
            continue  # taken, other column or other item
        box = last.bbox
        if line.bbox[1] < box[3] - 0.5 * (box[3] - box[1]):
            if _fragment(line, last.main, first, right):
                body.append(line)
                taken.add(id(line))
            continue  # else level with the caption's last row: a cell beside it
        row = _row(line, lines, layout, icons, taken, left=left - 2, right=min(right + size, limit - 1))
        main = row.main
        gap = row.top - max(member.bbox[3] for member in body)
        if any(p.role is not Role.TEXT or CAPTION_RE.match(p.text) for p in row.pieces) or gap > spacing:
            break
        if row.bbox[0] < first.bbox[0] - size:
            break  # a caption never continues left of its start: this is the table row the label sits in
        if row.blocks & last.blocks:
            if main.size - size > 1.0 or (len(body) > 1 and box[2] < right - _RAGGED * size and not own_face(main)):
                break
        elif not (
            gap < tight
            and abs(row.bbox[0] - first.bbox[0]) < 2
            and abs(main.size - size) < 0.3
            and box[2] > right - _RAGGED * size
        ):
            break
        right = max(right, row.bbox[2])
        body.extend(row.pieces)
        taken.update(id(piece) for piece in row.pieces)
        if main.size > size - 1.0:
            last = row
    return body


def _row(
    seed: Line,
    lines: list[Line],
    layout: Layout,
    icons: list[BBox],
    taken: set[int],
    label: bool = False,
    left: float | None = None,
    right: float = 1e9,
) -> _Row:
    """The text level with the seed between `left` (default: the seed's start) and `right`, read from its leftmost
    piece for as long as no wide gap interrupts it (`lines` are sorted by their tops).

    Inline images (icons) level with the row bridge gaps; a gap past the middle of a two-column page is the
    gutter, and another caption's label is a caption set beside this one. After a bare label ('Figure 3:') a
    justified line may leave a gap of up to three font sizes.
    """
    # A tall glyph (a radical, a big operator) stretches the seed's box upward, not its row.
    row_box = (seed.bbox[0], max(seed.bbox[1], seed.bbox[3] - 1.3 * seed.size), seed.bbox[2], seed.bbox[3])

    lo = seed.bbox[0] if left is None else left
    top = bisect.bisect_left(lines, seed.bbox[1] - 3 * seed.size, key=lambda line: line.bbox[1])  # sorted by top
    bottom = bisect.bisect_right(lines, seed.bbox[3], key=lambda line: line.bbox[1])
    pieces = sorted(
        (p for p in lines[top:bottom] if id(p) not in taken and p.role is Role.TEXT and one_row(p.bbox, row_box) and lo <= p.bbox[0] < right),
        key=lambda p: p.bbox[0],
    )
    if not pieces:
        return _Row([seed])
    bridges = sorted((box for box in icons if one_row(box, row_box)), key=lambda box: box[0])
    row = pieces[:1]
    end = row[0].bbox[2]
    for piece in pieces[1:]:
        for box in bridges:
            if box[0] - end < seed.size and box[2] > end:
                end = box[2]
        limit = (_LABEL_GAP if label and len(row) == 1 else _ROW_GAP) * seed.size
        gap = piece.bbox[0] - end
        gutter = layout.two_columns and end < layout.middle < piece.bbox[0] + 2 and gap > 0.8 * seed.size
        if gap > limit or gutter or CAPTION_RE.match(piece.text):
            break
        if label and len(row) == 1 and (piece.block != seed.block or abs(piece.size - seed.size) > 0.3):
            break  # a bare label's text is set in its own block and size; anything else is a cell beside it
        row.append(piece)
        end = max(end, piece.bbox[2])
    taken.update(id(piece) for piece in row)
    return _Row(row)


def _bare_label(first: Line) -> bool:
    """'Figure 3:' alone, set apart from its text by a wide justified space."""
    match = CAPTION_RE.match(first.text)
    return match is not None and match.group("rest").strip() in _DELIMITERS


def _fragment(line: Line, last: Line, first: Line, right: float) -> bool:
    """A smaller piece of the caption's last line set half a line off it, like the denominator of a fraction."""
    return (
        line.block == last.block
        and line.role is Role.TEXT
        and line.size < first.size - 1.0
        and line.bbox[0] >= first.bbox[0] - 1
        and line.bbox[2] <= right + 1
        and line.bbox[1] > last.bbox[1]
    )
