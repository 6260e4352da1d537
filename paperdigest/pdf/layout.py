"""Pages as plain data: text lines with their role, and the visible ink (drawings, images).

Everything downstream (figures, sections) works on these records, so pymupdf is touched once per page here and
the heuristics can be tested on plain tuples. Roles are decided with document-wide statistics (body font size,
text area, running headers) because one page alone cannot tell a header from a heading.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

BBox = tuple[float, float, float, float]

_SUBCAPTION = re.compile(r"^\(?[a-z]\)\s")
BODY_TOLERANCE = 0.6  # points a prose line's size may differ from the body size (footnotes are ~1 smaller)
# Lines closer than this (in font sizes) on the same row of a block are one line ("1" + "Introduction").
_ROW_JOIN_GAP = 1.2
CAPTION_RE = re.compile(
    r"^(?P<kind>Figure|FIGURE|Fig\.?|FIG\.?|Table|TABLE)\s*(?P<num>[A-Z]?\d+|[IVX]+)\b(?P<rest>.*)$"
)


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
    role: str = "text"  # body | heading | front | margin | caption | contents | text (figure labels, equations, ...)


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line]
    graphics: list[BBox]  # visible drawings and image placements
    frames: list[BBox] = field(default_factory=list)  # larger boxes: lines inside are figure text, not body
    images: list[BBox] = field(default_factory=list)  # raster image placements (also in graphics)


@dataclass
class Layout:
    """Document-wide facts the roles depend on."""

    body_size: float
    text_box: BBox  # area holding body text across the document
    two_columns: bool
    body_family: str = ""  # font family of the prose: code listings and plot labels use others
    line_gap: float = 0.0  # usual blank space between two lines of a paragraph (large when double-spaced)

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


def inside(inner: BBox, outer: BBox, tol: float = 1.0) -> bool:
    return (
        inner[0] >= outer[0] - tol
        and inner[1] >= outer[1] - tol
        and inner[2] <= outer[2] + tol
        and inner[3] <= outer[3] + tol
    )


def read_page(page: Any, number: int) -> Page:
    """Extract one pymupdf page into plain records (the only place that walks pymupdf page objects)."""
    import pymupdf

    # The text layer as get_text("dict") gives it by default (a glyph without a Unicode mapping keeps its font
    # code, as other PDF tools show it, not U+FFFD), minus decoding the images, of which only placements are used.
    flags = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES
    rect = page.rect
    data = page.get_text("dict", flags=flags)
    lines: list[Line] = []
    for block in data["blocks"]:
        if block["type"] != 0:
            continue
        lines.extend(_block_lines(block))
    page_area = rect.width * rect.height
    graphics: list[BBox] = []
    frames: list[BBox] = []
    images: list[BBox] = []
    for drawing in page.get_cdrawings():  # the raw variant: same keys, several times faster on dense plots
        box = _visible_drawing(drawing, rect)
        if box is None or (box[2] - box[0]) * (box[3] - box[1]) > 0.8 * page_area:
            continue
        graphics.append(box)
        if box[2] - box[0] > 40 and box[3] - box[1] > 25:
            frames.append(box)
    for info in page.get_image_info():
        box = _clip(info["bbox"], rect)
        if not box or (box[2] - box[0]) * (box[3] - box[1]) >= 0.9 * page_area:
            continue
        if box[2] - box[0] > 2 and box[3] - box[1] > 2:
            graphics.append(box)
            frames.append(box)
            images.append(box)
        elif max(box[2] - box[0], box[3] - box[1]) > 2:  # a one-pixel image stretched into a rule: a table's line
            graphics.append(box)
    return Page(number, rect.width, rect.height, lines, graphics, frames, images)


def _clip(box: Any, rect: Any) -> BBox | None:
    x0, y0 = max(box[0], rect.x0), max(box[1], rect.y0)
    x1, y1 = min(box[2], rect.x1), min(box[3], rect.y1)
    return (x0, y0, x1, y1) if x1 >= x0 and y1 >= y0 else None


def _visible_drawing(drawing: dict[str, Any], rect: Any) -> BBox | None:
    """Drop paths that leave no ink: white fills without stroke, fully transparent paint."""
    kind = drawing.get("type", "")
    stroked = "s" in kind and drawing.get("color") is not None and (drawing.get("stroke_opacity") or 0) > 0
    fill = drawing.get("fill")
    filled = "f" in kind and fill is not None and (drawing.get("fill_opacity") or 0) > 0
    if filled and not stroked and min(fill) > 0.97:
        filled = False
    if not (stroked or filled):
        return None
    box = _clip(drawing["rect"], rect)
    if box is None:
        return None
    if stroked:  # a hairline's rect has no height: give it its stroke width
        half = max(drawing.get("width") or 0, 0.5) / 2
        if box[3] - box[1] < 2 * half:
            box = (box[0], box[1] - half, box[2], box[3] + half)
        if box[2] - box[0] < 2 * half:
            box = (box[0] - half, box[1], box[2] + half, box[3])
    return box


def _block_lines(block: dict[str, Any]) -> list[Line]:
    out: list[Line] = []
    for raw in block["lines"]:
        spans = [s for s in raw["spans"] if s["text"].strip()]
        if not spans:
            continue
        text = "".join(s["text"] for s in raw["spans"]).strip()
        chars = Counter[tuple[float, bool, str]]()
        for s in spans:
            chars[(round(s["size"], 1), bool(s["flags"] & 16) or "bold" in s["font"].lower(), s["font"])] += len(
                s["text"].strip()
            )
        (size, bold, font), _ = chars.most_common(1)[0]
        x0, y0, x1, y1 = raw["bbox"]
        dx, dy = raw["dir"]
        line = Line((x0, y0, x1, y1), text, size, bold, block["number"], font, dx < 0.9, _turn_of(dx, dy))
        prev = out[-1] if out else None
        if prev and not (line.rotated or prev.rotated) and _same_row(prev, line):
            out[-1] = _join(prev, line)
        else:
            out.append(line)
    return out


def _turn_of(dx: float, dy: float) -> int:
    """Degrees counterclockwise a line's writing direction (dx, dy) is turned, when it is a right angle; else 0."""
    if abs(dx) > 0.99:
        return 0 if dx > 0 else 180
    if abs(dy) > 0.99:
        return 90 if dy < 0 else 270  # page y grows downward: text reading upward has dy < 0
    return 0


