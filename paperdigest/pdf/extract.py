"""Reading pymupdf pages into records: the only module that looks inside a pymupdf page.

A page is walked once for its text lines, visible drawings and image placements (read_page); a figure region is
rendered once at low resolution to find the ink a reader sees in it (ink_box). document.py only opens files and
writes the PNGs of finished figures.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from paperdigest.pdf.glyphs import plain_letters
from paperdigest.pdf.records import BBox, Line, Page, one_row, union

# A drawing or image covering most of the page is a page background or a scan frame, not a figure's ink.
_PAGE_DRAWING = 0.8
_PAGE_IMAGE = 0.9
# Boxes at least this wide and tall (points) frame a figure: text inside them is figure text, not prose.
_FRAME_WIDTH = 40
_FRAME_HEIGHT = 25
# Images at most this thin (points) are rules drawn as stretched one-pixel images (a table's lines), not pictures.
_RULE_IMAGE = 2
# Lines closer than this (in font sizes) on the same row of a block are one line ("1" + "Introduction").
_ROW_JOIN_GAP = 1.2
# A render at one pixel per point: regions are compared at about that precision.
_INK_DPI = 72
# A pixel is ink when any RGB channel is darker than this (JPEG noise on white stays below).
_WHITE = 245
_INK = bytes(1 if value < _WHITE else 0 for value in range(256))
# A footnote or citation mark: raised digits or daggers set right after a word's punctuation in the same span
# ("S2ORC,1 a large", "task.1", "(Table 11)6."), followed by a word or the line's end. An exponent after a bracket set
# alone, as math is ("(zi - vi)" "2" ", provided"), after raised text ("E" "τ," "1"), or before more math stays.
_MARK = re.compile(r"[\d,∗*†‡§¶]+")
_BEFORE_MARK = re.compile(r"([\w)\]][,.;:”\"]|\w\)|\w\])$(?<!\bRef\.)(?<!\bRefs\.)(?<!\bref\.)(?<!\bNo\.)")  # "Ref.9" is a number
_AFTER_MARK = re.compile(r"\s*($|[.,;:)\]]|[^\W\d_])")
_SUPERSCRIPT = 1  # pymupdf's span flag
_BOLD = 16
# A paragraph's run-in heading ("KILT We report ...", "Coarse-grained Navigation In real life ..."): a few bold words
# with no closing punctuation before regular text that opens a sentence. Prose leaves it out, as it leaves out section
# headings; "Abstract" and "Keywords" labels stay (the abstract and the keywords line are found by them).
_RUN_IN_WORDS = 6
_FRONT_LABEL = re.compile(r"^\W*(abstract|keywords|key words|index terms)\b", re.I)


def read_page(page: Any, number: int) -> Page:
    """Extract one pymupdf page into plain records."""
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
        if box is None or (box[2] - box[0]) * (box[3] - box[1]) > _PAGE_DRAWING * page_area:
            continue
        graphics.append(box)
        if box[2] - box[0] > _FRAME_WIDTH and box[3] - box[1] > _FRAME_HEIGHT:
            frames.append(box)
    for info in page.get_image_info():
        box = _clip(info["bbox"], rect)
        if not box or (box[2] - box[0]) * (box[3] - box[1]) >= _PAGE_IMAGE * page_area:
            continue
        if box[2] - box[0] > _RULE_IMAGE and box[3] - box[1] > _RULE_IMAGE:
            graphics.append(box)
            frames.append(box)
            images.append(box)
        elif max(box[2] - box[0], box[3] - box[1]) > _RULE_IMAGE:  # a one-pixel image stretched into a rule
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
        text = plain_letters("".join(s["text"] for s in raw["spans"]).strip())
        unmarked = plain_letters(_without_marks(_after_run_in_head(raw["spans"])).strip())
        chars = Counter[tuple[float, bool, str]]()
        for s in spans:
            chars[(round(s["size"], 1), _bold(s), s["font"])] += len(
                s["text"].strip()
            )
        (size, bold, font), _ = chars.most_common(1)[0]
        x0, y0, x1, y1 = raw["bbox"]
        dx, dy = raw["dir"]
        box, turn = (x0, y0, x1, y1), _turn_of(dx, dy)
        line = Line(box, text, size, bold, block["number"], font, dx < 0.9, turn, unmarked=unmarked if unmarked != text else None)
        prev = out[-1] if out else None
        if prev and not (line.rotated or prev.rotated) and _same_row(prev, line):
            out[-1] = _join(prev, line)
        else:
            out.append(line)
    return out


def _bold(span: dict[str, Any]) -> bool:
    return bool(span["flags"] & _BOLD) or "bold" in span["font"].lower()


def _run_in_head(head: str, rest: str) -> bool:
    head = head.strip()
    return (
        0 < len(head.split()) <= _RUN_IN_WORDS
        and (head[:1].isupper() or head[:1].isdigit())  # "tion in documents": the rest of a heading broken over lines
        and re.search(r"[^\W\d_]{2}", head) is not None  # a bold "A" is a matrix
        and not re.search(r"[.:;,!?)\]]$", head)
        and not _FRONT_LABEL.match(head)
        and rest.lstrip()[:1].isupper()
    )


def _after_run_in_head(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A line's spans, less the bold run-in heading it opens with (if it does)."""
    first_regular = next((i for i, s in enumerate(spans) if s["text"].strip() and not _bold(s)), 0)
    head, rest = "".join(s["text"] for s in spans[:first_regular]), "".join(s["text"] for s in spans[first_regular:])
    return spans[first_regular:] if first_regular and _run_in_head(head, rest) else spans


