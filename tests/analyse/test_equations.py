"""Key principles quote a paper's display equations with the sentence that explains their symbols."""

from __future__ import annotations

from paperdigest.analyse.equations import display_equations, prose_parts
from paperdigest.analyse.extractive import summarise
from paperdigest.models import Paper, PaperEntry, ParsedPaper, Section, Selection

METHOD = (
    "We predict the angular momentum from the initial conditions.\n\n$$l(z)=l_{0}\\times\\frac{a^{2}(z)}{a_{0}^{2}},$$ (2)\n\n"
    "where $l_{0}$ is the initial angular momentum and $a$ is the expansion factor. The prediction is then compared.\n\n"
    "$$x = y$$\n\nThe second equation carries no number and no explanation."
)


def test_each_display_equation_with_its_number_and_explaining_sentence() -> None:
    found = display_equations(METHOD, "2 Method")
    assert [(e.tex, e.number, e.explained_by) for e in found] == [
        ("l(z)=l_{0}\\times\\frac{a^{2}(z)}{a_{0}^{2}},", "(2)",
         "where $l_{0}$ is the initial angular momentum and $a$ is the expansion factor."),
        ("x = y", None, None),
    ]
    assert [p.strip()[:20].strip() for p in prose_parts(METHOD)] == ["We predict the angul", "where $l_{0}$ is the", "The second equation"]


def test_key_principles_show_the_numbered_equation_then_what_it_means() -> None:
    parsed = ParsedPaper(source="html", sections=[Section(title="2 Method", text=METHOD)], equations=["x = y"])
    paper = Paper(arxiv_id="2012.02205", title="Spin", abstract="We propose a model of galaxy spin.")
    principles = summarise(PaperEntry(paper=paper, selection=Selection(arxiv_id=paper.arxiv_id, selected=True), parsed=parsed)).principles
    texts = [c.text for c in principles]
    equation = texts.index("$$l(z)=l_{0}\\times\\frac{a^{2}(z)}{a_{0}^{2}},$$")
    assert texts[equation + 1].startswith("where $l_{0}$ is the initial angular momentum")
    assert principles[equation].evidence[0].section == "2 Method, Eq. (2)"
    assert not any("$$" in t for t in texts if not t.startswith("$$"))  # prose never carries display math
