"""Caption starts and their continuation lines: the anchors figures and tables are found from.

A line is a caption when it starts with a label ("Figure 3:", "Table A1.", "Fig. 2") and is not running prose
that happens to begin a line with one ("Figure 3 shows ..."); its paragraph is followed line by line until the
caption ends, which is also where the body beside it begins.
"""

from __future__ import annotations

from dataclasses import dataclass

from paperdigest.pdf.layout import CAPTION_RE as _CAPTION_RE
from paperdigest.pdf.layout import BBox, Layout, Line, Page, inside, union, x_overlap, y_overlap
from paperdigest.pdf.turned import turned_layout, turned_page

_DELIMITERS = (":", ".", "|", "—", "–", "-")


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


def find_captions(page: Page, layout: Layout) -> list[Caption]:
    """Caption starts on a page, each with its continuation lines; marks those lines as captions.

    Captions set sideways (with a table turned on a portrait page) are found on the page turned to read them.
    """
    captions = _upright_captions(page, layout)
    turns = {line.turn for line in page.lines if line.turn and line.role == "text" and _CAPTION_RE.match(line.text)}
    for turn in sorted(turns):
        view = turned_page(page, turn)
        index = {id(line): n for n, line in enumerate(view.lines)}
        for caption in _upright_captions(view, turned_layout(layout, page, turn)):
            captions.append(Caption(caption.name, caption.kind, [page.lines[index[id(line)]] for line in caption.lines]))
        for line, seen in zip(page.lines, view.lines):
            line.role = seen.role
    return captions


def _upright_captions(page: Page, layout: Layout) -> list[Caption]:
    lines = sorted((line for line in page.lines if line.role == "text"), key=lambda line: (line.bbox[1], line.bbox[0]))
    pictures = _pictures(page)
    captions: list[Caption] = []
    for index, line in enumerate(lines):
        if line.role != "text" or line.rotated or not _CAPTION_RE.match(line.text):
            continue
        if any(inside(line.bbox, picture, 2.0) for picture in pictures):
            continue  # text layer of a screenshot: part of the image, whatever it says
        above = [other for other in lines[:index] if x_overlap(other.bbox, line.bbox) > 0]
        name = _caption_name(line, above[-1] if above else None, layout)
        if name is None:
            continue
        body = [line]
        _extend_caption(body, lines[index + 1 :])
        body += _next_column(body, lines, layout)
        if not _CAPTION_RE.match(line.text).group("rest").strip() and not _opens_paragraph(line, body, lines):  # type: ignore[union-attr]
            continue  # a bare "Figure 4" is a label in a table or a plot, not a caption
        for member in body:
            member.role = "caption"
        captions.append(Caption(name, "figure" if name.startswith("Figure") else "table", body))
    return captions


def _next_column(body: list[Line], lines: list[Line], layout: Layout) -> list[Line]:
    """The right-column half of a caption set in two columns under a full-width figure.

    The left half stops mid-sentence on a full line; the right half is a block of the caption's type size whose
    first line is level with the caption's first line.
    """
    first, last = body[0], body[-1]
    right = max(member.bbox[2] for member in body)
    if (
        not layout.two_columns
        or right > layout.middle
        or last.bbox[2] < right - 2 * first.size
        or last.text.rstrip().endswith((".", "!", "?", ":"))
    ):
        return []
    for index, line in enumerate(lines):
        if (
            line.bbox[0] >= layout.middle
            and abs(line.bbox[1] - first.bbox[1]) < 0.5 * first.size
            and abs(line.size - first.size) < 0.3
            and not line.rotated
            and not _CAPTION_RE.match(line.text)
            and not any(other.block == line.block and other.bbox[1] < line.bbox[1] for other in lines[:index])
        ):
            half = [line]
            _extend_caption(half, lines[index + 1 :])
            return half
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


def _pictures(page: Page) -> list[BBox]:
    """Raster images whose text layer belongs to the image; one covering half the page is a scan of the page."""
    page_area = page.width * page.height
    return [b for b in page.images if (b[2] - b[0]) * (b[3] - b[1]) < 0.5 * page_area]


