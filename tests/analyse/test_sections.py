"""Picking a paper's sections to fit a token budget: results always stay."""

from __future__ import annotations

from paperdigest.analyse.sections import pick_sections
from paperdigest.models import ParsedPaper, Section


def words(text: str) -> int:
    return len(text.split())


def paper(*sections: tuple[str, int, int]) -> ParsedPaper:
    """(title, level, word count) per section."""
    return ParsedPaper(
        source="pdf",
        sections=[Section(title=t, level=lvl, text=" ".join(["word."] * n), page=i + 1) for i, (t, lvl, n) in enumerate(sections)],
    )


def test_everything_when_it_fits() -> None:
    picked = pick_sections(paper(("1 Introduction", 1, 10), ("2 Results", 1, 10)), "short abstract", 100, words)
    assert picked.omitted == [] and picked.shortened == []
    assert picked.text.startswith("## Abstract\nshort abstract") and "## 2 Results (page 2)" in picked.text


def test_back_matter_goes_first_and_results_with_their_subsections_stay() -> None:
    parsed = paper(
        ("1 Introduction", 1, 30),
        ("2 Related Work", 1, 60),
        ("3 Experiments", 1, 30),
        ("3.1 Setup", 2, 30),
        ("4 Conclusion", 1, 10),
        ("References", 1, 80),
    )
    picked = pick_sections(parsed, "", 130, words)
    assert picked.omitted == ["2 Related Work", "References"]
    assert [line for line in picked.text.splitlines() if line.startswith("## ")] == [
        "## 1 Introduction (page 1)",
        "## 3 Experiments (page 3)",
        "## 3.1 Setup (page 4)",
        "## 4 Conclusion (page 5)",
    ]


def test_results_that_alone_overflow_are_shortened_visibly_never_dropped() -> None:
    picked = pick_sections(paper(("1 Method", 1, 50), ("5 Results", 1, 400)), "", 100, words)
    assert picked.omitted == ["1 Method"] and picked.shortened == ["5 Results"]
    assert "shortened to fit the model's context" in picked.text
    assert words(picked.text) < 150


def test_pages_stand_in_for_sections_and_the_results_page_is_kept() -> None:
    parsed = ParsedPaper(
        source="pdf",
        page_texts=[" ".join(["intro."] * 50), " ".join(["method."] * 50), "5 Experiments\n" + " ".join(["x."] * 50)],
    )
    picked = pick_sections(parsed, "", 120, words)
    assert "## Page 3 (page 3)" in picked.text and picked.omitted == ["Page 2"]


def test_footnotes_come_last_and_go_before_the_results_do() -> None:
    parsed = paper(("1 Introduction", 1, 10), ("2 Results", 1, 10)).model_copy(update={"footnotes": ["Code at https://github.com/a/b", "Work done at X."]})
    picked = pick_sections(parsed, "short abstract", 100, words)
    assert picked.text.endswith("## Footnotes\nCode at https://github.com/a/b\nWork done at X.")
    tight = pick_sections(parsed, "short abstract", 34, words)
    assert tight.omitted == ["Footnotes"] and "## 2 Results" in tight.text
