"""Hand-built reports shaped like the LLM engine's output (ratings, math, tables, unverified claims) with
hostile text in every field that comes from papers, feeds or models."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from render_checks import write_png

from paperdigest.models import (
    Analysis,
    Claim,
    Comparison,
    ComparisonRow,
    DayStatus,
    EquationImage,
    Evidence,
    Figure,
    Grounding,
    KeywordHit,
    Paper,
    PaperEntry,
    Report,
    RunParams,
    Selection,
    Summary,
    Theme,
)

INJECTED_TITLE = '<img src=x onerror="window.__pwned=1"> Attack <script>window.__pwned=2</script>'
INJECTED_LATEX = r"$\text{<img/src/onerror=window.__pwned=3>}$"


def _claim(text: str, page: int | None = 2, verified: bool | None = True) -> Claim:
    return Claim(text=text, evidence=[Evidence(quote=text, page=page)], verified=verified)


def _paper(arxiv_id: str, title: str, **extra) -> Paper:
    return Paper(
        arxiv_id=arxiv_id,
        version=1,
        title=title,
        abstract=(
            "Large language models are costly to run. We propose a cheaper decoding method for them. "
            "It improves accuracy by 3.2% on GSM8K."
        ),
        authors=["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"],
        categories=["cs.CL", "cs.LG"],
        published=dt.datetime(2025, 1, 17, 10, 0, tzinfo=dt.UTC),
        announced=dt.date(2025, 1, 20),
        sources=["hf"],
        upvotes=42,
        **extra,
    )


def build_report(out_dir: Path, lang: str = "en", template: str = "weekly") -> Report:
    """Three papers: one clean with a figure and math, one with injected text everywhere, one only listed."""
    write_png(out_dir / "figures" / "2501.00001v1-figure-1.png")
    write_png(out_dir / "figures" / "2501.00001v1-equation-3-p4.png")
    clean = PaperEntry(
        paper=_paper("2501.00001", r"Token Maturation with $\alpha$-schedules", extra={"githubRepo": "https://github.com/x/y"}),
        selection=Selection(arxiv_id="2501.00001", score=6.0, rank=1, selected=True,
                            hits=[KeywordHit(keyword="agent", field="title", weight=3.0)]),
        fulltext_source="pdf",
        analysis=Analysis(
            engine="llm",
            model="openai/gpt-4o-mini",
            summary=Summary(
                domain="NLP, language modelling",
                contribution=_claim("Continuous token dynamics replace immediate commitment."),
                innovations=[_claim("A liquid tail of $K$ tokens keeps evolving before commitment.")],
                usage=[_claim("Needs a pretrained decoder; code is released.")],
                principles=[
                    _claim(r"Each step moves $\tilde{z}_i$ towards the prediction $\hat{z}_i$.", page=3),
                    _claim(r"$$\tilde{z}_i \leftarrow \tilde{z}_i + \alpha_i (\hat{z}_i - \tilde{z}_i)$$", page=4),
                ],
                experiments=[_claim("Perplexity drops from 12.1 to 11.4 (p < 0.05).", page=7)],
                rating=4,
                rating_reason="two benchmarks, ablations, no human study",
                strengths=[_claim("No sampling needed.")],
                limitations=[_claim("Memory grows with $K$.", verified=False)],
            ),
            grounding=Grounding(checked=9, verified=8, unverified=1, unverified_items=["Memory grows"]),
        ),
        figures=[Figure(name="Figure 1", page=3, caption="Figure 1: Immediate commitment vs. maturation.",
                        image="figures/2501.00001v1-figure-1.png")],
        equations=[EquationImage(number="3", page=4, image="figures/2501.00001v1-equation-3-p4.png")],
    )
    hostile = PaperEntry(
        paper=_paper("2501.00002", INJECTED_TITLE, extra={"githubRepo": "javascript:alert(1)"}).model_copy(
            update={"abstract": "</details><script>window.__pwned=4</script> # not a heading", "authors": ["<b>Eve</b>"]}
        ),
        selection=Selection(arxiv_id="2501.00002", score=3.0, rank=2, selected=True),
        fulltext_source="abstract",
        analysis=Analysis(
            engine="llm",
            model="openai/gpt-4o-mini",
            summary=Summary(
                domain="<iframe src=//evil.example>",
                contribution=_claim("![track](https://evil.example/pixel.png) and [x](javascript:alert(1))", verified=False),
                principles=[_claim(INJECTED_LATEX)],
                experiments=[_claim("| broken | table | <svg onload=window.__pwned=5>")],
                rating=2,
            ),
        ),
        equations=[EquationImage(number="<img src=x onerror=window.__pwned=8>", page=2, image="javascript:alert(1)")],
        errors=["PDF failed: <img src=x onerror=window.__pwned=6>"],
    )
    listed = PaperEntry(paper=_paper("2501.00003", "A paper that is only listed"),
                        selection=Selection(arxiv_id="2501.00003", rank=3))
    return Report(
        generated_at=dt.datetime(2025, 1, 27, 8, 0, tzinfo=dt.UTC),
        params=RunParams(command="week", start=dt.date(2025, 1, 20), end=dt.date(2025, 1, 26), sources=["hf"],
                         engine="llm", model="openai/gpt-4o-mini", lang=lang, max_papers=2, template=template),
        days=[DayStatus(date=dt.date(2025, 1, 20), source="hf", count=3),
              DayStatus(date=dt.date(2025, 1, 25), source="hf", status="missing", note="weekend | not recorded")],
        papers=[clean, hostile, listed],
        comparison=Comparison(
            overview="This week: decoding.\n\n# injected heading\n- a trend with <b>tags</b>",
            themes=[Theme(name="Decoding as dynamics", arxiv_ids=["2501.00001"], summary="Generation without commitment."),
                    Theme(name="# Security <script>x</script>", arxiv_ids=["2501.00002"])],
            table=[ComparisonRow(arxiv_id="2501.00001", task="LM", data="WikiText | C4", metric="PPL", result="11.4", cost="1 GPU"),
                   ComparisonRow(arxiv_id="2501.00002", task="<b>x</b>", result="n/a")],
            trends=["Continuous generation"],
            disagreements=["Whether sampling is needed"],
            outlook="Expect more continuous decoders.\n- watch memory costs",
        ),
        errors=["arxiv: <script>window.__pwned=7</script>"],
    )


@pytest.fixture
def sample_report(tmp_path: Path):
    """(report, out_dir): the out_dir already holds the figure the report links."""
    out_dir = tmp_path / "out"
    return build_report(out_dir), out_dir
