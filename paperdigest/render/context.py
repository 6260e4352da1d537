"""What the templates see: the Report plus views computed once in Python (numbering, grouping, columns).

Pure functions of the record and settings, so templates stay declarative and every template numbers
citations and sections the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from paperdigest.sentences import sentences
from paperdigest.models import PaperEntry, Report
from paperdigest.settings import Settings

# Comparison table columns, in order; a column no row fills is left out.
TABLE_COLUMNS = (("task", "task"), ("data", "data"), ("metric", "metric"), ("result", "result"), ("cost", "cost"))
_AUTHORS_VOICE = re.compile(r"\b(we|our|us|this (paper|work|study|article|report))\b", re.I)
_FINDING = re.compile(
    r"\b(show|demonstrat|outperform|achiev|improv|surpass|result|experiment|evaluat|find|found|reach)\w*|\d+(\.\d+)?\s?%",
    re.I,
)


@dataclass
class ThemeView:
    number: int
    name: str
    summary: str
    entries: list[PaperEntry] = field(default_factory=list)


@dataclass
class AbstractParts:
    """An abstract cut where its authors start speaking and where they report findings (digest sections)."""

    background: list[str]
    method: list[str]
    findings: list[str]


def citations(report: Report) -> dict[str, int]:
    """[n] for every paper of the report: selected ones first, in report order."""
    ordered = report.selected + [e for e in report.papers if not e.selection.selected]
    return {entry.paper.arxiv_id: number for number, entry in enumerate(ordered, 1)}


def themes(report: Report, unthemed_label: str) -> list[ThemeView]:
    """Themes numbered from 2 (section 1 is the overview); selected papers no theme names get their own."""
    by_id = {e.paper.arxiv_id: e for e in report.selected}
    views, placed = [], set()
    for theme in report.comparison.themes:
        entries = [by_id[pid] for pid in theme.arxiv_ids if pid in by_id and pid not in placed]
        if entries:
            placed.update(e.paper.arxiv_id for e in entries)
            views.append(ThemeView(len(views) + 2, theme.name, theme.summary, entries))
    rest = [e for e in report.selected if e.paper.arxiv_id not in placed]
    if rest:
        views.append(ThemeView(len(views) + 2, unthemed_label, "", rest))
    return views


def abstract_parts(abstract: str) -> AbstractParts:
    said = sentences(abstract)
    start = next((i for i, s in enumerate(said) if _AUTHORS_VOICE.search(s)), 0)
    own = said[start:]
    findings = [s for s in own[1:] if _FINDING.search(s)]
    return AbstractParts(said[:start], [s for s in own if s not in findings], findings)


def by_category(entries: list[PaperEntry], none_label: str) -> dict[str, list[PaperEntry]]:
    """Papers grouped by primary category, categories in alphabetical order, papers in report order."""
    groups: dict[str, list[PaperEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.paper.primary_category or none_label, []).append(entry)
    return dict(sorted(groups.items(), key=lambda item: (item[0] == none_label, item[0])))


def source_urls(report: Report, settings: Settings) -> list[tuple[str, str]]:
    """(label, URL) of the listings a report was built from, so a reader can check them."""
    categories = "+".join(settings.categories) or "cs.AI"
    urls = []
    for source in report.params.sources:
        if source == "hf":
            days = sorted({d.date for d in report.days if d.source == "hf" and d.status in ("ok", "empty")})
            urls += [(f"hf {day}", f"https://huggingface.co/papers/date/{day}") for day in days]
        elif source == "arxiv":
            urls.append(("arxiv", f"https://export.arxiv.org/api/query?search_query=cat:{categories}"))
        elif source == "rss":
            urls.append(("rss", f"https://rss.arxiv.org/rss/{categories}"))
        elif source == "oai":
            urls.append(("oai", "https://oaipmh.arxiv.org/oai"))
    return urls


def build(report: Report, settings: Settings, t: dict[str, str]) -> dict[str, Any]:
    selected = report.selected
    others = [e for e in report.papers if not e.selection.selected]
    theme_views = themes(report, t["unthemed"])
    by_id = {e.paper.arxiv_id: e for e in report.papers}
    rows = [row for row in report.comparison.table if row.arxiv_id in by_id]
    return {
        "report": report,
        "params": report.params,
        "t": t,
        "selected": selected,
        "others": others,
        "by_id": by_id,
        "refs": citations(report),
        "themes": theme_views,
        "sections": {"comparison": len(theme_views) + 2, "outlook": len(theme_views) + 3},
        "table_rows": rows,
        "table_columns": [(name, label) for name, label in TABLE_COLUMNS if any(getattr(r, name) for r in rows)],
        "source_urls": source_urls(report, settings),
        "categories_monitored": list(settings.categories),
        "keywords": list(settings.keywords),
        "by_category": by_category(report.papers, t["no_category"]),
        "abstract_parts": abstract_parts,
    }
