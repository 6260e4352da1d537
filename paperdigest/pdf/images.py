"""Images made smaller (for a mail that must stay under a size limit): MuPDF decodes and re-encodes them."""

from __future__ import annotations


def downscale(data: bytes, factor: int = 2) -> bytes:
    """The image `factor` times smaller on each side, as PNG; ValueError if MuPDF cannot read it."""
    import pymupdf

    try:
        pixmap = pymupdf.Pixmap(data)
    except (RuntimeError, ValueError) as exc:
        raise ValueError(f"not an image MuPDF reads: {exc}") from exc
    if pixmap.alpha:
        pixmap = pymupdf.Pixmap(pixmap, 0)  # drop the alpha channel: PNG without it is smaller
    shrink = max(1, factor.bit_length() - 1)  # Pixmap.shrink(n) halves n times
    pixmap.shrink(shrink)
    return pixmap.tobytes("png")