def _same_row(a: Line, b: Line) -> bool:
    height = min(a.bbox[3] - a.bbox[1], b.bbox[3] - b.bbox[1])
    gap = b.bbox[0] - a.bbox[2]
    return y_overlap(a.bbox, b.bbox) > 0.5 * height and -1 < gap < _ROW_JOIN_GAP * max(a.size, b.size)


def _join(a: Line, b: Line) -> Line:
    lead = a if len(a.text) >= len(b.text) else b
    return Line(union([a.bbox, b.bbox]), f"{a.text} {b.text}", lead.size, a.bold and b.bold, a.block, lead.font)


def analyse(pages: list[Page]) -> Layout:
    """Body font size, text area and columns, from the lines of the whole document."""
    sizes = Counter[float]()
    families = Counter[str]()
    for page in pages:
        for line in page.lines:
            if not line.rotated:
                sizes[round(line.size)] += len(line.text)
                families[family(line.font)] += len(line.text)
    body_size = float(sizes.most_common(1)[0][0]) if sizes else 10.0
    body_family = families.most_common(1)[0][0] if families else ""
    repeated = _repeated_margin_texts(pages)  # running headers must not stretch the text area
    body = [
        line
        for page in pages
        for line in page.lines
        if not line.rotated
        and abs(line.size - body_size) <= BODY_TOLERANCE
        and len(line.text) > 25
        and not (_in_margin_band(line, page) and _norm(line.text) in repeated)
    ]
    if not body:
        width, height = (pages[0].width, pages[0].height) if pages else (612.0, 792.0)
        return Layout(body_size, (0.0, 0.0, width, height), False, body_family)
    x0 = _quantile([line.bbox[0] for line in body], 0.03)
    x1 = _quantile([line.bbox[2] for line in body], 0.97)
    y0 = min(line.bbox[1] for line in body)  # few pages start with prose: a quantile would cut them
    y1 = max(line.bbox[3] for line in body)
    height = pages[0].height
    if y1 - y0 < 0.5 * height:
        # Too little prose to tell where the text area ends (an extended abstract, a two-page note): only the
        # page's outer bands can be margins, so a title or a table above the prose is not taken for a header.
        y0, y1 = min(y0, 0.1 * height), max(y1, 0.9 * height)
    middle = (x0 + x1) / 2
    narrow = sum(1 for line in body if line.bbox[2] < middle + 5 or line.bbox[0] > middle - 5)
    return Layout(body_size, (x0, y0, x1, y1), narrow > 0.6 * len(body), body_family, _line_gap(pages, body, body_size))


