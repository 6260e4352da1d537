"""Pages seen the way a reader of turned text sees them: a table set sideways on a portrait page.

Captions and bodies are found with rules written for text that runs left to right, captions above or below their
bodies. Rather than teaching each rule about rotation, a page holding text turned by a right angle is turned so
that text runs left to right, searched with the same rules, and the boxes found are turned back.
"""

from __future__ import annotations

from dataclasses import replace

from paperdigest.pdf.records import BBox, Layout, Page


def turn_box(box: BBox, page: Page, turn: int) -> BBox:
    """A page box in the frame where text turned by `turn` degrees reads left to right."""
    x0, y0, x1, y1 = box
    if turn == 90:
        return (page.height - y1, x0, page.height - y0, x1)
    if turn == 270:
        return (y0, page.width - x1, y1, page.width - x0)
    if turn == 180:
        return (page.width - x1, page.height - y1, page.width - x0, page.height - y0)
    return box


def unturn_box(box: BBox, page: Page, turn: int) -> BBox:
    """The page box of a box in the turned frame (the inverse of turn_box)."""
    x0, y0, x1, y1 = box
    if turn == 90:
        return (y0, page.height - x1, y1, page.height - x0)
    if turn == 270:
        return (page.width - y1, x0, page.width - y0, x1)
    return turn_box(box, page, turn)  # turning by 0 or 180 degrees is its own inverse


def turned_page(page: Page, turn: int) -> Page:
    """The page turned so lines turned by `turn` read left to right; lines keep their index and role."""
    lines = [
        replace(line, bbox=turn_box(line.bbox, page, turn), turn=(line.turn - turn) % 360, rotated=line.turn != turn)
        for line in page.lines
    ]
    width, height = (page.height, page.width) if turn in (90, 270) else (page.width, page.height)

    def boxes(items: list[BBox]) -> list[BBox]:
        return [turn_box(box, page, turn) for box in items]

    return Page(page.number, width, height, lines, boxes(page.graphics), boxes(page.frames), boxes(page.images))


def turned_layout(layout: Layout, page: Page, turn: int) -> Layout:
    """The text area in the turned frame; a page of turned text is read as one column."""
    return Layout(layout.body_size, turn_box(layout.text_box, page, turn), False, layout.body_family)
