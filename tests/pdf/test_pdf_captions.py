"""Caption text on PDFs drawn here: rows the text layer splits apart, double spacing, captions set side by side."""

from __future__ import annotations

from pathlib import Path

import pymupdf
from test_pdf_parse import _prose, _ruled_table

from paperdigest.pdf import parse_pdf, render_figures


def _by_name(path: Path) -> dict[str, tuple[str, tuple[float, float, float, float] | None]]:
    return {f.name: (f.caption, f.region_bbox) for f in parse_pdf(path).figures}


def test_double_spaced_caption_is_read_whole(tmp_path: Path) -> None:
    """A double-spaced manuscript: every line its own block, 18 pt apart, caption included."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    words = "the model reads each paper and writes a summary of the main result for the weekly meeting".split()
    for i in range(12):  # prose, one insert per line
        page.insert_text((72, 80 + 18 * i), " ".join(words[i % 5 :] + words[: i % 5]), fontsize=10, fontname="tiro")
    page.draw_rect((150, 300, 460, 420), color=(0, 0, 0), fill=(0.7, 0.8, 1.0))
    caption = [
        "Figure 1: Schematic workflow of the annotation. First, the set of paragraphs was annotated by",
        "hand and checked twice. Highlighted in green are the tokens that were annotated and then",
        "extracted by the network.",
    ]
    for i, text in enumerate(caption):
        page.insert_text((72, 445 + 18 * i), text, fontsize=10, fontname="tiro")
    for i in range(8):
        page.insert_text((72, 530 + 18 * i), " ".join(words[i % 7 :] + words[: i % 7]), fontsize=10, fontname="tiro")
    doc.save(tmp_path / "double.pdf")
    text, region = _by_name(tmp_path / "double.pdf")["Figure 1"]
    assert text == " ".join(caption)
    assert region is not None and abs(region[1] - 300) < 2 and abs(region[3] - 420) < 2


def test_caption_row_split_by_icons_and_superscripts(tmp_path: Path) -> None:
    """Inline icons and superscript citation numbers cut a caption's rows into pieces in separate blocks."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    _prose(page, (72, 540), 72, 200)
    icon = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8), False)
    icon.set_rect(icon.irect, (20, 120, 20))
    writer, font = pymupdf.TextWriter(page.rect), pymupdf.Font("tiro")

    def put(x: float, y: float, text: str, size: float = 10) -> float:
        writer.append((x, y), text, font=font, fontsize=size)
        return writer.last_point.x

    end = put(72, 230, "Table 1: Systems and agents. We mark the systems we classified as an agent with the icon")
    page.insert_image(pymupdf.Rect(end + 2, 221, end + 11, 230), pixmap=icon)
    put(end + 12, 226, "48", 7)
    end = put(72, 243, "and multi-agent systems with the icon")
    page.insert_image(pymupdf.Rect(end + 2, 234, end + 11, 243), pixmap=icon)
    end = put(end + 12, 239, "49", 7)
    put(end + 2, 243, "; the release date column gives the date of the first version of each")
    put(72, 256, "paper.")
    writer.write_text(page)
    table = (100, 275, 510, 355)
    _ruled_table(page, table)
    _prose(page, (72, 540), 380, 740)
    doc.save(tmp_path / "icons.pdf")
    text, region = _by_name(tmp_path / "icons.pdf")["Table 1"]
    assert text == (
        "Table 1: Systems and agents. We mark the systems we classified as an agent with the icon 48 "
        "and multi-agent systems with the icon 49 ; the release date column gives the date of the first version of each "
        "paper."
    )
    assert region is not None and abs(region[1] - 275) < 2


