"""What the templates see: the Report plus views computed once in Python (numbering, grouping, columns).

Pure functions of the record and settings, so templates stay declarative and every template numbers
citations and sections the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from paperdigest.captions import figure_place
from paperdigest.paper_lines import code_link, one_line
from paperdigest.reading import label
from paperdigest.models import PaperEntry, Report
from paperdigest.settings import Settings

# Comparison table columns, in order; a column no row fills is left out.
TABLE_COLUMNS = (("task", "task"), ("data", "data"), ("metric", "metric"), ("result", "result"), ("cost", "cost"))
@dataclass
class ThemeView:
    number: int
    name: str
    summary: str
    entries: list[PaperEntry] = field(default_factory=list)


@dataclass
class AbstractParts:
    """An abstract's background, innovation and findings (the digest's three lines), each quoted."""

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
    """The abstract's sentences by role: what came before, what the authors bring and how, what they found."""
    said = label(abstract)
    return AbstractParts(
        [s.text for s in said if s.role == "background"],
        [s.text for s in said if s.role in ("contribution", "method")],
        [s.text for s in said if s.role == "result"],
    )


def by_category(report: Report, none_label: str) -> dict[str, list[PaperEntry]]:
    """Papers grouped by primary category (alphabetical), papers in report order; a paper without a category
    (Hugging Face lists none) goes under its theme, so a digest of HF papers is grouped by subject too."""
    theme_of = {pid: theme.name for theme in report.comparison.themes for pid in theme.arxiv_ids}
    groups: dict[str, list[PaperEntry]] = {}
    for entry in report.papers:
        group = entry.paper.primary_category or theme_of.get(entry.paper.arxiv_id) or none_label
        groups.setdefault(group, []).append(entry)
    return dict(sorted(groups.items(), key=lambda item: (item[0] == none_label, item[0])))


def figures_by_place(entry: PaperEntry) -> dict[str, list]:
    """The report's figures of a paper by where their captions put them: innovation, experiments or other."""
    places: dict[str, list] = {"innovation": [], "experiments": [], "other": []}
    for figure in entry.figures:
        places[figure_place(figure.name, figure.caption)].append(figure)
    if not places["innovation"] and places["other"]:  # a figure the caption does not place: the first one explains
        places["innovation"].append(places["other"].pop(0))
    return places


def source_urls(report: Report, settings: Settings) -> list[tuple[str, str]]:
    """(label, URL) of the listings a report was built from, as they were asked for, so a reader can check them."""
    from urllib.parse import urlencode

    from paperdigest.sources.arxiv import API, build_query
    from paperdigest.sources.rss import feed_url

    p = report.params
    urls = []
    for source in p.sources:
        if source == "hf":
            days = sorted({d.date for d in report.days if d.source == "hf" and not d.unavailable})
            urls += [(f"hf {day}", f"https://huggingface.co/papers/date/{day}") for day in days]
        elif source == "arxiv" and p.start and p.end:
            query = build_query(settings.categories, settings.keywords, p.start, p.end)
            urls.append(("arxiv", f"{API}?{urlencode({'search_query': query})}"))
        elif source == "rss":
            urls.append(("rss", feed_url(())))  # the all-archives feed, filtered by category afterwards
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
        "by_category": by_category(report, t["no_category"]),
        "lines": {e.paper.arxiv_id: one_line(e) for e in report.papers},
        "code_links": {e.paper.arxiv_id: code_link(e) for e in report.papers},
        "figures_by_place": figures_by_place,
        "abstract_parts": abstract_parts,
    }
