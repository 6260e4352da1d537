"""Headings and abstracts on PDFs drawn here: unnumbered and small-capital headings, abstracts without a heading,
tables of contents, numbered list items, a reader's notes in the margin."""

from __future__ import annotations

from pathlib import Path

import pymupdf
from test_pdf_parse import _prose

from paperdigest.pdf import parse_pdf

ABSTRACT = (
    "We present a method that reads papers and writes their summaries. It is tested on many papers and found to be "
    "useful for readers who want to decide quickly which papers deserve a closer look before the weekly meeting. "
    "The summaries keep the numbers of the main result and name the data sets the method was tested on."
)


def _title(page: pymupdf.Page) -> None:
    page.insert_text((150, 70), "A Study of Reading Many Papers", fontsize=16, fontname="tibo")
    page.insert_text((230, 92), "Ada Author and Bo Author", fontsize=11, fontname="tiro")


def test_abstract_without_heading_acm_style(tmp_path: Path) -> None:
    """ACM: the abstract paragraph follows the authors with no heading; keywords and a reference format follow it."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    _title(page)
    page.insert_textbox(pymupdf.Rect(72, 110, 540, 175), ABSTRACT, fontsize=9, fontname="tiro")
    page.insert_text((72, 195), "CCS Concepts: Information systems; Document representation.", fontsize=9, fontname="tibo")
    page.insert_text((72, 212), "ACM Reference Format: A. Author. 2022. A Study. ACM, 10 pages.", fontsize=9, fontname="tiro")
    page.insert_text((72, 240), "1 INTRODUCTION", fontsize=10, fontname="tibo")
    _prose(page, (72, 540), 250, 500)
    _prose(doc.new_page(width=612, height=792), (72, 540), 60, 700)  # later pages: prose from the top
    doc.save(tmp_path / "acm.pdf")
    parsed = parse_pdf(tmp_path / "acm.pdf")
    assert [s.title for s in parsed.sections] == ["Abstract", "1 INTRODUCTION"]
    assert parsed.abstract == ABSTRACT
    assert parsed.sections[1].text.startswith("The quick model reads")


def test_unnumbered_and_small_capital_headings_without_introduction(tmp_path: Path) -> None:
    """No 'Introduction' anywhere: a small 'Abstract' label, unnumbered headings set like 'References', a
    small-capital 'II. MODEL', and a bold numbered list item that is no heading."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    _title(page)
    page.insert_text((285, 125), "Abstract", fontsize=8, fontname="tibo")
    page.insert_textbox(pymupdf.Rect(90, 132, 520, 200), ABSTRACT, fontsize=9, fontname="tiro")
    page.insert_text((72, 225), "Background", fontsize=12, fontname="tibo")
    _prose(page, (72, 540), 232, 380)
    page.insert_text((72, 405), "II. MODEL", fontsize=9, fontname="tibo")
    _prose(page, (72, 540), 412, 520)
    page.insert_text((72, 540), "a. The author of the summaries", fontsize=10, fontname="tibo")
    _prose(page, (72, 540), 548, 700)
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 80), "Concluding Remarks", fontsize=12, fontname="tibo")
    _prose(page, (72, 540), 88, 300)
    page.insert_text((72, 330), "References", fontsize=12, fontname="tibo")
    page.insert_text((72, 350), "[1] A. Author. A paper on models. 2021.", fontsize=9, fontname="tiro")
    doc.save(tmp_path / "plain.pdf")
    parsed = parse_pdf(tmp_path / "plain.pdf")
    assert [s.title for s in parsed.sections] == ["Abstract", "Background", "II. MODEL", "Concluding Remarks", "References"]
    assert parsed.abstract == ABSTRACT
    assert "a. The author of the summaries" in parsed.sections[2].text


