"""Figures and tables set in less common ways, on PDFs drawn here with pymupdf: tables wider than the text area,
sideways tables, captions set in two columns, label-only captions, glyphs without a Unicode mapping."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pymupdf
import pytest

from paperdigest.models import Figure
from paperdigest.pdf import parse_pdf

ROOT = Path(__file__).resolve().parents[2]

PROSE = (
    "The quick model reads every paper in the corpus and writes a short summary of the main result for each one, "
    "so that readers can decide which papers deserve a closer look before the weekly meeting begins. "
)
Box = tuple[float, float, float, float]


def _prose(page: pymupdf.Page, x: tuple[float, float], y0: float, y1: float, size: float = 10) -> None:
    """Fill the box with as many repeats of the prose as fit (insert_textbox writes nothing when it overflows)."""
    for repeats in range(40, 0, -1):
        if page.insert_textbox(pymupdf.Rect(x[0], y0, x[1], y1), PROSE * repeats, fontsize=size, fontname="tiro") >= 0:
            return
    raise AssertionError("prose box too small")


def _prose_page(doc: pymupdf.Document, columns: list[tuple[float, float]]) -> None:
    page = doc.new_page(width=612, height=792)
    for column in columns:
        _prose(page, column, 72, 720)


def _iou(a: Box | None, b: Box) -> float:
    assert a is not None
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - ix * iy
    return ix * iy / union


def _figures(doc: pymupdf.Document, path: Path) -> dict[str, Figure]:
    doc.save(path)
    return {figure.name: figure for figure in parse_pdf(path).figures}


def _grid_table(page: pymupdf.Page, top: float, rows: int, group: str) -> Box:
    """A ruled grid wider than the 72-540 text area: a group header ("Figure 2", the plot it configures) and a
    header row above the data, the last column past the text area's right edge. Returns the grid's box."""
    xs = (100, 170, 240, 310, 380, 450, 545, 580)
    step = 10
    bottom = top + step * (rows + 2)
    for n in range(rows + 3):
        page.draw_line((xs[0], top + step * n), (xs[-1], top + step * n), width=0.5)
    for x in xs:
        page.draw_line((x, top + (0 if x in (xs[0], xs[-1]) else step)), (x, bottom), width=0.5)
    writer, font = pymupdf.TextWriter(page.rect), pymupdf.Font("tiro")  # one text object: one block, as LaTeX sets it
    writer.append((313, top + 8), group, font=font, fontsize=7)  # over the "Layers" column
    for c, x in enumerate(xs[:-1]):
        writer.append((x + 3, top + step + 8), ("Model", "GPUs", "MP", "Layers", "Hidden", "Batch", "Total")[c], font=font, fontsize=7)
        for r in range(rows):
            writer.append((x + 3, top + step * (r + 2) + 8), str(16 * (r + 1) + c), font=font, fontsize=7)
    writer.write_text(page)
    return (xs[0] - 0.25, top - 0.25, xs[-1] + 0.25, bottom + 0.25)


def test_stacked_tables_wider_than_the_text_area(tmp_path: Path) -> None:
    """Grids running past the text area, headed by a bare "Figure N" cell, stacked with only captions between."""
    doc = pymupdf.open()
    _prose_page(doc, [(72, 540)])
    page = doc.new_page(width=612, height=792)
    grids = []
    top = 72.0
    for number in (1, 2, 3):
        grid = _grid_table(page, top, 6, f"Figure {number}")
        page.insert_text((100, grid[3] + 14), f"Table {number}: Model configurations for Figure {number}.", fontsize=10, fontname="tiro")
        grids.append(grid)
        top = grid[3] + 34
    _prose(page, (72, 540), top, 720)
    found = _figures(doc, tmp_path / "grids.pdf")
    assert sorted(found) == ["Table 1", "Table 2", "Table 3"]  # the "Figure N" header cells are no captions
    for number, grid in enumerate(grids, start=1):
        table = found[f"Table {number}"]
        assert table.caption == f"Table {number}: Model configurations for Figure {number}."
        assert _iou(table.region_bbox, grid) > 0.97


@pytest.mark.parametrize("turn", [90, 270])
def test_table_turned_sideways(tmp_path: Path, turn: int) -> None:
    """A table set sideways on a portrait page, its caption a vertical line beside it: text reading up the page
    (the table's top is at the left) or down it (the top is at the right)."""
    up = turn == 90
    doc = pymupdf.open()
    _prose_page(doc, [(72, 540)])
    page = doc.new_page(width=612, height=792)
    x0, y0, x1, y1 = 220, 140, 400, 660  # the grid: its rows run along the page's height
    for x in range(x0, x1 + 1, 20):
        page.draw_line((x, y0), (x, y1), width=0.5)
    page.draw_line((x0, y0), (x1, y0), width=0.5)
    page.draw_line((x0, y1), (x1, y1), width=0.5)
    for r, x in enumerate(range(x0, x1, 20)):
        for c, y in enumerate(range(y1 - 10, y0, -90) if up else range(y0 + 10, y1, 90)):
            page.insert_text((x + 14 if up else x + 6, y), f"run {r} {c}.5", fontsize=8, fontname="tiro", rotate=turn)
    caption = "Table 1: Results on every benchmark, set sideways."
    page.insert_text((x0 - 1.5, 520) if up else (x1 + 1.5, 272), caption, fontsize=10, fontname="tiro", rotate=turn)
    (table,) = _figures(doc, tmp_path / "sideways.pdf").values()
    assert (table.name, table.page, table.caption) == ("Table 1", 2, caption)
    cap = table.caption_bbox
    assert cap and cap[3] - cap[1] > 150 and (cap[0] < x0 - 10 if up else cap[2] > x1 + 10)  # stays the vertical line
    assert _iou(table.region_bbox, (x0 - 0.25, y0 - 0.25, x1 + 0.25, y1 + 0.25)) > 0.97


def test_caption_set_in_two_columns_under_a_full_width_figure(tmp_path: Path) -> None:
    """The caption of a full-width figure runs down the left column and goes on at the top of the right one."""
    left, right = (60, 300), (312, 552)
    doc = pymupdf.open()
    _prose_page(doc, [left, right])
    page = doc.new_page(width=612, height=792)
    image = (60, 80, 552, 350)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 30), False)
    pix.set_rect(pix.irect, (40, 90, 160))
    page.insert_image(pymupdf.Rect(*image), pixmap=pix, keep_proportion=False)
    first = [
        "Fig. 3. Schematic model of intercellular waves in glia. The model",
        "shows the formation of messengers in the stimulated cell and their",
        "diffusion through gap junctions to the adjacent cells, and the messen-",
    ]
    second = ["ger released by the stimulated cell, which reaches cells farther", "away than the gap junctions do."]
    for n, text in enumerate(first):
        page.insert_text((left[0], 368 + 9 * n), text, fontsize=8, fontname="tiro")
    for n, text in enumerate(second):
        page.insert_text((right[0], 368 + 9 * n), text, fontsize=8, fontname="tiro")
    for column in (left, right):
        _prose(page, column, 410, 720)
    (figure,) = _figures(doc, tmp_path / "split.pdf").values()
    caption = " ".join(first + second).replace("messen- ger", "messenger")  # the line-break hyphen undone
    assert figure.name == "Figure 3" and figure.caption == caption
    assert _iou(figure.region_bbox, image) > 0.97