def _line_gap(pages: list[Page], body: list[Line], size: float) -> float:
    """Median space between a prose line and the next one below it starting at the same left edge.

    Tops are taken a font size above the bottom, as some fonts report squat line boxes.
    """
    prose = {id(line) for line in body}
    gaps = []
    for page in pages:
        by_edge: dict[int, list[Line]] = {}
        for line in page.lines:
            if id(line) in prose:
                by_edge.setdefault(round(line.bbox[0] / 4), []).append(line)
        for lines in by_edge.values():
            lines.sort(key=lambda line: line.bbox[1])
            for a, b in zip(lines, lines[1:]):
                gap = min(b.bbox[1], b.bbox[3] - b.size) - a.bbox[3]
                if -2 < gap < 2.5 * size:
                    gaps.append(gap)
    return max(0.0, sorted(gaps)[len(gaps) // 2]) if gaps else 0.0


def family(font: str) -> str:
    """'ABCDEF+NimbusRomNo9L-Regu' -> 'nimbusromno9l': subset tag and style dropped."""
    return re.split(r"[-,]", font.split("+")[-1])[0].lower()


def _quantile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def mark_margins(pages: list[Page], layout: Layout) -> None:
    """Mark running headers/footers, page numbers, line numbers and margin stamps."""
    repeated = _repeated_margin_texts(pages)
    for page in pages:
        for line in page.lines:
            if _is_margin(line, page, layout, repeated):
                line.role = "margin"


def _norm(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def _repeated_margin_texts(pages: list[Page]) -> set[str]:
    counts = Counter[str]()
    for page in pages:
        seen = {_norm(line.text) for line in page.lines if _in_margin_band(line, page)}
        counts.update(seen)
    threshold = max(2, len(pages) // 3)
    return {text for text, n in counts.items() if n >= threshold}


def _in_margin_band(line: Line, page: Page) -> bool:
    return line.bbox[3] < 0.1 * page.height or line.bbox[1] > 0.9 * page.height


def _is_margin(line: Line, page: Page, layout: Layout, repeated: set[str]) -> bool:
    x0, y0, x1, y1 = line.bbox
    tx0, ty0, tx1, ty1 = layout.text_box
    if y1 < ty0 - 0.6 * line.size or y0 > ty1 + 0.6 * line.size:
        # a full-page figure pushes its caption past the prose: a label under it is no page footer
        label = CAPTION_RE.match(line.text) and _norm(line.text) not in repeated
        return not (label and x0 >= tx0 - 2 and x1 <= tx1 + 2)
    if x1 < tx0 - 2 or x0 > tx1 + 2:  # line numbers, side notes
        return True
    if _in_margin_band(line, page) and (_norm(line.text) in repeated or line.text.strip().isdigit()):
        return True
    return False


def _body_like(line: Line, layout: Layout) -> bool:
    """A line of running prose: body size and font, wide, mostly words."""
    if abs(line.size - layout.body_size) > BODY_TOLERANCE or family(line.font) != layout.body_family:
        return False
    if _SUBCAPTION.match(line.text):
        return False  # "(b) Received size and delay.": a panel's caption; in a list, its block-mates make it prose
    return _wordy(line, layout)


def _numeric_prose(lines: list[Line], layout: Layout) -> list[Line]:
    """Full lines of the body's type with a few words among many numbers ("fields of 0.74 ± 0.53, 1.49 ± 1.06"):
    prose when two or more share a block; one alone may be a table row set as a single line."""
    full = [
        line
        for line in lines
        if line.role == "text"
        and abs(line.size - layout.body_size) <= BODY_TOLERANCE
        and family(line.font) == layout.body_family
        and line.bbox[2] - line.bbox[0] >= 0.9 * layout.column_width
        and sum(sum(c.isalpha() for c in word) >= 2 for word in line.text.split()) >= 5
    ]
    return full if len(full) >= 2 else []


def _wordy(line: Line, layout: Layout) -> bool:
    """Wide and mostly words, whatever the type."""
    if line.bbox[2] - line.bbox[0] < 0.45 * layout.column_width:  # wrapped beside a figure: about half
        return False
    text = line.text
    letters = sum(c.isalpha() for c in text)
    return len(text.split()) >= 6 and letters >= 0.6 * len(text.replace(" ", ""))


def _tabular(lines: list[Line]) -> bool:
    """Prose never sets two lines side by side; a block that does on several rows is a table."""
    rows = 0
    for a, b in zip(lines, lines[1:]):
        height = min(a.bbox[3] - a.bbox[1], b.bbox[3] - b.bbox[1])
        if y_overlap(a.bbox, b.bbox) > 0.5 * height and x_overlap(a.bbox, b.bbox) < 0:
            rows += 1
    return rows >= 2


def free_blocks(page: Page) -> list[tuple[list[Line], list[Line]]]:
    """Unassigned lines (and headings) per block, each with the part outside every frame (figure text is never prose)."""
    blocks: dict[int, list[Line]] = {}
    for line in page.lines:
        if line.role in ("text", "heading"):
            blocks.setdefault(line.block, []).append(line)
    return [(lines, [line for line in lines if not any(inside(line.bbox, f, 2.0) for f in page.frames)]) for lines in blocks.values()]


def mark_body(page: Page, layout: Layout) -> None:
    """Mark body paragraphs among lines still unassigned (captions and headings come first).

    Body lines are prose outside any frame; their block-mates of the same size are body too."""
    for lines, free in free_blocks(page):
        numeric = _numeric_prose(free, layout)
        body = [line for line in free if line.role == "text" and (_body_like(line, layout) or line in numeric)]
        if _tabular(lines):
            body = []
        if body and (len(body) >= 0.4 * len(lines) or len(body) >= 2):
            sizes = {round(line.size) for line in body}
            for line in free:
                if line.role == "text" and (
                    round(line.size) in sizes or abs(line.size - layout.body_size) <= BODY_TOLERANCE or _wordy(line, layout)
                ):
                    line.role = "body"  # an example sentence in smaller type within a paragraph is prose too
