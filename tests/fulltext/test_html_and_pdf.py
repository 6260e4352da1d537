"""A paper recorded as both arXiv HTML and PDF: the text (and LaTeX) come from the HTML, the figures from the PDF."""

import asyncio
import datetime as dt
import json
from pathlib import Path

import pymupdf

from paperdigest.pipeline import RunRequest, run
from paperdigest.render import write_report
from paperdigest.settings import load_settings

ARXIV_ID = "2501.00001"


def make_pdf(path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 80), "Plots for Everyone", fontsize=18)
    page.insert_text((72, 120), "Abstract", fontsize=11)
    page.insert_textbox(pymupdf.Rect(72, 130, 540, 190), "We introduce a plotting method that is 12.5% faster.", fontsize=10)
    page.insert_text((72, 210), "1 Introduction", fontsize=11)
    page.insert_textbox(pymupdf.Rect(72, 220, 540, 280), "Plots matter. We show a vector plot below.", fontsize=10)
    shape = page.new_shape()
    shape.draw_rect(pymupdf.Rect(150, 300, 460, 460))
    for x in range(170, 450, 40):
        shape.draw_line((x, 455), (x + 20, 320 + (x % 90)))
    shape.finish(color=(0, 0, 0), width=1)
    shape.commit()
    page.insert_textbox(pymupdf.Rect(72, 470, 540, 500), "Figure 1: Our vector plot of speed against size.", fontsize=9)
    page.insert_textbox(pymupdf.Rect(72, 520, 540, 700), "More body text follows here. " * 12, fontsize=10)
    doc.save(path)


def make_html(path: Path) -> None:
    tex = r"s = \frac{d}{t}"
    math = (
        f'<math alttext="{tex}" display="block"><semantics><mi>s</mi>'
        f'<annotation encoding="application/x-tex">{tex}</annotation></semantics></math>'
    )
    path.write_text(
        "<!DOCTYPE html><html><head><title>Plots for Everyone</title></head><body><article class='ltx_document'>"
        "<h1 class='ltx_title ltx_title_document'>Plots for Everyone</h1>"
        "<div class='ltx_abstract'><h6>Abstract</h6><p>We introduce a plotting method that is 12.5% faster.</p></div>"
        "<section class='ltx_section'><h2 class='ltx_title'><span class='ltx_tag'>1 </span>Method</h2>"
        "<div class='ltx_para'><p>We model speed as</p></div>"
        "<table class='ltx_equation ltx_eqn_table'><tr class='ltx_equation ltx_eqn_row'>"
        f"<td class='ltx_eqn_cell'>{math}</td><td class='ltx_eqn_cell ltx_eqn_eqno'>"
        "<span class='ltx_tag ltx_tag_equation'>(1)</span></td></tr></table>"
        "<figure class='ltx_figure'><img src='x1.png'/><figcaption class='ltx_caption'>"
        "<span class='ltx_tag ltx_tag_figure'>Figure 1: </span>Our vector plot of speed against size.</figcaption></figure>"
        "</section></article></body></html>"
    )


def test_week_reads_html_text_and_pdf_figures(tmp_path, monkeypatch):
    make_pdf(tmp_path / "paper.pdf")
    make_html(tmp_path / "paper.html")
    listing = [{"paper": {"id": ARXIV_ID, "title": "Plots for Everyone", "summary": "We introduce a plotting method.", "authors": [{"name": "A. Author"}], "upvotes": 3}}]
    (tmp_path / "day.json").write_text(json.dumps(listing))
    (tmp_path / "replay.tsv").write_text(
        f"https://huggingface.co/api/daily_papers?date=2025-01-20\t200\tday.json\n"
        f"https://arxiv.org/html/{ARXIV_ID}\t200\tpaper.html\n"
        f"https://arxiv.org/pdf/{ARXIV_ID}\t200\tpaper.pdf\n"
    )
    settings = load_settings(overrides={"cache_dir": tmp_path / "cache", "engine": "extractive"}, environ={})
    request = RunRequest(command="day", start=dt.date(2025, 1, 20), end=dt.date(2025, 1, 20), replay=tmp_path / "replay.tsv")
    report = asyncio.run(run(request, settings))
    [entry] = report.papers
    assert entry.fulltext_source == "html" and entry.errors == []
    assert [s.title for s in entry.parsed.sections] == ["1 Method"]
    assert entry.parsed.equations == [r"s = \frac{d}{t}"]
    principles = [c.text for c in entry.analysis.summary.principles]
    assert r"$$s = \frac{d}{t}$$" in principles
    [figure] = entry.figures
    assert (figure.name, figure.page) == ("Figure 1", 1)
    assert figure.caption.endswith("Our vector plot of speed against size.")
    out = tmp_path / "out"
    markdown = write_report(report, out, "md", settings).read_text()
    assert "**Read from**: full text (arXiv HTML)" in markdown
    assert "](figures/" in markdown and (out / entry.figures[0].image).read_bytes()[:4] == b"\x89PNG"


def test_figures_come_from_the_html_image_files_when_they_can_be_fetched(tmp_path):
    make_pdf(tmp_path / "paper.pdf")
    make_html(tmp_path / "paper.html")
    png = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 6), False)
    png.clear_with(200)
    png.save(tmp_path / "x1.png")
    listing = [{"paper": {"id": ARXIV_ID, "title": "Plots for Everyone", "summary": "We introduce a plotting method."}}]
    (tmp_path / "day.json").write_text(json.dumps(listing))
    (tmp_path / "replay.tsv").write_text(
        f"https://huggingface.co/api/daily_papers?date=2025-01-20\t200\tday.json\n"
        f"https://arxiv.org/html/{ARXIV_ID}\t200\tpaper.html\n"
        f"https://arxiv.org/html/{ARXIV_ID}/x1.png\t200\tx1.png\n"
    )  # no PDF recorded: the figure can only come from the HTML's own image
    settings = load_settings(overrides={"cache_dir": tmp_path / "cache", "engine": "extractive"}, environ={})
    request = RunRequest(command="day", start=dt.date(2025, 1, 20), end=dt.date(2025, 1, 20), replay=tmp_path / "replay.tsv")
    report = asyncio.run(run(request, settings))
    [entry] = report.papers
    assert entry.fulltext_source == "html"
    [figure] = entry.figures
    assert figure.name == "Figure 1" and figure.image_url == f"https://arxiv.org/html/{ARXIV_ID}/x1.png"
    assert Path(figure.image).read_bytes() == (tmp_path / "x1.png").read_bytes()
    out = tmp_path / "out"
    write_report(report, out, "md", settings)
    assert (out / entry.figures[0].image).read_bytes() == (tmp_path / "x1.png").read_bytes()
