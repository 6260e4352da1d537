"""A small report with every part filled, made up and labelled as such: templates are rendered against it before a
run starts (an unknown field fails before any download or paid call), and the golden files are made from it."""

from __future__ import annotations

import datetime as dt

from paperdigest.models import (
    Analysis,
    Claim,
    Classification,
    Comparison,
    ComparisonRow,
    DayStatus,
    Evidence,
    EquationImage,
    Figure,
    FigureChoice,
    Grounding,
    KeywordHit,
    Paper,
    PaperEntry,
    Report,
    RunParams,
    Selection,
    StageStats,
    Summary,
    Theme,
    Usage,
)

_DAY = dt.date(2025, 1, 20)


def _claim(text: str, page: int | None = 1, verified: bool | None = True) -> Claim:
    return Claim(text=text, evidence=[Evidence(quote=text, section="Abstract", page=page)], verified=verified)


def _summary() -> Summary:
    return Summary(
        domain="cs.CL",
        contribution=_claim("We introduce a sample method for template checks."),
        usage=[_claim("Code is available at https://github.com/example/sample.")],
        innovations=[_claim("A sample innovation.")],
        principles=[_claim("The loss is $L = \\sum_i x_i$.", page=None, verified=None)],
        experiments=[_claim("It reaches 93.7% accuracy on a sample set.", page=3), _claim("An unchecked 12.5 points.", verified=False)],
        rating=4,
        rating_reason="a sample rating",
        strengths=[_claim("A sample strength.")],
        limitations=[_claim("A sample limitation.")],
        key_figures=[FigureChoice(name="Figure 1", why="the method at a glance")],
    )


def sample_report(params: RunParams) -> Report:
    """Two papers (one read in depth, one listed), two days, one theme: enough for every branch a template has."""
    read = Paper(
        arxiv_id="2501.00001",
        version=2,
        title="A sample paper read in depth",
        abstract="Large models are costly. We introduce a sample method. It reaches 93.7% accuracy.",
        authors=["Ada Sample", "Bo Example"],
        categories=["cs.CL", "cs.AI"],
        published=dt.datetime(2025, 1, 17, 12, tzinfo=dt.UTC),
        announced=_DAY,
        sources=["hf"],
        upvotes=12,
        num_comments=3,
        extra={"ai_summary": "A sample summary.", "ai_keywords": ["sample"], "githubRepo": "https://github.com/example/sample"},
    )
    listed = Paper(arxiv_id="2501.00002", version=1, title="A sample paper listed only", abstract="A listed abstract.", authors=["Cy Sample"], categories=["cs.LG"], announced=_DAY, sources=["hf"])  # fmt: skip
    figure = Figure(name="Figure 1", page=2, caption="Figure 1: The sample method.", image="figures/sample-figure-1.png")
    analysis = Analysis(
        engine=params.engine,
        model=params.model,
        classification=Classification(topic="Other", paper_type="method", relevance=7, reason="a sample reason"),
        summary=_summary(),
        grounding=Grounding(checked=9, verified=8, unverified=1, unverified_items=["12.5"]),
    )
    entries = [
        PaperEntry(
            paper=read,
            selection=Selection(arxiv_id=read.arxiv_id, score=4.0, rank=1, selected=True, hits=[KeywordHit(keyword="sample", field="title", weight=3)], category_match="primary", matched_category="cs.CL", relevance=0.9, reasons=["close to: a sample library title (relevance 0.90)", "keywords: sample"]),  # fmt: skip
            fulltext_source="pdf",
            analysis=analysis,
            figures=[figure],
            equations=[EquationImage(number="2", page=3, image="figures/sample-equation-2-p3.png")],
            errors=["a sample warning"],
        ),
        PaperEntry(paper=listed, selection=Selection(arxiv_id=listed.arxiv_id, rank=2), errors=[]),
    ]
    return Report(
        generated_at=dt.datetime(2025, 1, 27, tzinfo=dt.UTC),
        params=params,
        days=[
            DayStatus(date=_DAY, source="hf", count=2),
            DayStatus(date=_DAY + dt.timedelta(days=1), source="hf", status="missing", note="a sample gap"),
        ],
        papers=entries,
        comparison=Comparison(
            overview="A sample overview.",
            themes=[Theme(name="Sample theme", arxiv_ids=[read.arxiv_id], summary="A sample theme summary.")],
            table=[ComparisonRow(arxiv_id=read.arxiv_id, task="sample task", data="sample set", metric="accuracy", result="93.7%")],
            trends=["A sample trend."],
            disagreements=["A sample disagreement."],
            outlook="A sample outlook.",
            errors=["a sample comparison error"],
        ),
        errors=["a sample source error"],
        ranking="a sample ranking",
        notes=["a sample note"],
        stages={"extractive": StageStats(computed=1)},
        usage={"summarise": Usage(calls=1, prompt_tokens=100, completion_tokens=50, cost_usd=0.01)},
    )
