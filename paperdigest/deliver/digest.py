"""What every channel says about a report: the short version of it, as plain data (untrusted text stays text:
each channel escapes it for its own format)."""

from __future__ import annotations

from dataclasses import dataclass, field

from paperdigest.events import paper_count
from paperdigest.models import PaperEntry, Report
from paperdigest.paper_lines import one_line

MAX_LINE = 240  # characters of a paper's one-line summary in a card
TOP_THEMES = 5


@dataclass(frozen=True)
class PaperLine:
    arxiv_id: str
    title: str
    line: str
    url: str | None


@dataclass(frozen=True)
class Digest:
    title: str
    period: str
    listed: int
    read: int
    themes: list[str] = field(default_factory=list)
    papers: list[PaperLine] = field(default_factory=list)
    report_url: str | None = None

    @property
    def counts(self) -> str:
        return f"{paper_count(self.listed)}, {self.read} read"


def _one_line(entry: PaperEntry) -> str:
    """The report's one line for the paper (HF's summary marked as HF's), cut to fit a card."""
    line = one_line(entry)
    if line is None:
        return ""
    text = " ".join((f"(HF summary) {line.text}" if line.source == "hf" else line.text).split())
    return text if len(text) <= MAX_LINE else text[: MAX_LINE - 1].rstrip() + "…"


def period(report: Report) -> str:
    p = report.params
    if p.start and p.end and p.start != p.end:
        return f"{p.start} to {p.end}"
    return str(p.start) if p.start else "reading list"


def make_digest(report: Report, title: str, site_url: str | None = None) -> Digest:
    """`site_url`: where the report folders are published; the card links to this report's page there."""
    read = report.selected
    url = None
    if site_url:
        url = site_url.rstrip("/") + "/"
    return Digest(
        title=" ".join(title.split()),
        period=period(report),
        listed=len(report.papers),
        read=len(read),
        themes=[" ".join(t.name.split()) for t in report.comparison.themes[:TOP_THEMES]],
        papers=[
            PaperLine(e.paper.versioned_id, " ".join(e.paper.title.split()), _one_line(e), e.paper.abs_url if e.paper.is_arxiv else None)
            for e in read
        ],
        report_url=url,
    )


def subject(digest: Digest) -> str:
    return f"paperdigest: {digest.period} — {digest.counts}"