def test_label_only_caption_under_a_full_page_figure(tmp_path: Path) -> None:
    """A full-page figure carries only its label "Fig. 1." below it, past the last line of prose of any page; its
    legend is printed on the page before, under a rule at the foot of a column, where the figure is not."""
    left, right = (60, 300), (312, 552)
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    _prose(page, left, 72, 720)
    _prose(page, right, 72, 520)
    page.draw_line((right[0], 530), (right[1], 530), width=0.5)
    legend = "Fig. 1. A: Waves spreading from a stimulated cell. B: The same culture under perfusion. " * 4
    page.insert_textbox(pymupdf.Rect(right[0], 534, right[1], 720), legend, fontsize=7.5, fontname="tiro")
    page = doc.new_page(width=612, height=792)
    image = (63, 72, 548, 722)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 30, 40), False)
    pix.set_rect(pix.irect, (120, 40, 40))
    page.insert_image(pymupdf.Rect(*image), pixmap=pix, keep_proportion=False)
    page.insert_text((292, 740), "Fig. 1.", fontsize=7.5, fontname="tiro")
    _prose_page(doc, [left, right])
    (figure,) = _figures(doc, tmp_path / "plate.pdf").values()
    assert (figure.name, figure.page, figure.caption) == ("Figure 1", 2, "Fig. 1.")
    assert _iou(figure.region_bbox, image) > 0.97


