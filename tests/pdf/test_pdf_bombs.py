"""Page bombs, image bombs and memory: each fails (or is rendered within bounds) for its paper only."""

import asyncio
import zlib
from pathlib import Path

import pymupdf
import pytest
from reliability_helpers import allocate

from paperdigest.errors import ParseError
from paperdigest.models import Figure
from paperdigest.figures import _render as render_figures_positional
from paperdigest.pdf import parse_pdf
from paperdigest.workers import Workers


def test_a_5000_page_pdf_is_refused_by_the_page_limit(tmp_path):
    doc = pymupdf.open()
    doc.new_page(width=200, height=200)
    while doc.page_count < 5000:  # doubling: quicker than 5,000 new pages
        copy = pymupdf.open()
        copy.insert_pdf(doc, to_page=min(doc.page_count, 5000 - doc.page_count) - 1)
        doc.insert_pdf(copy)
    assert doc.page_count == 5000
    doc.save(tmp_path / "pages.pdf")
    with pytest.raises(ParseError, match="5000 pages is over the 300-page limit"):
        parse_pdf(tmp_path / "pages.pdf")  # the default limit


def image_bomb(path: Path, side: int) -> None:
    """One page showing a side x side RGB image (side=16000: 768 MB decoded) that compresses to about 1 MB."""
    squeeze = zlib.compressobj(1)
    block = bytes(side * 3 * 256)
    image = b"".join(squeeze.compress(block) for _ in range(side // 256)) + squeeze.flush()
    content = b"q 400 0 0 300 100 100 cm /Im1 Do Q BT /F1 10 Tf 100 80 Td (Figure 1: A bomb.) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 4 0 R >>"
        b" /Font << /F1 6 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8"
        b" /Filter /FlateDecode /Length %d >>\nstream\n" % (side, side, len(image)) + image + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


def test_an_image_bomb_renders_within_the_worker_memory_cap(tmp_path):
    bomb = tmp_path / "bomb.pdf"
    image_bomb(bomb, 16000)
    assert bomb.stat().st_size < 5_000_000
    parsed = parse_pdf(bomb)
    assert [f.name for f in parsed.figures] == ["Figure 1"]

    async def render():
        workers = Workers(size=1, memory_mb=1024)  # less than the image decoded: MuPDF must subsample
        try:
            return await workers.call(60, render_figures_positional, bomb, parsed.figures, tmp_path / "out", 150, "bomb")
        finally:
            workers.close()

    [figure] = asyncio.run(render()).figures
    image = pymupdf.Pixmap(str(tmp_path / "out" / figure.image))
    assert abs(image.width - 833) <= 2 and abs(image.height - 625) <= 2  # 400 x 300 pt at 150 dpi


def test_a_task_over_the_memory_cap_fails_alone_and_the_workers_go_on():
    async def go():
        workers = Workers(size=1, memory_mb=1024)
        try:
            with pytest.raises(ParseError, match="more than its 1024 MB memory limit"):
                await workers.call(30, allocate, 2048)
            return await workers.call(30, allocate, 16)
        finally:
            workers.close()

    assert asyncio.run(go()) == 16 * 2**20


def test_an_unexpected_library_error_becomes_a_parse_error_for_that_paper(tmp_path):
    async def go():
        workers = Workers(size=1)
        try:
            await workers.call(30, Figure.model_validate, {"name": 3})
        finally:
            workers.close()

    with pytest.raises(ParseError, match="ValidationError"):
        asyncio.run(go())
