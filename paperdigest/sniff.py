"""What a body is, judged by its first bytes, never by its name or a server's Content-Type."""

from __future__ import annotations

# Raster images only: an SVG can carry scripts, and the HTML report inlines images.
_IMAGE_MAGIC = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
}
IMAGE_MIME = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}


def image_type(data: bytes) -> str | None:
    """'png', 'jpg', 'gif' or 'webp' when the bytes start like one, else None."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return next((kind for kind, magics in _IMAGE_MAGIC.items() if data.startswith(magics)), None)


def looks_like(kind: str, data: bytes) -> bool:
    """Whether a downloaded body is the kind asked for: an image type, 'pdf' or 'html'."""
    if kind in IMAGE_MIME:
        return image_type(data) == kind
    head = data[:1024].lstrip().lower()
    return head.startswith(b"%pdf-") if kind == "pdf" else (b"<html" in head or b"<!doctype html" in head)