def test_caption_keeps_glyph_codes_without_unicode(tmp_path: Path) -> None:
    """A font whose "1" has no Unicode mapping: the caption reads "Ca21" as the text layer gives it, not U+FFFD."""
    doc = pymupdf.open()
    _prose_page(doc, [(72, 540)])
    page = doc.new_page(width=612, height=792)
    plot = (150, 100, 460, 300)
    page.draw_rect(plot, color=(0, 0, 0), fill=(0.8, 0.9, 1.0), width=1)
    font = doc.get_new_xref()
    doc.update_object(font, "<</Type/Font/Subtype/Type1/BaseFont/Times-Roman/Encoding<</Differences[49/gnomap]>>>>")
    resources = int(doc.xref_get_key(page.xref, "Resources")[1].split()[0])
    doc.xref_set_key(resources, "Font/FX", f"{font} 0 R")
    stream = doc.get_new_xref()
    doc.update_object(stream, "<<>>")
    doc.update_stream(stream, b"BT /FX 10 Tf 72 462 Td (Figure 2: Responses to a Ca21 wave.) Tj ET")  # page y grows upward here
    contents = doc.xref_get_key(page.xref, "Contents")[1].strip("[]")
    doc.xref_set_key(page.xref, "Contents", f"[{contents} {stream} 0 R]")
    _prose(page, (72, 540), 350, 720)
    (figure,) = _figures(doc, tmp_path / "codes.pdf").values()
    assert figure.caption == "Figure 2: Responses to a Ca21 wave."


def test_bare_label_in_a_table_row_is_no_caption() -> None:
    """"Table 20" as a cell of a table pointing at other tables, beside the other cells of its row, with a wider row
    under it; a bare "Figure 4" alone on its row with its caption text under it is a caption."""
    from paperdigest.pdf.captions import find_captions
    from paperdigest.pdf.records import Layout, Line, Page, Role

    cell = Line((313, 242, 357, 252), "Combined", 10.0, False, 1)
    pointer = Line((407, 242, 445, 252), "Table 20", 10.0, False, 1)
    row = Line((275, 254, 445, 264), "Memory Usage (Combined) Table 21", 10.0, False, 1)
    label = Line((72, 500, 120, 510), "Figure 4", 10.0, False, 2)
    text = Line((72, 512, 540, 522), "Loss curves of the three models over the first ten thousand steps.", 10.0, False, 2)
    page = Page(1, 612, 792, [cell, pointer, row, label, text], [])
    (figure,) = find_captions(page, Layout(10.0, (72, 72, 540, 720), False))
    assert figure.name == "Figure 4" and figure.text == f"Figure 4 {text.text}"
    assert pointer.role is Role.TEXT


def test_raster_figure_fitted_to_its_ink_not_its_white_margins(tmp_path: Path) -> None:
    """An image placed with wide white margins around a small drawn part: the region is the drawn part."""
    doc = pymupdf.open()
    _prose_page(doc, [(72, 540)])
    page = doc.new_page(width=612, height=792)
    _prose(page, (72, 540), 72, 250)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 234, 187), False)
    pix.set_rect(pix.irect, (255, 255, 255))
    pix.set_rect(pymupdf.IRect(18, 30, 217, 99), (30, 60, 200))  # the ink: 207-406 x 295-364 once placed
    page.insert_image(pymupdf.Rect(189, 265, 423, 452), pixmap=pix, keep_proportion=False)
    page.insert_text((72, 470), "Figure 1: A small plot on a large white canvas.", fontsize=10, fontname="tiro")
    _prose(page, (72, 540), 490, 720)
    (figure,) = _figures(doc, tmp_path / "margins.pdf").values()
    assert _iou(figure.region_bbox, (207, 295, 406, 364)) > 0.95