def test_captions_set_side_by_side(tmp_path: Path) -> None:
    """Two figures side by side whose captions run a few points apart: each caption keeps to its own column."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    _prose(page, (72, 540), 72, 200)
    left, right = (72, 300), (306, 540)
    page.draw_rect((80, 220, 290, 330), color=(0, 0, 0), fill=(0.9, 0.7, 0.7))
    page.draw_rect((316, 220, 530, 330), color=(0, 0, 0), fill=(0.7, 0.9, 0.7))
    lines = {
        left: ["Fig. 3. Aggregated capacities of the first phone", "and the second phone, stacked from top to", "bottom."],
        right: ["Fig. 4. The physical layer data rate grows", "with the number of retransmissions per", "block."],
    }
    for (x0, _), texts in lines.items():
        for i, text in enumerate(texts):
            page.insert_text((x0, 345 + 12 * i), text, fontsize=10, fontname="tiro")
    _prose(page, (72, 540), 400, 740)
    doc.save(tmp_path / "beside.pdf")
    found = _by_name(tmp_path / "beside.pdf")
    assert found["Figure 3"][0] == " ".join(lines[left])
    assert found["Figure 4"][0] == " ".join(lines[right])


def test_table_continued_on_the_next_pages(tmp_path: Path) -> None:
    """A long table over three pages: each later part is its own item named '<name> (continued)', one PNG each."""
    doc = pymupdf.open()
    headers = ["Table 1: Results of every system on every benchmark.", "Table 1 - continued from previous page", "Table 1 (cont.)"]
    tables = [(100, 300, 510, 700), (100, 95, 510, 400), (100, 95, 510, 300)]
    for number, (header, table) in enumerate(zip(headers, tables), start=1):
        page = doc.new_page(width=612, height=792)
        if number == 1:
            _prose(page, (72, 540), 72, 270)
        page.insert_text((200, table[1] - 10), header, fontsize=9, fontname="tiro")
        _ruled_table(page, table)
        if number > 1:
            _prose(page, (72, 540), table[3] + 25, 740)
    doc.save(tmp_path / "long.pdf")
    figures = parse_pdf(tmp_path / "long.pdf").figures
    assert [(f.name, f.page, f.caption) for f in figures] == [
        ("Table 1", 1, headers[0]),
        ("Table 1 (continued)", 2, headers[1]),
        ("Table 1 (continued)", 3, headers[2]),
    ]
    assert all(abs(f.region_bbox[1] - t[1]) < 2 and abs(f.region_bbox[3] - t[3]) < 2 for f, t in zip(figures, tables) if f.region_bbox)
    images = [f.image for f in render_figures(tmp_path / "long.pdf", figures, tmp_path / "png", dpi=30, stem="long")]
    assert images == ["long-table-1.png", "long-table-1-continued.png", "long-table-1-continued-p3.png"]


def test_table_label_whose_next_row_reaches_left_of_it_is_a_cell() -> None:
    """A table of pointers names other tables in its last column; the row under a label starts left of it."""
    from paperdigest.pdf.captions import find_captions
    from paperdigest.pdf.records import Layout, Line, Page, Role

    label = Line((453, 243, 490, 253), "Table 20", 10.0, False, 7)
    row = Line((275, 254, 490, 264), "Memory Usage (Combined) Table 21", 10.0, False, 7)
    caption = Line((230, 73, 381, 83), "Table 8: Pointers to results tables.", 10.0, False, 1)
    page = Page(1, 612, 792, [caption, label, row], [])
    (found,) = find_captions(page, Layout(10.0, (72, 72, 540, 720), False))
    assert found.name == "Table 8" and label.role is Role.TEXT


def test_table_ruled_with_stretched_one_pixel_images(tmp_path: Path) -> None:
    """Some generators draw rules as a one-pixel image stretched into a line; such a box makes a table of its
    prose-like rows."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    _prose(page, (72, 540), 72, 200)
    pixel = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 1, 1), False)
    pixel.set_pixel(0, 0, (0,))
    box = (160, 220, 452, 262)
    for rule in ((160, 220, 452, 220.5), (160, 261.5, 452, 262), (160, 220, 160.5, 262), (451.5, 220, 452, 262)):
        page.insert_image(pymupdf.Rect(*rule), pixmap=pixel, keep_proportion=False)
    for i, row in enumerate(["Group 1: Tea party; Easter; Bridal shower; Baby shower", "Group 2: Bridge; Viaduct; Suspension bridge; Tunnel"]):
        page.insert_text((166, 235 + 14 * i), row, fontsize=9, fontname="tiro")
    page.insert_text((170, 280), "Table 2: Example classes from the clusters of the covariance matrix.", fontsize=9, fontname="tiro")
    _prose(page, (72, 540), 300, 700)
    doc.save(tmp_path / "pixels.pdf")
    (table,) = parse_pdf(tmp_path / "pixels.pdf").figures
    assert table.name == "Table 2" and table.region_bbox is not None
    assert all(abs(a - b) < 1.5 for a, b in zip(table.region_bbox, box))


