from __future__ import annotations

import pytest

from paperdigest.html import match_figures, parse_html
from paperdigest.html.figures import figure_name
from paperdigest.models import Figure


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("Figure 3: ", "Figure 3"),
        ("Fig. 3.", "Figure 3"),
        ("FIG 12", "Figure 12"),
        ("Table 1: ", "Table 1"),
        ("Tab. A1", "Table A1"),
        ("Figure S2.1:", "Figure S2.1"),
        ("Figure 4b", "Figure 4b"),
    ],
)
def test_figure_names_are_normalised(label: str, name: str) -> None:
    assert figure_name(label) is not None and figure_name(label)[0] == name


def test_figure_name_rejects_other_labels() -> None:
    assert figure_name("Algorithm 1:") is None
    assert figure_name("(a)") is None


def pdf_figure(name: str, page: int, image: str) -> Figure:
    kind = "table" if name.startswith("Table") else "figure"
    return Figure(
        name=name,
        type=kind,
        page=page,
        caption=f"{name}: caption as PyMuPDF reads it, ligatures ﬁ and all",
        caption_bbox=(50.0, 400.0, 550.0, 420.0),
        region_bbox=(50.0, 100.0, 550.0, 395.0),
        image=f"figures/{image}",
    )


def test_html_text_with_pdf_images() -> None:
    html = (
        b'<html><body><article class="ltx_document"><h1 class="ltx_title_document">P</h1>'
        b'<section class="ltx_section"><h2>1 Intro</h2>'
        b'<figure class="ltx_figure"><img src="x1.png"/><figcaption><span class="ltx_tag ltx_tag_figure">'
        b'Figure 1: </span>Loss <math alttext="\\alpha" display="inline"><mi>a</mi></math> curve.</figcaption></figure>'
        b'<figure class="ltx_table"><figcaption><span class="ltx_tag ltx_tag_table">Table 1: </span>Scores.'
        b"</figcaption></figure>"
        b'<figure class="ltx_figure"><figcaption><span class="ltx_tag ltx_tag_figure">Figure 2: </span>Only in HTML.'
        b"</figcaption></figure></section></article></body></html>"
    )
    html_figures = parse_html(html, base_url="https://arxiv.org/html/2501.00001v1/").figures
    pdf_figures = [
        pdf_figure("Table 1", 5, "t1.png"),
        pdf_figure("Figure 1", 2, "f1.png"),
        pdf_figure("Figure 9", 7, "f9.png"),
    ]

    matched = match_figures(html_figures, pdf_figures)

    assert [f.name for f in matched] == ["Figure 1", "Table 1", "Figure 2"]  # HTML order, HTML figures only
    figure_1, table_1, figure_2 = matched
    assert figure_1.caption == r"Loss $\alpha$ curve."  # text from the HTML ...
    assert figure_1.image_url == "https://arxiv.org/html/2501.00001v1/x1.png"
    assert (figure_1.page, figure_1.image) == (2, "figures/f1.png")  # ... image and place from the PDF
    assert figure_1.region_bbox == (50.0, 100.0, 550.0, 395.0)
    assert figure_1.caption_bbox == (50.0, 400.0, 550.0, 420.0)
    assert (table_1.type, table_1.page, table_1.image) == ("table", 5, "figures/t1.png")
    assert (figure_2.page, figure_2.image, figure_2.region_bbox) == (None, None, None)
    assert html_figures[0].image is None  # inputs are not modified


def test_names_match_across_spellings_and_first_pdf_figure_wins() -> None:
    html_figures = [Figure(name="Figure 3", caption="html")]
    pdf_figures = [pdf_figure("Fig. 3", 4, "a.png"), pdf_figure("Figure 3", 6, "b.png")]
    [figure] = match_figures(html_figures, pdf_figures)
    assert (figure.caption, figure.page, figure.image) == ("html", 4, "figures/a.png")


def test_no_pdf_figures_leaves_html_figures_as_they_are() -> None:
    html_figures = [Figure(name="Table 2", type="table", caption="t", image_url="https://x/t.png")]
    assert match_figures(html_figures, []) == html_figures
    assert match_figures([], [pdf_figure("Figure 1", 1, "f.png")]) == []