def test_vector_figure_ends_at_its_visible_ink(tmp_path: Path) -> None:
    """Paths that leave no ink in the end (a stroke painted over in white, one cut by a clip) do not extend
    the region past what is seen."""
    left, right = (60, 300), (312, 552)
    doc = pymupdf.open()
    _prose_page(doc, [left, right])
    page = doc.new_page(width=612, height=792)
    plot = (320, 80, 540, 130)
    page.draw_rect(pymupdf.Rect(*plot), color=(0, 0, 0), width=0.6)
    page.draw_line((400, 100), (400, 145), width=0.6)  # runs 15 pt below the plot ...
    page.draw_rect(pymupdf.Rect(380, 131, 420, 146), color=None, fill=(1, 1, 1))  # ... where white paints it out
    page.insert_text((right[0], 160), "FIG. 2. Order parameter against the coupling.", fontsize=8, fontname="tiro")
    _prose(page, left, 72, 720)
    _prose(page, right, 180, 720)
    (figure,) = _figures(doc, tmp_path / "hidden.pdf").values()
    assert figure.name == "Figure 2"
    assert _iou(figure.region_bbox, (319.7, 79.7, 540.3, 130.3)) > 0.95


def test_ragged_caption_beside_its_figure_over_numeric_prose(tmp_path: Path) -> None:
    """Journal style: a long caption set ragged-right in a sans face in the left column, its figure to the right,
    and under the figure a paragraph so dense with numbers it has few words per line (still prose, not figure)."""
    left, right = (42, 293), (303, 553)
    doc = pymupdf.open()
    _prose_page(doc, [left, right])
    page = doc.new_page(width=595, height=792)
    caption = (
        "Figure 1 Recordings from twelve electrodes inside and outside one neuron. (a) Stimulation through "
        "a pipette near the soma of a patched cell, with the isopotential lines around it. (b) Seven pipettes "
        "were placed close to the soma to monitor the field (magenta, single traces; black, mean waveform). "
        "(c) Amplitude as a function of pipette location for three currents (circles, mean; error bars, s.d.). "
        "Distance is measured from the tip of the stimulating electrode."
    )
    assert page.insert_textbox(pymupdf.Rect(left[0], 62, 235, 190), caption, fontsize=7.5, fontname="helv") >= 0
    plot = (245, 64, 550, 200)  # reaching into the left column, beside the caption
    for n in range(6):
        page.draw_rect(pymupdf.Rect(245 + 52 * n, 64 + 10 * n, 285 + 52 * n, 200), color=(0, 0, 0), fill=(0.2, 0.4, 0.8))
    numbers = (
        "200 nA, we measured fields of 0.74 ± 0.53, 1.49 ± 1.06, 2.96 ± 2.11 and 5.86 ± 4.25 mV per mm and "
        "amplitudes of 0.07 ± 0.04, 0.14 ± 0.08, 0.28 ± 0.16 and 0.55 ± 0.32 mV, respectively (mean ± s.d.; "
        "see also Fig. 1)."
    )
    assert page.insert_textbox(pymupdf.Rect(right[0], 218, right[1], 290), numbers, fontsize=10, fontname="tiro", align=3) >= 0
    _prose(page, right, 300, 720)
    _prose(page, left, 210, 720)
    (figure,) = _figures(doc, tmp_path / "beside.pdf").values()
    assert (figure.name, figure.page, figure.caption) == ("Figure 1", 2, caption)
    assert _iou(figure.region_bbox, plot) > 0.95


def test_the_sample_papers_keep_their_figure_and_table(tmp_path: Path) -> None:
    """examples/make_sample.py's two-page papers hold too little prose to show where the text area ends: the
    plot below the prose and the table above it are content, not page margins (the committed sample shows them)."""
    spec = importlib.util.spec_from_file_location("make_sample", ROOT / "examples" / "make_sample.py")
    assert spec and spec.loader
    sample = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sample)
    for name, paper in sample.PAPERS.items():
        path = tmp_path / f"{name}.pdf"
        sample.write_paper(path, paper)
        figures = {f.name: f for f in parse_pdf(path).figures}
        assert sorted(figures) == ["Figure 1", "Table 1"], name
        assert figures["Figure 1"].caption == paper["figure"] and figures["Figure 1"].region_bbox == (160.0, 340.0, 450.0, 490.0)
        assert figures["Table 1"].page == 2 and figures["Table 1"].caption == paper["table"][0]


