"""Fit figure regions to the ink a reader sees.

A region is built from placement boxes: an image's placement keeps its white margins, a path's box counts the
part hidden by a clip or painted over in white. A low-resolution render of the region tells which part of it
is actually inked, and the region shrinks to that (it never grows).
"""

from __future__ import annotations

from typing import Any

from paperdigest.pdf.layout import BBox

_DPI = 72  # one pixel per point: regions are compared at about that precision
_WHITE = 245  # a pixel is ink when any RGB channel is darker than this
_INK = bytes(1 if value < _WHITE else 0 for value in range(256))


def ink_box(page: Any, box: BBox) -> BBox | None:
    """The part of `box` on a pymupdf page holding visible ink (annotations ignored); None when it is blank."""
    import pymupdf

    if page.rotation:
        return box  # the render would be in turned coordinates
    clip = pymupdf.Rect(box) & page.rect
    if clip.is_empty:
        return None
    pix = page.get_pixmap(clip=clip, dpi=_DPI, annots=False, colorspace=pymupdf.csRGB, alpha=False)
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
    scale = _DPI / 72
    found = ((pix.x + left) / scale, (pix.y + top) / scale, (pix.x + right + 1) / scale, (pix.y + bottom + 1) / scale)
    return (max(found[0], box[0]), max(found[1], box[1]), min(found[2], box[2]), min(found[3], box[3]))