def _without_marks(spans: list[dict[str, Any]]) -> str:
    """A line's text without the footnote and citation marks raised after its words (a mark is not text)."""
    kept: list[str] = []
    after_a_mark = False  # "7" ",8": a mark set in two spans
    for index, span in enumerate(spans):
        previous = spans[index - 1] if index else {"text": "", "flags": _SUPERSCRIPT}
        before = previous["text"]
        if before in (".", ",", ";", ":") and index > 1:  # "Table" " 4" "." "2": the full stop set alone
            before = spans[index - 2]["text"] + before
        after_words = not previous["flags"] & _SUPERSCRIPT and _BEFORE_MARK.search(before)
        raised_mark = span["flags"] & _SUPERSCRIPT and _MARK.fullmatch(span["text"].strip()) and (after_words or after_a_mark)
        following = _next_text(spans, index) if raised_mark else ""
        after_a_mark = bool(raised_mark and _AFTER_MARK.match(following))
        if not after_a_mark:
            kept.append(span["text"])
        elif following[:1].isalpha():  # the mark stood between two words
            kept.append(" ")
    return "".join(kept)


def _next_text(spans: list[dict[str, Any]], index: int) -> str:
    return next((s["text"] for s in spans[index + 1 :] if s["text"].strip()), "")


def _turn_of(dx: float, dy: float) -> int:
    """Degrees counterclockwise a line's writing direction (dx, dy) is turned, when it is a right angle; else 0."""
    if abs(dx) > 0.99:
        return 0 if dx > 0 else 180
    if abs(dy) > 0.99:
        return 90 if dy < 0 else 270  # page y grows downward: text reading upward has dy < 0
    return 0


def _same_row(a: Line, b: Line) -> bool:
    gap = b.bbox[0] - a.bbox[2]
    return one_row(a.bbox, b.bbox) and -1 < gap < _ROW_JOIN_GAP * max(a.size, b.size)


def _join(a: Line, b: Line) -> Line:
    lead = a if len(a.text) >= len(b.text) else b
    if a.bold and not b.bold and a.bbox[0] < b.bbox[0] and _run_in_head(a.text, b.text):  # "KILT" set apart on its row
        unmarked: str | None = b.prose
    else:
        unmarked = f"{a.prose} {b.prose}" if a.unmarked is not None or b.unmarked is not None else None
    return Line(union([a.bbox, b.bbox]), f"{a.text} {b.text}", lead.size, a.bold and b.bold, a.block, lead.font, unmarked=unmarked)


def ink_box(page: Any, box: BBox) -> BBox | None:
    """The part of `box` on a pymupdf page holding visible ink (annotations ignored); None when it is blank.

    A region is built from placement boxes: an image's placement keeps its white margins, a path's box counts the
    part hidden by a clip or painted over in white. The render shows which part is actually inked; the region
    shrinks to that (it never grows).
    """
    import pymupdf

    if page.rotation:
        return box  # the render would be in turned coordinates
    clip = pymupdf.Rect(box) & page.rect
    if clip.is_empty:
        return None
    pix = page.get_pixmap(clip=clip, dpi=_INK_DPI, annots=False, colorspace=pymupdf.csRGB, alpha=False)
    marks = pix.samples.translate(_INK)
    stride, row_bytes = pix.stride, pix.width * pix.n
    first, last = marks.find(1), marks.rfind(1)
    if first < 0:
        return None
    top, bottom = first // stride, last // stride
    left, right = pix.width, -1
    for y in range(top, bottom + 1):
        row = marks[y * stride : y * stride + row_bytes]
        start = row.find(1)
        if start >= 0:
            left = min(left, start // pix.n)
            right = max(right, row.rfind(1) // pix.n)
    scale = _INK_DPI / 72
    found = ((pix.x + left) / scale, (pix.y + top) / scale, (pix.x + right + 1) / scale, (pix.y + bottom + 1) / scale)
    return (max(found[0], box[0]), max(found[1], box[1]), min(found[2], box[2]), min(found[3], box[3]))
