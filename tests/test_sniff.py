"""One sniffer decides what a body is, for downloads (fetch) and for images inlined into HTML reports (render)."""

from __future__ import annotations

import pytest

from paperdigest.fetch import image_kind
from paperdigest.render.html import data_uri
from paperdigest.sniff import image_type, looks_like

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
SAMPLES = {
    "png": PNG,
    "jpg": b"\xff\xd8\xff\xe0" + b"\0" * 16,
    "gif": b"GIF89a" + b"\0" * 16,
    "webp": b"RIFF\0\0\0\0WEBPVP8 " + b"\0" * 8,
}


@pytest.mark.parametrize("kind", SAMPLES)
def test_each_raster_type_is_known_by_its_first_bytes(kind):
    assert image_type(SAMPLES[kind]) == kind
    assert looks_like(kind, SAMPLES[kind])
    assert not looks_like(kind, b"<svg onload=alert(1)>")


@pytest.mark.parametrize("body", [b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"GIF8 not quite", b"RIFF\0\0\0\0WAVE", b""])
def test_anything_else_is_no_image(body):
    assert image_type(body) is None


def test_downloads_and_the_html_report_agree(tmp_path):
    """A half-GIF header passed the report's own check before (b"GIF8"), while downloads refused it."""
    (tmp_path / "half.gif").write_bytes(b"GIF8 not quite")
    (tmp_path / "ok.gif").write_bytes(SAMPLES["gif"])
    assert data_uri("half.gif", tmp_path) is None
    assert data_uri("ok.gif", tmp_path).startswith("data:image/gif;base64,")
    assert not looks_like("gif", b"GIF8 not quite")


def test_pdf_and_html_bodies():
    assert looks_like("pdf", b"  %PDF-1.7\n...") and not looks_like("pdf", b"<html>502</html>")
    assert looks_like("html", b"<!DOCTYPE html><html>") and not looks_like("html", b"%PDF-1.7")


def test_only_raster_image_urls_are_fetched():
    assert image_kind("https://arxiv.org/html/2501.1/x1.PNG") == "png"
    assert image_kind("https://arxiv.org/html/2501.1/x1.jpeg") == "jpg"
    assert image_kind("https://arxiv.org/html/2501.1/x1.svg") is None
