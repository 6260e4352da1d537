"""A static site of the history: index.html, one self-contained page per report, trends.html and feed.xml.

Links are relative (the folder can be served from anywhere), pages carry the reports' Content-Security-Policy
and no script. A report that cannot be rendered again (its custom template is gone) is left out with a warning.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from paperdigest.errors import OutputError, PaperdigestError
from paperdigest.events import paper_count
from paperdigest.history import HistoryEntry
from paperdigest.models import Report
from paperdigest.render import render_document, report_title, stylesheet
from paperdigest.render.markdown import md_cell
from paperdigest.settings import Settings
from paperdigest.files import atomic_write
from paperdigest.render.trends import period_label
from paperdigest.trends import compute, theme_counts

FEED_NAMESPACE = uuid.UUID("6f0d9a52-3c1e-4a55-9a57-2f1f3c6c0b7e")  # entry ids stay the same on every build


@dataclass
class Site:
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def page_name(id: str) -> str:
    return f"{id}.html"


def with_site_links(report: Report, pages: set[str]) -> Report:
    """The report with its links to earlier reports pointing at their pages of the site (or nowhere)."""
    copy = report.model_copy(deep=True)
    notes = copy.history
    for note in [*notes.already_read, *notes.updated, *([notes.previous] if notes.previous else [])]:
        note.link = page_name(note.report_id) if note.report_id in pages else None
    return copy


def _themes(report: Report, n: int = 3) -> str:
    ranked = sorted(theme_counts(report).items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return ", ".join(f"{name} ({count})" for name, count in ranked)


def _when(entry: HistoryEntry) -> dt.datetime:
    """When the report was made; an entry without the time falls back to its period's end."""
    report = entry.report
    if report.generated_at:
        return report.generated_at if report.generated_at.tzinfo else report.generated_at.replace(tzinfo=dt.UTC)
    day = report.params.end or dt.date(1970, 1, 1)
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def index_markdown(entries: list[HistoryEntry]) -> str:
    """Every report, newest period first, with its counts and top themes."""
    lines = ["# Paper reports", "", f"{len(entries)} reports · [Trends](trends.html) · [Atom feed](feed.xml)", ""]
    lines += ["| Period | Report | Papers | In depth | Top themes |", "|---|---|---|---|---|"]
    for entry in sorted(entries, key=lambda e: e.sort_key, reverse=True):
        report = entry.report
        lines.append(
            f"| [{period_label(report.params.start, report.params.end, entry.id)}]({page_name(entry.id)}) | {md_cell(report.params.command)} "
            f"| {len(report.papers)} | {len(report.selected)} | {md_cell(_themes(report))} |"
        )
    return "\n".join(lines) + "\n"


def feed_xml(entries: list[HistoryEntry], base_url: str | None) -> bytes:
    """An Atom feed, one entry per report (newest first); links relative unless base_url is given."""
    from feedgen.feed import FeedGenerator

    def url(name: str) -> str:
        return base_url.rstrip("/") + "/" + name if base_url else name

    feed = FeedGenerator()
    feed.id(url("feed.xml") if base_url else f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, 'feed')}")
    feed.title("paperdigest reports")
    feed.author({"name": "paperdigest"})
    feed.link(href=url("index.html"), rel="alternate")
    feed.link(href=url("feed.xml"), rel="self")
    feed.updated(max(_when(e) for e in entries))
    for entry in sorted(entries, key=lambda e: e.sort_key, reverse=True):
        report, item = entry.report, feed.add_entry(order="append")
        item.id(f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, entry.id)}")
        item.title(report_title(report))
        item.link(href=url(page_name(entry.id)), rel="alternate")
        item.published(_when(entry))
        item.updated(_when(entry))
        themes = _themes(report, 5)
        item.summary(f"{paper_count(len(report.papers))}, {len(report.selected)} read in depth." + (f" Themes: {themes}." if themes else ""))
    return feed.atom_str(pretty=True)


def build_site(entries: list[HistoryEntry], out: Path, settings: Settings, base_url: str | None = None) -> Site:
    from paperdigest.render.html import html_page, markdown_parser
    from paperdigest.render.trends import trends_html

    site = Site()
    pages: dict[str, str] = {}
    linked = {e.id for e in entries}
    while True:  # a report that fails leaves the site: render the others again without links to it
        pages.clear()
        for entry in entries:
            if entry.id not in linked:
                continue
            base_dir = Path(entry.written_to).parent if entry.written_to else None
            try:
                pages[entry.id] = render_document(with_site_links(entry.report, linked), "html", settings, base_dir=base_dir)
            except PaperdigestError as error:
                site.warnings.append(f"{entry.id} left out of the site: {error}")
        if set(pages) == linked:
            break
        linked = set(pages)
    if not pages:
        raise OutputError("no report of the history could be rendered: " + "; ".join(site.warnings))
    shown = [e for e in entries if e.id in pages]
    trends = compute(shown)
    for period in trends.periods:
        period.link = page_name(period.id)
    files = {page_name(id): text.encode("utf-8") for id, text in pages.items()}
    files["index.html"] = html_page(
        markdown_parser().render(index_markdown(shown)), "Paper reports", css=stylesheet(None, settings)
    ).encode("utf-8")
    files["trends.html"] = trends_html(trends, settings, index="index.html").encode("utf-8")
    files["feed.xml"] = feed_xml(shown, base_url)
    try:
        for name, data in files.items():
            atomic_write(out / name, data)
            site.written.append(out / name)
    except OSError as exc:
        raise OutputError(f"cannot write the site into {out}: {exc.strerror or exc}") from exc
    return site
