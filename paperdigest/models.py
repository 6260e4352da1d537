"""The records that flow through the pipeline: pure data, no I/O.

Every stage takes and returns these, so each stage can be cached (they serialise to JSON), tested with plain
data and replaced without touching its neighbours. The JSON report (`--format json`) is `Report` itself, so
field names here are a public interface: add fields, never rename them without bumping SCHEMA_VERSION.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

# What a listing may say about a paper is bounded: a 2 MB title must not become an 8 MB report.
MAX_TITLE, MAX_ABSTRACT, MAX_AUTHOR = 1_000, 20_000, 300
_PAPER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,99}")


def _bounded(limit: int):
    def cut(text: str) -> str:
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

    return AfterValidator(cut)


def _paper_id(text: str) -> str:
    """An arXiv id or a local file's safe stem: ids end up in links, anchors and file names."""
    if not _PAPER_ID.fullmatch(text) or ".." in text or "//" in text:
        raise ValueError(f"not a paper id: {text[:100]!r}")
    return text


BBox = tuple[float, float, float, float]
FulltextSource = Literal["html", "pdf", "abstract"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Paper(Record):
    """One paper as the sources announce it (metadata only)."""

    arxiv_id: Annotated[str, AfterValidator(_paper_id)] = Field(
        description="arXiv id without version (2501.10120 or math/0501001), or a local file's name made safe"
    )
    version: int | None = Field(None, description="latest version seen, e.g. 1 for v1")
    title: Annotated[str, _bounded(MAX_TITLE)]
    abstract: Annotated[str, _bounded(MAX_ABSTRACT)] = ""
    authors: list[Annotated[str, _bounded(MAX_AUTHOR)]] = []
    categories: list[str] = Field([], description="primary category first")
    published: dt.datetime | None = Field(None, description="first version's submission time (UTC)")
    updated: dt.datetime | None = None
    announced: dt.date | None = Field(None, description="the day this paper belongs to, by its source's rule")
    sources: list[str] = Field([], description="sources that listed it: hf, arxiv, rss, oai")
    announce_type: str | None = Field(None, description="rss: new, cross, replace, replace-cross")
    upvotes: int | None = Field(None, description="hf upvotes")
    num_comments: int | None = None
    extra: dict[str, Any] = Field({}, description="other source facts: ai_summary, github, project page, ...")

    @property
    def is_arxiv(self) -> bool:
        """False for local files that are not arXiv papers: they get no arXiv links."""
        from paperdigest.ids import is_arxiv_id

        return is_arxiv_id(self.arxiv_id)

    @property
    def versioned_id(self) -> str:
        return f"{self.arxiv_id}v{self.version}" if self.version else self.arxiv_id

    @property
    def primary_category(self) -> str | None:
        return self.categories[0] if self.categories else None

    @property
    def abs_url(self) -> str:
        return f"https://arxiv.org/abs/{self.versioned_id}"

    @property
    def pdf_url(self) -> str:
        return f"https://arxiv.org/pdf/{self.versioned_id}"

    @property
    def html_url(self) -> str:
        return f"https://arxiv.org/html/{self.versioned_id}"


class DayStatus(Record):
    """What one source said about one day, so an empty report is never a silent one."""

    date: dt.date
    source: str
    count: int = 0
    status: Literal["ok", "empty", "missing", "error"] = "ok"
    note: str = ""

    @property
    def unavailable(self) -> bool:
        """The day could not be had (unlike a quiet holiday): the run is partial."""
        return self.status in ("missing", "error")


class KeywordHit(Record):
    keyword: str
    field: Literal["title", "abstract", "category", "author"]
    weight: float


class Selection(Record):
    """Why a paper was (not) picked: a transparent score, like reference report 004."""

    arxiv_id: str
    score: float = 0.0
    hits: list[KeywordHit] = []
    rank: int = 0
    selected: bool = False
    excluded_by: str | None = None
    category_match: Literal["primary", "cross-list"] | None = Field(
        None, description="how the paper is in a wanted category: its primary one or a cross-list"
    )
    matched_category: str | None = None
    relevance: float | None = Field(None, description="closeness to the reader's library and interests, 0..1")
    followed: str | None = Field(None, description="the followed author or organisation that pinned it to the top")
    reasons: list[str] = Field([], description="why it ranks where it does, e.g. 'close to: <library title>'")


class Section(Record):
    title: str
    level: int = 1
    text: str = ""
    page: int | None = Field(None, description="1-based page where the section starts")


class Figure(Record):
    name: str = Field(description="as printed, normalised: 'Figure 3', 'Table 2', 'Table A1'")
    type: Literal["figure", "table"] = "figure"
    page: int | None = Field(None, description="1-based")
    caption: str = ""
    caption_bbox: BBox | None = None
    region_bbox: BBox | None = Field(None, description="body without caption, PyMuPDF points, origin top-left")
    image: str | None = Field(None, description="path of the rendered PNG, relative to the output folder")
    image_url: str | None = Field(None, description="where the HTML full text keeps it")


class EquationRegion(Record):
    """Where a numbered display equation is printed in a PDF, to show it as an image crop with its number."""

    number: str = Field(description="as printed inside its parentheses: '3', '12b', 'A.1'")
    page: int = Field(description="1-based")
    bbox: BBox = Field(description="the formula without its number, PyMuPDF points, origin top-left")
    lines: list[str] = Field([], description="its text layer line by line, garbled: to recognise it in prose, never to quote")


class EquationImage(Record):
    """A numbered display equation shown as its picture from the PDF: its text layer is garble ('dO ∈R𝑛×𝑑')."""

    number: str = Field(description="as printed inside its parentheses: '3', '12b', 'A.1'")
    page: int = Field(description="1-based page of the PDF")
    image: str | None = Field(None, description="path of the rendered PNG, relative to the output folder")


class Reference(Record):
    index: int | None = None
    text: str
    arxiv_id: str | None = None
    doi: str | None = None


class ParsedPaper(Record):
    """Full text of one paper, from whichever source was read (HTML, PDF or just the abstract)."""

    source: FulltextSource
    file: str | None = None
    page_count: int | None = None
    metadata: dict[str, Any] = {}
    abstract: str = ""
    sections: list[Section] = []
    references: list[Reference] = []
    figures: list[Figure] = []
    equations: list[str] = Field([], description="display equations as LaTeX")
    missing_equations: int = Field(0, description="numbered equation rows that carried no LaTeX")
    equation_regions: list[EquationRegion] = Field([], description="numbered display equations located in a PDF")
    page_texts: list[str] = Field([], description="plain text per page, to cite the page of a quoted number")
    footnotes: list[str] = Field([], description="a PDF's footnotes, kept out of its sections' running text")


class Evidence(Record):
    quote: str
    section: str | None = None
    page: int | None = None


class Claim(Record):
    """One statement of an analysis, with where it came from."""

    text: str
    evidence: list[Evidence] = []
    verified: bool | None = Field(None, description="None: not checked; False: a number/quote not in the paper")
    derived: list[str] = Field([], description="numbers computed from the paper's own, e.g. '6.6 = 77.8 − 71.2'")


class Classification(Record):
    topic: str = ""
    paper_type: Literal["method", "benchmark", "survey", "system", "theory", "other"] = "other"
    relevance: int = Field(0, ge=0, le=10)
    reason: str = ""


class FigureChoice(Record):
    name: str
    why: str = ""


class Summary(Record):
    """The per-paper analysis sections of reference reports 000/001."""

    domain: str = ""
    contribution: Claim | None = None
    usage: list[Claim] = Field([], description="inputs, outputs, how to integrate, what it needs")
    innovations: list[Claim] = []
    principles: list[Claim] = Field([], description="key ideas, LaTeX math as $...$ / $$...$$")
    experiments: list[Claim] = Field([], description="datasets, metrics, main numbers against baselines")
    rating: int | None = Field(None, ge=1, le=5, description="experimental completeness, 1-5 stars")
    rating_reason: str = ""
    strengths: list[Claim] = []
    limitations: list[Claim] = []
    key_figures: list[FigureChoice] = []


class Grounding(Record):
    checked: int = 0
    verified: int = 0
    unverified: int = 0
    unverified_items: list[str] = []
    derived: int = Field(0, description="numbers the paper does not state but that follow from ones it does")
    derived_items: list[str] = []


class Analysis(Record):
    engine: Literal["llm", "extractive"]
    model: str | None = Field(None, description="the model that wrote the summary (a fallback model, sometimes)")
    classification: Classification | None = None
    summary: Summary = Summary()
    grounding: Grounding = Grounding()
    date: dt.date | None = Field(None, description="when the model wrote the summary")
    prompt_version: str | None = Field(None, description="summarise prompt: 'built-in' or the user file, and a hash")
    omitted: list[str] = Field([], description="sections left out (or shortened) to fit the model's context")
    filled: list[str] = Field([], description="fields the model's answer left out, filled empty")
    fallback: str | None = Field(None, description="why this is the extractive analysis: the LLM summary failed")


class Theme(Record):
    name: str
    arxiv_ids: list[str]
    summary: str = ""


class ComparisonRow(Record):
    arxiv_id: str
    task: str = ""
    data: str = ""
    metric: str = ""
    result: str = ""
    cost: str = ""


class Comparison(Record):
    """The cross-paper part of a report: themes, table, trends, outlook."""

    overview: str = ""
    themes: list[Theme] = []
    table: list[ComparisonRow] = []
    trends: list[str] = []
    disagreements: list[str] = []
    outlook: str = ""
    errors: list[str] = Field([], description="parts that could not be written: a failed or skipped LLM call")


class PaperEntry(Record):
    """Everything the report says about one paper."""

    paper: Paper
    selection: Selection
    fulltext_source: FulltextSource | None = None
    parsed: ParsedPaper | None = Field(None, exclude=True, description="internal: the full text read")
    pdf_file: str | None = Field(None, exclude=True, description="internal: the PDF the figures come from")
    analysis: Analysis | None = None
    figures: list[Figure] = Field([], description="figures chosen for the report, images beside it")
    equations: list[EquationImage] = Field(
        [], description="key numbered equations of a PDF without LaTeX, as images beside the report (Key principles)"
    )
    errors: list[str] = []


class StageStats(Record):
    computed: int = Field(0, description="results computed and stored by this run")
    cached: int = Field(0, description="results loaded from the cache")
    failed: int = Field(0, description="attempts that failed or were incomplete; the next run tries them again")


class Usage(Record):
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0


class RunParams(Record):
    command: str
    start: dt.date | None = None
    end: dt.date | None = None
    sources: list[str] = []
    engine: Literal["llm", "extractive"] = "extractive"
    model: str | None = None
    lang: Literal["en", "zh"] = "en"
    max_papers: int = 0
    template: str = "weekly"


class ReadBefore(Record):
    """A paper read in depth in an earlier report: listed with a link to it instead of being read again."""

    arxiv_id: str
    version: int | None = None
    title: str
    report_id: str = Field(description="the history entry of the earlier report")
    report_start: dt.date | None = None
    report_end: dt.date | None = None
    link: str | None = Field(None, description="the earlier report: a file: URI, or its page in a site")


class UpdatedPaper(ReadBefore):
    """A paper read before that has a newer arXiv version now: it is read again, and this says what changed."""

    new_version: int | None = None
    new_title: str | None = Field(None, description="the new version's title, when it changed")
    abstract_changed: bool = False


class Change(Record):
    """A count in two periods: a theme or term that rose or faded, with both numbers."""

    name: str
    before: int = 0
    after: int = 0


class PreviousReport(Record):
    """This report against the report of the period before it, from the history."""

    report_id: str
    start: dt.date | None = None
    end: dt.date | None = None
    link: str | None = None
    papers: Change = Field(description="papers listed, before and now")
    selected: Change = Field(description="papers read in depth, before and now")
    themes: list[Change] = Field([], description="themes of either report, papers per theme")
    listed_again: list[str] = Field([], description="arXiv ids listed in both reports")


class HistoryNotes(Record):
    already_read: list[ReadBefore] = []
    updated: list[UpdatedPaper] = []
    previous: PreviousReport | None = None


class Report(Record):
    schema_version: str = SCHEMA_VERSION
    generated_at: dt.datetime | None = None
    params: RunParams
    days: list[DayStatus] = []
    papers: list[PaperEntry] = []
    comparison: Comparison = Comparison()
    errors: list[str] = Field([], description="problems that are not about one paper: a source that failed")
    stages: dict[str, StageStats] = {}
    usage: dict[str, Usage] = Field({}, description="LLM usage per stage")
    ranking: str = Field("", description="how the papers were ranked, in one sentence")
    notes: list[str] = Field([], description="things a reader should know that are not errors: a filter left 0 of N")
    history: HistoryNotes = Field(HistoryNotes(), description="what earlier reports in the history already read")

    @property
    def selected(self) -> list[PaperEntry]:
        return [e for e in self.papers if e.selection.selected]

    @property
    def partial(self) -> bool:
        return bool(self.errors) or any(e.errors for e in self.papers) or any(d.unavailable for d in self.days)
