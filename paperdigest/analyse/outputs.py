"""The JSON shapes the model is asked for: thin versions of the records in models.py, mapped onto them.

They differ from the records only where the model must not decide: it gives no `verified` flag and no page
(grounding fills those), and every field is required so a provider's schema enforcement asks for all of them.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, create_model

from paperdigest.models import Claim, ComparisonRow, Evidence, FigureChoice, ParsedPaper, Record, Summary

PaperType = Literal["method", "benchmark", "survey", "system", "theory", "other"]
APPENDIX_NAME = re.compile(r"^(?:Figure|Table)\s+[A-Z]\.?\d")  # Figure A1, Table S2, Figure B.3
APPENDIX_TITLE = re.compile(r"appendix|appendices|supplementa", re.I)
SAYS_APPENDIX = re.compile(r"appendix|supplement", re.I)


class ClassifyOut(Record):
    topic: str
    paper_type: PaperType
    relevance: int = Field(ge=0, le=10)
    reason: str


def classify_schema(taxonomy: tuple[str, ...]) -> type[ClassifyOut]:
    """ClassifyOut whose topic must be one of the taxonomy's (an enum in the JSON Schema)."""
    return create_model("Classification", __base__=ClassifyOut, topic=(Literal[taxonomy], ...))  # type: ignore[valid-type]


class EvidenceOut(Record):
    quote: str = Field(description="verbatim from the paper, at most 25 words")
    section: str = Field(description="the section it comes from")


class ClaimOut(Record):
    text: str
    evidence: list[EvidenceOut]

    def to_claim(self) -> Claim:
        return Claim(text=self.text, evidence=[Evidence(quote=e.quote, section=e.section or None) for e in self.evidence])


class SummaryOut(Record):
    domain: str
    contribution: ClaimOut
    usage: list[ClaimOut]
    innovations: list[ClaimOut]
    principles: list[ClaimOut]
    experiments: list[ClaimOut]
    rating: int = Field(ge=1, le=5, description="experimental completeness")
    rating_reason: str
    strengths: list[ClaimOut]
    limitations: list[ClaimOut]
    key_figures: list[FigureChoice]

    def to_summary(self) -> Summary:
        claims = {
            name: [c.to_claim() for c in getattr(self, name)]
            for name in ("usage", "innovations", "principles", "experiments", "strengths", "limitations")
        }
        return Summary(
            domain=self.domain,
            contribution=self.contribution.to_claim(),
            rating=self.rating,
            rating_reason=self.rating_reason,
            key_figures=self.key_figures[:3],
            **claims,
        )


class ThemeOut(Record):
    summary: str
    table: list[ComparisonRow]
    trends: list[str]
    disagreements: list[str]


def theme_schema(arxiv_ids: tuple[str, ...]) -> type[ThemeOut]:
    """ThemeOut whose table rows can only name the theme's papers."""
    row = create_model("Row", __base__=ComparisonRow, arxiv_id=(Literal[arxiv_ids], ...))  # type: ignore[valid-type]
    return create_model("ThemeComparison", __base__=ThemeOut, table=(list[row], ...))  # type: ignore[valid-type]


class OverviewOut(Record):
    overview: str
    trends: list[str]
    outlook: str


def main_text_figures(choices: list[FigureChoice], parsed: ParsedPaper | None) -> list[FigureChoice]:
    """The model's figure picks, without appendix ones unless its reason names the appendix: the figures that
    explain a paper are in its main text, and a weak model picks by caption alone."""
    figures = {f.name: f for f in (parsed.figures if parsed else [])}
    starts = [s.page for s in (parsed.sections if parsed else []) if s.page and APPENDIX_TITLE.search(s.title)]
    appendix_page = min(starts) if starts else None

    def in_appendix(name: str) -> bool:
        page = figures[name].page if name in figures else None
        after_appendix = appendix_page is not None and page is not None and page >= appendix_page
        return bool(APPENDIX_NAME.match(name)) or after_appendix

    return [c for c in choices if not in_appendix(c.name) or SAYS_APPENDIX.search(c.why)]
