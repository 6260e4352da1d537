"""A PDF's key numbered equations as image crops under Key principles: which ones, and end to end on a drawn PDF."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pymupdf

from cli_env import cli_env
from paperdigest.equation_crops import choose, method_pages
from paperdigest.models import (
    Analysis, Claim, EquationRegion, Evidence, Paper, PaperEntry, ParsedPaper, Section, Selection, Summary,
)  # fmt: skip

PROSE = "The model reads every paper of the week and writes a summary of its main result for the readers. "


def _parsed(equations: list[str] | None = None) -> ParsedPaper:
    sections = [
        Section(title="1 Introduction", page=1),
        Section(title="2 Method", page=2),
        Section(title="2.1 The loss", level=2, page=3),
        Section(title="3 Experiments", page=4),
        Section(title="References", page=6),
        Section(title="A Method details", page=7),
    ]
    regions = [EquationRegion(number=n, page=p, bbox=(100, y, 300, y + 20)) for n, p, y in
               (("1", 1, 300), ("2", 2, 400), ("3", 3, 500), ("4", 3, 200), ("5", 5, 100), ("A.1", 7, 100))]  # fmt: skip
    return ParsedPaper(source="pdf", sections=sections, equation_regions=regions, equations=equations or [])


def _entry(parsed: ParsedPaper, principle_pages: list[int]) -> PaperEntry:
    paper = Paper(arxiv_id="2501.00001", title="A drawn paper")
    claims = [Claim(text="We define the loss.", evidence=[Evidence(quote="We define the loss.", page=p)]) for p in principle_pages]
    return PaperEntry(
        paper=paper, selection=Selection(arxiv_id=paper.arxiv_id, selected=True), parsed=parsed, pdf_file="/tmp/x.pdf",
        analysis=Analysis(engine="extractive", summary=Summary(principles=claims)),
    )  # fmt: skip


def test_method_pages_run_from_a_method_section_to_the_next_section_before_the_references() -> None:
    assert method_pages(_parsed()) == {2, 3, 4}


def test_the_method_equations_nearest_the_quoted_principles_are_chosen_in_page_order() -> None:
    assert [r.number for r in choose(_entry(_parsed(), [3]))] == ["4", "3"]  # page 3, top to bottom
    assert [r.number for r in choose(_entry(_parsed(), []))] == ["2", "3"]  # the method's first two
    assert choose(_entry(_parsed(["L = \\sum_i x_i"]), [3])) == []  # the full text has LaTeX: Key principles show it
    assert choose(_entry(_parsed(), [3]).model_copy(update={"pdf_file": None})) == []


def _drawn(path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 72), "A drawn paper on losses", fontsize=16, fontname="tibo")
    page.insert_text((72, 100), "Abstract", fontsize=12, fontname="tibo")
    page.insert_textbox(pymupdf.Rect(72, 110, 540, 170), "We introduce DrawnLoss, a loss for summaries. " + PROSE, fontsize=10, fontname="tiro")
    page.insert_text((72, 195), "1 Method", fontsize=12, fontname="tibo")
    page.insert_textbox(pymupdf.Rect(72, 205, 540, 260), "We define the loss as follows, where every term is explained below. " + PROSE * 2, fontsize=10, fontname="tiro")
    page.insert_text((250, 285), "L(x) = sum_i w_i f(x_i) + b", fontsize=10, fontname="tiit")
    page.insert_text((524, 285), "(1)", fontsize=10, fontname="tiro")
    page.insert_textbox(pymupdf.Rect(72, 300, 540, 360), "Then, as Eq. (1) shows, the loss grows with the weights. " + PROSE * 2, fontsize=10, fontname="tiro")
    page.insert_text((72, 385), "2 Experiments", fontsize=12, fontname="tibo")
    page.insert_textbox(pymupdf.Rect(72, 395, 540, 450), "Our experiments show that DrawnLoss outperforms the baseline by 3.1 points. " + PROSE, fontsize=10, fontname="tiro")
    doc.save(path)


def test_a_digest_of_a_pdf_shows_its_method_equation_as_an_image_and_never_its_text(tmp_path: Path) -> None:
    _drawn(tmp_path / "drawn.pdf")
    command = [sys.executable, "-m", "paperdigest", "digest", str(tmp_path / "drawn.pdf"), "--engine", "extractive", "--out", str(tmp_path / "out")]
    first = subprocess.run(command, capture_output=True, text=True, env=cli_env(tmp_path), timeout=300)
    assert first.returncode == 0, first.stderr
    markdown = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    principles = re.search(r"^#### [\d.]+ Key principles$(.*?)^#### ", markdown, re.M | re.S).group(1)
    image = re.search(r"!\[Equation \(1\), page 1\]\((figures/[\w.-]+-equation-1-p1\.png)\)", principles).group(1)
    assert "**Equation (1), page 1**" in principles
    png = (tmp_path / "out" / image).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = pymupdf.Pixmap(png).width, pymupdf.Pixmap(png).height
    assert 3 * height < width < 1000  # the formula's one row at about 200 dpi, not the page
    assert "sum_i w_i" not in markdown  # the formula's text layer is never quoted
    saved = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert saved["papers"][0]["equations"] == [{"number": "1", "page": 1, "image": image}]
    again = subprocess.run([*command[:-1], str(tmp_path / "again"), "-f", "json"], capture_output=True, text=True, env=cli_env(tmp_path), timeout=300)
    assert json.loads((tmp_path / "again" / "report.json").read_text())["stages"]["equations"] == {"computed": 0, "cached": 1, "failed": 0}
    assert again.returncode == 0
