"""Grounding on plain data: numbers and quotes of a summary checked against the paper's text."""

from __future__ import annotations

from paperdigest.analyse.grounding import ground, numbers_in, quotes_in
from paperdigest.models import Claim, Evidence, ParsedPaper, Section, Summary

PAGES = [
    "Abstract. We propose Token Maturation, a continuous decoding scheme.\nIt keeps a liquid tail of vec-\ntors.",
    "4 Experiments\nOur model scores 77.80 on MMEB-V2 and uses 1,000 GPU hours; the baseline scores 71.2.",
]
PARSED = ParsedPaper(
    source="pdf",
    page_texts=PAGES,
    sections=[Section(title="4 Experiments", text=PAGES[1].split("\n", 1)[1], page=2)],
)


def summary(*experiments: Claim, contribution: Claim | None = None) -> Summary:
    return Summary(contribution=contribution, experiments=list(experiments))


def test_numbers_skip_names_math_and_single_digits() -> None:
    text = "Qwen2.5-Math-7B reaches 19.79 (from 13.23) with $x_{12}^2 + 3.5$ over 3 runs and 1,000 samples, GPT-4 at 43.58%."
    assert numbers_in(text) == ["19.79", "13.23", "1000", "43.58"]


def test_quotes_are_checked_unless_they_are_the_writers_own_chinese_terms() -> None:
    assert quotes_in('它维护一个“液体尾部”，即 "liquid tail" 与 “early discretization”') == ["liquid tail", "early discretization"]


def test_found_numbers_verify_and_cite_their_page_and_section() -> None:
    claim = Claim(text="It scores 77.8 on MMEB-V2 versus 71.2, using 1000 GPU hours.")
    grounded, grounding = ground(summary(claim), PARSED, "")

    assert (grounding.checked, grounding.verified, grounding.unverified) == (3, 3, 0)
    result = grounded.experiments[0]
    assert result.verified is True
    assert result.evidence[0].page == 2 and result.evidence[0].section == "4 Experiments"
    assert result.evidence[0].quote == "Our model scores 77.80 on MMEB-V2 and uses 1,000 GPU hours; the baseline scores 71.2"


def test_a_number_not_in_the_paper_is_flagged_and_counted() -> None:
    claims = (Claim(text="It scores 77.85 on MMEB-V2."), Claim(text="The baseline scores 71.2."))
    grounded, grounding = ground(summary(*claims), PARSED, "")

    assert (grounding.checked, grounding.verified, grounding.unverified) == (2, 1, 1)
    assert grounding.unverified_items == ["number 77.85 (experiments)"]
    assert [c.verified for c in grounded.experiments] == [False, True]


def test_evidence_quotes_match_across_line_breaks_and_hyphenation() -> None:
    contribution = Claim(
        text="A continuous decoder.",
        evidence=[Evidence(quote="It keeps a liquid tail of vectors."), Evidence(quote="It keeps a solid head.")],
    )
    grounded, grounding = ground(summary(contribution=contribution), PARSED, "")

    assert grounding.unverified_items == ['quote "It keeps a solid head." (contribution)']
    assert grounded.contribution.verified is False
    assert [e.page for e in grounded.contribution.evidence] == [1, None]


def test_an_ellipsis_quote_needs_every_part_and_the_abstract_counts_as_text() -> None:
    claim = Claim(text='The authors call it "a continuous decoding scheme".', evidence=[Evidence(quote="Our model scores … on MMEB-V2")])
    grounded, grounding = ground(summary(claim), None, PAGES[0] + " " + PAGES[1])

    assert grounding.unverified == 0 and grounding.checked == 2
    assert grounded.experiments[0].evidence[0].page is None  # no pages without a parsed paper


def test_a_claim_with_nothing_to_check_stays_unchecked() -> None:
    grounded, grounding = ground(summary(Claim(text="Strong results across the board.")), PARSED, "")
    assert grounding.checked == 0 and grounded.experiments[0].verified is None


ROUTER = ParsedPaper(
    source="pdf",
    page_texts=[
        "3 Method\nThe router sends 93.7% of queries to the small model and the rest to the large one.\n"
        "4 Results\nOn GSM8K the routed system reaches 81.2% accuracy, against 77.4% for the large model alone.\n"
        "The large model is slower.\nIt is also more costly to serve than the small one.\n"
        "Table 2: Results on MATH.\nMethod Acc. Cost\nLarge 52.0 1.00\nRouted 55.1 0.41\n"
    ],
)


def test_a_number_counts_only_near_the_metric_the_claim_names() -> None:
    claims = (
        Claim(text="The router reaches 93.7% accuracy."),  # the paper's 93.7% is a share of queries
        Claim(text="The router sends 93.7% of queries to the small model."),
        Claim(text="It reaches 81.2% accuracy on GSM8K."),
        Claim(text="On MATH the routed system has 55.1 accuracy at 0.41 of the cost."),  # a table row, header above
    )
    grounded, grounding = ground(summary(*claims), ROUTER, "")

    assert [c.verified for c in grounded.experiments] == [False, True, True, True]
    assert grounding.unverified_items == ["number 93.7, stated in the paper but not with accuracy (experiments)"]


def test_a_number_computed_from_the_papers_own_is_derived_not_unverified() -> None:
    claims = (
        Claim(text="Routing adds 3.8 points of accuracy on GSM8K (81.2 vs 77.4)."),
        Claim(text="Routing is 4.9% more accurate than the large model on GSM8K (81.2 vs 77.4)."),
        Claim(text="Routing adds 7.5 points of accuracy on GSM8K."),
    )
    grounded, grounding = ground(summary(*claims), ROUTER, "")

    assert [c.derived for c in grounded.experiments] == [
        ["3.8 = 81.2 − 77.4"], ["4.9 = (81.2 − 77.4) / 77.4 × 100%"], []
    ]
    assert [c.verified for c in grounded.experiments] == [True, True, False]
    assert (grounding.checked, grounding.verified, grounding.unverified, grounding.derived) == (7, 4, 1, 2)


def test_a_generic_score_does_not_stand_for_a_named_metric_and_units_must_agree() -> None:
    paper = ParsedPaper(
        source="pdf",
        page_texts=["Our model gets a BLEU score of 41.8 after training for 3.5 days.\nEach step took 0.4 seconds."],
    )
    claims = (
        Claim(text="It gets a 41.8 F1 score on parsing."),  # F1 named: the paper's "score" is BLEU
        Claim(text="It gets a BLEU score of 41.8."),
        Claim(text="Training takes 3.5 seconds."),  # the paper's 3.5 is days
        Claim(text="Training takes 3.5 days, 0.4 s a step."),
    )
    grounded, _ = ground(summary(*claims), paper, "")
    assert [c.verified for c in grounded.experiments] == [False, True, False, True]