def test_panel_captions_in_the_body_font_belong_to_the_figure(tmp_path: Path) -> None:
    """'(b) Received size and delay of every packet.' under a panel, set like prose, is part of the figure."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    _prose(page, (72, 540), 72, 200)
    for i, top in enumerate((215, 330)):
        page.draw_rect((120, top, 490, top + 80), color=(0, 0, 0), fill=(0.8, 0.9, 1.0))
        label = "ab"[i]
        page.insert_text((150, top + 96), f"({label}) Received size of every packet and the delay of each one.", fontsize=10, fontname="tiro")
    page.insert_text((72, 450), "Figure 10: Packet loss and retransmission cause a burst of packets.", fontsize=10, fontname="tiro")
    _prose(page, (72, 540), 470, 700)
    doc.save(tmp_path / "panels.pdf")
    (figure,) = parse_pdf(tmp_path / "panels.pdf").figures
    assert figure.name == "Figure 10" and figure.region_bbox is not None
    assert abs(figure.region_bbox[1] - 215) < 2 and figure.region_bbox[3] > 425


def test_example_sentence_in_small_type_above_a_figure_is_prose(tmp_path: Path) -> None:
    """A paragraph that ends in an example set in smaller type, right above a figure: the example is prose."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    _prose(page, (72, 540), 72, 180)
    page.insert_text((72, 200), "The second task asks the model to reason about events in a short story, for example:", fontsize=10, fontname="tiro")
    page.insert_text((72, 211), "Input: Sean was in a rush to get home, but the light turned yellow and he was forced to stop.", fontsize=8, fontname="tiro")
    page.draw_rect((100, 225, 500, 380), color=(0, 0, 0), fill=(0.9, 0.9, 0.7))
    page.insert_text((72, 400), "Figure 8: Chain of thought prompting helps with multi-step reasoning tasks.", fontsize=10, fontname="tiro")
    _prose(page, (72, 540), 420, 700)
    doc.save(tmp_path / "example.pdf")
    (figure,) = parse_pdf(tmp_path / "example.pdf").figures
    assert figure.region_bbox is not None and abs(figure.region_bbox[1] - 225) < 2


def test_a_tall_glyph_in_a_caption_does_not_pull_in_the_table_cell_above(tmp_path: Path) -> None:
    """A radical set large stretches the caption's first line box up over the last row of the table above it."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    _prose(page, (72, 540), 72, 150)
    page.draw_line((100, 160), (510, 160), width=0.6)
    page.draw_line((100, 232), (510, 232), width=0.6)
    writer, font = pymupdf.TextWriter(page.rect), pymupdf.Font("tiro")
    for row, y in enumerate((178, 196, 214)):
        writer.append((110, y), f"Dataset {row}  {row + 3} instances", font=font, fontsize=9)
    writer.append((380, 230), "view/datasets", font=font, fontsize=7)  # a cell wrapped under the table's last row
    end = writer.append((72, 246), "Table 8: Other formulations. Sol: solutions available (", font=font, fontsize=10)[1].x
    end = writer.append((end, 246), "√", font=pymupdf.Font("symb"), fontsize=22)[1].x
    writer.append((end, 246), " = Yes), Check: checker available.", font=font, fontsize=10)
    writer.append((72, 259), "Source: single institution or country.", font=font, fontsize=10)
    writer.write_text(page)
    _prose(page, (72, 540), 275, 400)
    doc.save(tmp_path / "tall.pdf")
    text, region = _by_name(tmp_path / "tall.pdf")["Table 8"]
    assert "view/datasets" not in text
    assert text.startswith("Table 8: Other formulations.") and text.endswith("Source: single institution or country.")
    assert region is not None and region[1] < 161 and region[3] > 231