def test_table_of_contents_is_neither_heading_nor_prose(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    _title(page)
    page.insert_text((285, 125), "Abstract", fontsize=10, fontname="tibo")
    page.insert_textbox(pymupdf.Rect(90, 132, 520, 200), ABSTRACT, fontsize=10, fontname="tiro")
    page.insert_text((72, 230), "Contents", fontsize=14, fontname="tibo")
    entries = [("1 Introduction", "2", True), ("1.1 Setting", "2", False), ("2 Method", "3", True), ("3 Results", "4", True)]
    for i, (entry, number, bold) in enumerate(entries):
        y = 250 + 14 * i
        text = entry if bold else f"{entry} . . . . . . . . . . . . . . . . . . . . . . . ."
        page.insert_text((72 if bold else 87, y), text, fontsize=10, fontname="tibo" if bold else "tiro")
        page.insert_text((532, y), number, fontsize=10, fontname="tibo" if bold else "tiro")
    for title in ("1 Introduction", "2 Method", "3 Results"):
        page = doc.new_page(width=612, height=792)
        page.insert_text((72, 80), title, fontsize=14, fontname="tibo")
        _prose(page, (72, 540), 90, 400)
    doc.save(tmp_path / "toc.pdf")
    parsed = parse_pdf(tmp_path / "toc.pdf")
    assert [(s.title, s.page) for s in parsed.sections] == [("Abstract", 1), ("1 Introduction", 2), ("2 Method", 3), ("3 Results", 4)]
    assert parsed.abstract == ABSTRACT


def test_unnumbered_heading_right_above_a_figure(tmp_path: Path) -> None:
    """'Figures' (set like '1 Introduction') heads a page of figures: a heading, and no part of the figure."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 80), "1 Introduction", fontsize=14, fontname="tibo")
    _prose(page, (72, 540), 90, 700)
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 84), "Figures", fontsize=14, fontname="tibo")
    page.draw_rect((150, 110, 460, 290), color=(0, 0, 0), fill=(0.8, 0.9, 0.7))
    page.insert_text((72, 310), "Figure 1: Schematic workflow of the annotation.", fontsize=10, fontname="tiro")
    doc.save(tmp_path / "figures.pdf")
    parsed = parse_pdf(tmp_path / "figures.pdf")
    assert [s.title for s in parsed.sections] == ["1 Introduction", "Figures"]
    (figure,) = parsed.figures
    assert figure.region_bbox is not None and abs(figure.region_bbox[1] - 110) < 2


def test_pdf_without_headings_keeps_its_text(tmp_path: Path) -> None:
    """No heading anywhere (a memo, a scanned-then-OCRed note): the whole text is one section, not lost."""
    doc = pymupdf.open()
    for first in ("Readers of many papers need a way to choose.", "Weekly meetings leave little time to read."):
        _prose(doc.new_page(width=612, height=792), (72, 540), 72, 700, first + " ")
    doc.save(tmp_path / "memo.pdf")
    parsed = parse_pdf(tmp_path / "memo.pdf")
    assert [(s.title, s.page) for s in parsed.sections] == [("Text", 1)]
    text = parsed.sections[0].text
    assert text.startswith("Readers of many papers need a way to choose. The quick model reads")
    assert "Weekly meetings leave little time to read." in text  # page 2 too
    assert len(text) > 0.9 * sum(len(page) for page in parsed.page_texts)


def test_prose_before_the_first_heading_is_a_section(tmp_path: Path) -> None:
    """Prose between the title and the first heading is kept as 'Text'; the author line is not prose."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    _title(page)
    _prose(page, (72, 540), 120, 300, "An opening paragraph with no heading of its own. ")
    page.insert_text((72, 330), "1 Method", fontsize=12, fontname="tibo")
    _prose(page, (72, 540), 340, 700)
    doc.save(tmp_path / "opening.pdf")
    parsed = parse_pdf(tmp_path / "opening.pdf")
    assert [s.title for s in parsed.sections] == ["Text", "1 Method"]
    assert parsed.sections[0].text.startswith("An opening paragraph with no heading of its own. The quick model")
    assert "Author" not in parsed.sections[0].text
    assert parsed.sections[1].text.startswith("The quick model reads")


def test_a_readers_note_in_the_margin_stays_out_of_the_prose(tmp_path: Path) -> None:
    """An annotated PDF (labml's reading copies in the corpus): a note in small type half outside the text area, on
    the rows of a paragraph, is no part of the paragraph."""
    doc = pymupdf.open()
    for number in range(2):
        page = doc.new_page(width=612, height=792)
        page.insert_text((72, 70), f"{number + 1} Section", fontsize=12, fontname="tibo")
        _prose(page, (72, 520), 80, 700)
    doc[0].insert_text((512, 200), "A model that learns", fontsize=6, fontname="cour")
    doc[0].insert_text((512, 208), "the game rules", fontsize=6, fontname="cour")
    doc[1].insert_text((40, 300), "Note: 12%", fontsize=6, fontname="cour")  # in the left margin
    doc.save(tmp_path / "annotated.pdf")
    text = " ".join(section.text for section in parse_pdf(tmp_path / "annotated.pdf").sections)
    assert "model reads" in text and "learns" not in text and "game rules" not in text and "12%" not in text


def test_a_footnote_under_one_column_leaves_the_sentence_whole_and_is_kept_apart(tmp_path: Path) -> None:
    """A two-column page whose left column ends mid-sentence above a footnote while the right column runs on: the
    sentence continues at the top of the right column, the note is read apart (its code link), and a display
    equation set small under a column's prose, which opens with no note's mark, stays in the text."""
    left, right = (72, 296), (316, 540)
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 70), "1 Method", fontsize=12, fontname="tibo")
    _prose(page, left, 80, 600, "The index is ")
    page.insert_text((left[0], 640), "x = a + b (1)", fontsize=8, fontname="tiro")
    end = page.insert_textbox(pymupdf.Rect(*left[:1], 650, left[1], 690), "so the cut sentence of this column ends with the", fontsize=10, fontname="tiro")
    assert end >= 0
    page.insert_text((left[0], 679), "1", fontsize=5, fontname="tiro")
    page.insert_text((left[0] + 4, 682), "Code at https://github.com/ada/reader", fontsize=8, fontname="tiro")
    _prose(page, right, 72, 720, "index of every paper. ")
    doc.save(tmp_path / "footnote.pdf")
    parsed = parse_pdf(tmp_path / "footnote.pdf")
    text = parsed.sections[-1].text
    assert "ends with the index of every paper." in text
    assert "x = a + b (1)" in text
    assert "Code at" not in text and "github" not in text
    assert parsed.footnotes == ["Code at https://github.com/ada/reader"]