def _ruled_table(page: pymupdf.Page, x: tuple[float, float], top: float, rows: int, size: float = 8) -> Box:
    """A booktabs-style table: rules above, under the header and below, cells set as one text object."""
    step = size + 4
    bottom = top + step * (rows + 1) + 6
    for y in (top, top + step + 2, bottom):
        page.draw_line((x[0], y), (x[1], y), width=0.6)
    writer, font = pymupdf.TextWriter(page.rect), pymupdf.Font("tiro")
    width = (x[1] - x[0]) / 4
    for c in range(4):
        writer.append((x[0] + 4 + c * width, top + step - 1), ("System", "P", "R", "F1")[c], font=font, fontsize=size)
        for r in range(rows):
            writer.append((x[0] + 4 + c * width, top + step * (r + 2) + 1), ("Base", "Ours", "Full", "Best")[r % 4] if c == 0 else f"{60 + 7 * r + c}.{r}", font=font, fontsize=size)
    writer.write_text(page)
    return (x[0] - 0.3, top - 0.3, x[1] + 0.3, bottom + 0.3)


def _plot(page: pymupdf.Page, box: Box) -> None:
    """A framed line plot with tick labels under its axis."""
    x0, y0, x1, y1 = box
    page.draw_rect(pymupdf.Rect(x0, y0, x1, y1 - 12), color=(0, 0, 0), width=0.6)
    page.draw_polyline([(x0 + 10, y1 - 20), (x0 + 60, y0 + 40), (x0 + 140, y0 + 20), (x1 - 10, y0 + 10)], color=(0.8, 0.1, 0.1), width=1)
    for n in range(5):
        page.insert_text((x0 + n * (x1 - x0 - 12) / 4, y1 - 2), str(n * 20), fontsize=8, fontname="helv")


def test_table_captioned_above_stacked_over_a_figure_captioned_below(tmp_path: Path) -> None:
    """A table (caption above) sits right over a figure (caption below), both as wide as the text: the ink
    between the two captions is two bodies, split at the empty band between table and figure."""
    doc = pymupdf.open()
    _prose_page(doc, [(72, 540)])
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 82), "Table 1: Precision and recall of the three systems on the test set.", fontsize=10, fontname="tiro")
    table = _ruled_table(page, (100, 512), 92, 6)
    plot = (90, table[3] + 14, 522, table[3] + 174)
    _plot(page, plot)
    page.insert_text((72, plot[3] + 16), "Figure 1: Recall as a function of the number of training questions.", fontsize=10, fontname="tiro")
    _prose(page, (72, 540), plot[3] + 40, 720)
    figures = _figures(doc, tmp_path / "stacked.pdf")
    assert sorted(figures) == ["Figure 1", "Table 1"]
    assert _iou(figures["Table 1"].region_bbox, table) > 0.9
    assert _iou(figures["Figure 1"].region_bbox, (plot[0] - 0.3, plot[1] - 0.3, plot[2] + 0.3, plot[3])) > 0.9


def test_short_paper_whose_pages_all_open_with_a_float_in_small_type(tmp_path: Path) -> None:
    """No page starts with prose (page 1 with its title, the others with a table), so prose alone puts the text
    area's top under the tables; they are content, not running headers, though captioned in a smaller size."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((150, 80), "Cheap Supervision for Sentiment", fontsize=16, fontname="tibo")
    _prose(page, (72, 540), 130, 720)
    tables = []
    for number, subject in ((1, "on the laptop and hotel domains"), (2, "of the ablations without the lexicon")):
        page = doc.new_page(width=612, height=792)
        page.insert_text((72, 70), f"Table {number}: Precision and recall {subject}.", fontsize=8, fontname="tiro")
        tables.append(_ruled_table(page, (150, 462), 78, 4))
        _prose(page, (72, 540), 160, 720)
    figures = _figures(doc, tmp_path / "short.pdf")
    assert sorted(figures) == ["Table 1", "Table 2"]
    for table, name in zip(tables, ("Table 1", "Table 2")):
        assert _iou(figures[name].region_bbox, table) > 0.9