def _caption_name(line: Line, previous: Line | None, layout: Layout) -> str | None:
    match = _CAPTION_RE.match(line.text)
    if not match:
        return None
    rest = match.group("rest")
    stripped = rest.lstrip()
    if stripped and not stripped.startswith(_DELIMITERS):
        # "Figure 3 Training curves" is a caption in some styles; "Figure 3 shows" is prose.
        if not (rest[:1].isspace() and stripped[:1].isupper() and _starts_block(line, previous)):
            return None
    if previous is not None and _continues_paragraph(line, previous, layout):
        return None
    kind = "Figure" if match.group("kind").lower().startswith("fig") else "Table"
    return f"{kind} {match.group('num')}"


def _starts_block(line: Line, previous: Line | None) -> bool:
    return previous is None or previous.block != line.block


def _continues_paragraph(line: Line, previous: Line, layout: Layout) -> bool:
    """'... as shown in' / 'Figure 3. Then ...': a caption-looking line inside running prose."""
    if previous.block != line.block or previous.role != "text":
        return False
    gap = line.bbox[1] - previous.bbox[3]
    wide = previous.bbox[2] - previous.bbox[0] > 0.8 * layout.column_width
    return wide and gap < 0.4 * line.size and abs(previous.size - line.size) < 0.5 and x_overlap(previous.bbox, line.bbox) > 0


def _extend_caption(body: list[Line], following: list[Line]) -> None:
    """Add the lines below the caption start that continue its paragraph.

    A caption ends at a short line (its paragraph ended) or at a line of another block that is not set flush and
    tight under it: table headers, footnotes and prose below a caption come in their own blocks.
    """
    first = body[0]
    right = first.bbox[2]
    last = first  # last line at the caption's size: small fragments (fraction parts, indices) hang off it
    for line in following:
        if line.rotated:
            continue  # text running another way: an axis label, a margin stamp
        if len(body) == 1 and _label_text(first, line):
            right = line.bbox[2]
            body.append(line)
            continue
        if x_overlap(line.bbox, first.bbox) <= 0:
            continue  # other column or item
        if line.bbox[1] < last.bbox[3] - 0.5 * (last.bbox[3] - last.bbox[1]):
            if _fragment(line, last, first, right):
                body.append(line)
            continue  # else same row as the caption's last line: a cell beside it
        gap = line.bbox[1] - max(member.bbox[3] for member in body)
        if line.role != "text" or _CAPTION_RE.match(line.text) or gap > 0.7 * first.size:
            break
        if line.block == last.block:
            if line.size - first.size > 1.0 or (len(body) > 1 and last.bbox[2] < right - 2 * first.size):
                break
        elif not (
            gap < 0.45 * first.size
            and abs(line.bbox[0] - first.bbox[0]) < 2
            and abs(line.size - first.size) < 0.3
            and last.bbox[2] > right - 2 * first.size
        ):
            break
        right = max(right, line.bbox[2])
        body.append(line)
        if line.size > first.size - 1.0:
            last = line


def _label_text(first: Line, line: Line) -> bool:
    """'Figure 3:' set apart from its text by a wide justified space: the rest of the row is the caption."""
    match = _CAPTION_RE.match(first.text)
    height = min(first.bbox[3] - first.bbox[1], line.bbox[3] - line.bbox[1])
    return (
        match is not None
        and match.group("rest").strip() in _DELIMITERS
        and line.block == first.block
        and abs(line.size - first.size) < 0.3
        and y_overlap(line.bbox, first.bbox) > 0.5 * height
        and 0 <= line.bbox[0] - first.bbox[2] < 3 * first.size
    )


def _fragment(line: Line, last: Line, first: Line, right: float) -> bool:
    """A smaller piece of the caption's last line set half a line off it, like the denominator of a fraction."""
    return (
        line.block == last.block
        and line.role == "text"
        and line.size < first.size - 1.0
        and line.bbox[0] >= first.bbox[0] - 1
        and line.bbox[2] <= right + 1
        and line.bbox[1] > last.bbox[1]
    )