def test_raised_footnote_marks_leave_the_text_and_an_exponent_stays(tmp_path: Path) -> None:
    """'We introduce S2ORC,1 a large corpus' reads 'S2ORC, a large corpus'; '(z - v)2 + 1' keeps its square; the mark
    after a full stop set in a span of its own ('Table 4' '.' '3') goes too."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 70), "1 Introduction", fontsize=12, fontname="tibo")
    x = 72.0
    for text, raised in [("We introduce S2ORC,", False), ("1", True), ("a large corpus of papers.", False), ("2", True),
                         ("It minimises (z - v)", False), ("2", True), (" + 1 (Table 4", False), (".", False), ("3", True),
                         (" lists it) as a model does (eq. 1),", False), ("4", True), (" with no loss.", False)]:  # fmt: skip
        size, font = (6, "tiro") if raised else (10, "helv" if text == "." else "tiro")  # a full stop set alone
        page.insert_text((x, 96 if raised else 100), text, fontsize=size, fontname=font)
        x += pymupdf.get_text_length(text, fontname=font, fontsize=size) + (1 if raised else 0)
    _prose(page, (72, 540), 120, 700)
    doc.save(tmp_path / "marks.pdf")
    text = parse_pdf(tmp_path / "marks.pdf").sections[-1].text
    assert text.startswith("We introduce S2ORC, a large corpus of papers. It minimises (z - v)2 + 1 (Table 4. lists it) as a model does (eq. 1), with no loss.")


def test_a_paragraphs_run_in_heading_stays_out_of_its_first_sentence(tmp_path: Path) -> None:
    """ACL's '\\paragraph{Datasets} We evaluate ...' set on one row: the bold words without a full stop are a heading,
    not the sentence's subject; a bold lead-in ending in a full stop, and a sentence broken over lines, are kept."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 70), "4 Experiments", fontsize=12, fontname="tibo")
    # the gap decides whether pymupdf reads the row as one line of two spans (6 pt) or as two lines on one row (10 pt)
    rows = [("Datasets", "We evaluate the reader on FooQA and BarQA.", 6), ("Metrics", "We report exact match.", 10),
            ("Setup.", "Every model is trained once.", 6)]  # fmt: skip
    for y, (head, rest, gap) in zip((100, 130, 160), rows):
        page.insert_text((72, y), head, fontsize=10, fontname="tibo")
        page.insert_text((72 + pymupdf.get_text_length(head, fontname="tibo", fontsize=10) + gap, y), rest, fontsize=10, fontname="tiro")
    _prose(page, (72, 540), 180, 700)
    doc.save(tmp_path / "runin.pdf")
    text = parse_pdf(tmp_path / "runin.pdf").sections[-1].text
    assert text.startswith("We evaluate the reader on FooQA and BarQA. We report exact match. Setup. Every model is trained once.")
