"""Document-wide statistics the line roles depend on: body type, text area, columns, line spacing, running headers.

One page alone cannot tell a header from a heading or a footnote from prose; the whole document can.
"""

from __future__ import annotations

import re
from collections import Counter

from paperdigest.pdf.captions import CAPTION_RE
from paperdigest.pdf.records import Layout, Line, Page, family

BODY_TOLERANCE = 0.6  # points a prose line's size may differ from the body size (footnotes are ~1 smaller)
MARGIN_BAND = 0.1  # fraction of the page height at top and bottom where running headers and footers sit
_MIN_PROSE_CHARS = 25  # shorter lines (labels, cells, headings) say nothing about where prose runs
_EDGE_QUANTILE = 0.03  # left/right edges of the text area ignore this share of outliers (indented or wide lines)
_SHORT_DOCUMENT = 0.5  # prose spanning less of the page height than this cannot show where the text area ends
_TWO_COLUMN_SHARE = 0.6  # share of prose lines within one half of the text area that makes a page two-column
_MAX_LINE_GAP = 2.5  # font sizes: a wider gap between two lines is a paragraph or section break, not leading


def measure(pages: list[Page]) -> Layout:
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
    running = _running_texts(pages)  # running headers must not stretch the text area
    body = [
        line
        for page in pages
        for line in page.lines
        if not line.rotated
        and abs(line.size - body_size) <= BODY_TOLERANCE
        and len(line.text) > _MIN_PROSE_CHARS
        and not (in_margin_band(line, page) and norm(line.text) in running)
    ]
    if not body:
        width, height = (pages[0].width, pages[0].height) if pages else (612.0, 792.0)
        return Layout(body_size, (0.0, 0.0, width, height), False, body_family, running_texts=running)
    x0 = _quantile([line.bbox[0] for line in body], _EDGE_QUANTILE)
    x1 = _quantile([line.bbox[2] for line in body], 1 - _EDGE_QUANTILE)
    y0 = min(line.bbox[1] for line in body)  # few pages start with prose: a quantile would cut them
    y1 = max(line.bbox[3] for line in body)
    # A short paper may start every page with a float, set in smaller type: its captions mark the text area too.
    captions = [line.bbox for page in pages for line in _captions(page, running) if x0 - 2 <= line.bbox[0] and line.bbox[2] <= x1 + 2]
    y0 = min([y0, *(box[1] for box in captions)])
    y1 = max([y1, *(box[3] for box in captions)])
    height = pages[0].height
    if y1 - y0 < _SHORT_DOCUMENT * height:
        # Too little prose to tell where the text area ends (an extended abstract, a two-page note): only the
        # page's outer bands can be margins, so a title or a table above the prose is not taken for a header.
        y0, y1 = min(y0, MARGIN_BAND * height), max(y1, (1 - MARGIN_BAND) * height)
    middle = (x0 + x1) / 2
    narrow = sum(1 for line in body if line.bbox[2] < middle + 5 or line.bbox[0] > middle - 5)
    two_columns = narrow > _TWO_COLUMN_SHARE * len(body)
    gap = _line_gap(pages, body, body_size)
    return Layout(body_size, (x0, y0, x1, y1), two_columns, body_family, gap, running)


def _captions(page: Page, running: frozenset[str]) -> list[Line]:
    """Lines that open a caption ("Table 2: Results on ..."), not running headers that happen to look like one."""
    return [
        line
        for line in page.lines
        if not line.rotated
        and len(line.text) > _MIN_PROSE_CHARS
        and CAPTION_RE.match(line.text)
        and not (in_margin_band(line, page) and norm(line.text) in running)
    ]


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
                if -2 < gap < _MAX_LINE_GAP * size:
                    gaps.append(gap)
    return max(0.0, sorted(gaps)[len(gaps) // 2]) if gaps else 0.0


def _quantile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def norm(text: str) -> str:
    """A line's text as running headers repeat it: page and section numbers vary, so digits are '#'."""
    return re.sub(r"\d+", "#", text.strip().lower())


def _running_texts(pages: list[Page]) -> frozenset[str]:
    """Texts in the margin bands of at least a third of the pages (and of two): running headers and footers."""
    counts = Counter[str]()
    for page in pages:
        seen = {norm(line.text) for line in page.lines if in_margin_band(line, page)}
        counts.update(seen)
    threshold = max(2, len(pages) // 3)
    return frozenset(text for text, n in counts.items() if n >= threshold)


def in_margin_band(line: Line, page: Page) -> bool:
    return line.bbox[3] < MARGIN_BAND * page.height or line.bbox[1] > (1 - MARGIN_BAND) * page.height
