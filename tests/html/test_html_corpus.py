from __future__ import annotations

import re
from pathlib import Path

import pytest

from paperdigest.html import parse_html_file

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def sample(corpus: Path):
    return parse_html_file(corpus / "arxiv_html" / "arxiv-view-as-html_sample_paper_2012.02205.html")


def test_front_matter(sample) -> None:
    assert sample.source == "html"
    title = "Angular momentum evolution can be predicted from cosmological initial conditions"
    assert sample.metadata["title"] == title
    assert sample.metadata["authors"] == ["Corentin Cadiou", "Andrew Pontzen", "Hiranya V. Peiris"]
    assert sample.abstract.startswith("The angular momentum of dark matter haloes controls their spin magnitude")
    assert sample.abstract.endswith("stochastic changes to the arbitrary boundary defining the halo.")


def test_sections_in_order_with_appendices(sample) -> None:
    titles = [s.title for s in sample.sections]
    wanted = ["1 Introduction", "2 Methods", "3 Results", "4 Discussion", "Appendix A", "Appendix B"]
    positions = [next(i for i, t in enumerate(titles) if t.startswith(w)) for w in wanted]
    assert positions == sorted(positions)
    assert titles[positions[4]] == "Appendix A Genetic modifications of the angular momentum"
    assert "References" not in titles
    assert all(s.level == 1 and s.page is None and s.text for s in sample.sections)


def test_display_equations_are_latex_and_empty_rows_are_missing(sample) -> None:
    assert len(sample.equations) == 7
    first = r"l_{\mathrm{pred,TTT}}(z)=l_{0}\times\frac{a^{2}(z)\dot{D}(z)}{a^{2}_{0}\dot{D}_{0}},"
    assert sample.equations[0] == first  # the TeX comment "%<newline>" inside the alttext is gone
    assert sample.missing_equations == 8
    results = next(s for s in sample.sections if s.title == "3 Results").text
    assert f"$${sample.equations[0]}$$ (1)" in results
    appendix_b = sample.sections[-1].text
    assert "[equation (6): no LaTeX in the HTML]" in appendix_b


def test_captions_are_plain_text_with_math(sample) -> None:
    names = [(f.name, f.type) for f in sample.figures]
    assert names == [("Table 1", "table")] + [(f"Figure {n}", "figure") for n in range(1, 6)]
    table = sample.figures[0]
    assert re.search(r"\$z ?= ?0\$", table.caption)
    assert table.caption.startswith("Properties of the reference haloes at $z=0$. From left to right")
    for figure in sample.figures:
        assert figure.caption and figure.page is None
        assert "italic_" not in figure.caption and "𝑧" not in figure.caption


def test_no_mathml_or_page_furniture_in_text(sample) -> None:
    text = sample.model_dump_json()
    for leftover in ("italic_", "start_POSTSUBSCRIPT", "FLOATSUPERSCRIPT", "closePopup", "failed packages"):
        assert leftover not in text
    intro = sample.sections[0].text
    assert "Projected mean overdensity field" in intro  # captions stay in the reading text, as in a PDF


def test_references(sample) -> None:
    assert len(sample.references) == 40
    first = sample.references[0]
    assert (first.index, first.doi) == (1, "10/dtwcx3")
    assert first.text == "Aubert D., Pichon C., Colombi S., 2004, MNRAS, 352, 376"
    assert {r.arxiv_id for r in sample.references if r.arxiv_id} >= {"1110.3193", "2006.01841"}


def test_tex_char_escapes_are_resolved(sample) -> None:
    """The sample writes its confidence intervals as `68\\text{\\,}\\mathrm{\\char 37}`."""
    text = " ".join(section.text for section in sample.sections)
    assert "\\char" not in text
    assert text.count(r"$68\text{\,}\mathrm{\%}$") >= 5
