"""The trends of the history as Markdown (charts as PNG beside it) or one HTML page (charts as inline SVG).

Every name comes from papers or models and is escaped for Markdown; every number is a count.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from paperdigest.errors import OutputError
from paperdigest.files import atomic_write
from paperdigest.models import Change
from paperdigest.render.markdown import md, md_cell, report_link
from paperdigest.settings import Settings, cache_root
from paperdigest.trends import Period, Recurring, Trends

CHART_LINES = 8


def period_label(start: dt.date | None, end: dt.date | None, fallback: str) -> str:
    if start and end and start != end:
        return f"{start} to {end}"
    return str(start or fallback)


def _period_link(p: Period) -> str:
    href = report_link(p.link)
    return f"[{period_label(p.start, p.end, p.id)}]({href})" if href else period_label(p.start, p.end, p.id)


def _top(counts: dict[str, int], n: int = 3) -> str:
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return ", ".join(f"{name} ({count})" for name, count in ranked)


def charts(trends: Trends) -> list[tuple[str, str, dict[str, list[int]]]]:
    """(file stem, title, name -> count per period) for the themes and the terms most seen over the periods."""
    result = []
    for stem, title, field in (("themes", "Papers per theme", "themes"), ("terms", "Papers per title term", "terms")):
        totals: dict[str, int] = {}
        for p in trends.periods:
            for name, count in getattr(p, field).items():
                totals[name] = totals.get(name, 0) + count
        names = sorted(totals, key=lambda n: (-totals[n], n))[:CHART_LINES]
        if names:
            result.append((f"trends-{stem}", title, {n: [getattr(p, field).get(n, 0) for p in trends.periods] for n in names}))
    return result


def _changes(title: str, rising: list[Change], fading: list[Change]) -> list[str]:
    if not (rising or fading):
        return [f"**{title}**: no change.", ""]
    lines = [f"| {title} | before | now | change |", "|---|---|---|---|"]
    for c in rising + fading:
        lines.append(f"| {md_cell(c.name)} | {c.before} | {c.after} | {c.after - c.before:+d} |")
    return lines + [""]


def _recurring(title: str, items: list[Recurring]) -> list[str]:
    if not items:
        return [f"**{title}**: none in more than one report.", ""]
    lines = [f"| {title} | reports | papers |", "|---|---|---|"]
    lines += [f"| {md_cell(r.name)} | {len(r.periods)} | {r.papers} |" for r in items]
    return lines + [""]


def trends_markdown(trends: Trends, index: str | None = None) -> tuple[str, str]:
    """(head, rest): the charts go between them. index: the page listing the reports, in a site."""
    periods = trends.periods
    first, last = (periods[0].start or periods[0].id, periods[-1].end or periods[-1].id) if periods else ("", "")
    span = f"{first} to {last}" if first != last else str(first)
    listed = f"[{len(periods)} reports]({index})" if index else f"{len(periods)} reports"
    head = [f"# Trends: {span}", "", f"{listed} in the history.", "", "## Reports", ""]
    head += ["| Report | Papers | In depth | Top themes | Top terms |", "|---|---|---|---|---|"]
    head += [f"| {_period_link(p)} | {p.papers} | {p.selected} | {md_cell(_top(p.themes))} | {md_cell(_top(p.terms))} |" for p in periods]
    rest = ["## Rising and fading", ""]
    if len(trends.compared) == 2:
        by_id = {p.id: p for p in periods}
        before, after = (by_id[i] for i in trends.compared)
        rest += [f"Papers per theme and term in {md(period_label(after.start, after.end, after.id))} against {md(period_label(before.start, before.end, before.id))}.", ""]
        rest += _changes("Theme", trends.rising_themes, trends.fading_themes)
        rest += _changes("Term", trends.rising_terms, trends.fading_terms)
    else:
        rest += ["One report only: nothing to compare yet.", ""]
    rest += ["## Recurring authors and organisations", ""]
    rest += _recurring("Author", trends.authors) + _recurring("Organisation", trends.organisations)
    rest += ["## Papers that came back", ""]
    if trends.returning_papers:
        rest += ["| Paper | Reports | Versions |", "|---|---|---|"]
        for r in trends.returning_papers:
            versions = ", ".join(f"v{v}" if v else "?" for v in r.versions)
            rest += [f"| {md_cell(r.title)} (arXiv:{md_cell(r.arxiv_id)}) | {len(r.periods)} | {versions} |"]
    else:
        rest += ["No paper was listed in more than one report."]
    return "\n".join(head) + "\n", "\n".join(rest) + "\n"


def trends_html(trends: Trends, settings: Settings, index: str | None = None) -> str:
    """One self-contained page: tables from the Markdown, charts as inline SVG (text stays text)."""
    from paperdigest.render.charts import inline_svg, series_chart
    from paperdigest.render import stylesheet
    from paperdigest.render.html import html_page, markdown_parser

    labels = [period_label(p.start, p.end, p.id) for p in trends.periods]
    figures = "".join(
        f'<figure class="chart" id="{stem}">\n{inline_svg(series_chart(title, labels, series, "svg", cache_root(settings)))}</figure>\n'
        for stem, title, series in charts(trends)
    )
    head, rest = trends_markdown(trends, index)
    parser = markdown_parser()
    return html_page(parser.render(head) + figures + parser.render(rest), "Trends", css=stylesheet(None, settings))


def write_trends(trends: Trends, out_dir: Path, fmt: str, settings: Settings) -> Path:
    """trends.md with its PNG charts beside it, or trends.html."""
    from paperdigest.render.charts import series_chart

    try:
        if fmt == "html":
            path = out_dir / "trends.html"
            atomic_write(path, trends_html(trends, settings).encode("utf-8"))
            return path
        labels = [period_label(p.start, p.end, p.id) for p in trends.periods]
        images = []
        for stem, title, series in charts(trends):
            atomic_write(out_dir / f"{stem}.png", series_chart(title, labels, series, "png", cache_root(settings)))
            images.append(f"![{title}]({stem}.png)\n")
        head, rest = trends_markdown(trends)
        path = out_dir / "trends.md"
        atomic_write(path, "\n".join([head, *images, rest]).encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"cannot write the trends into {out_dir}: {exc.strerror or exc}") from exc
    return path
