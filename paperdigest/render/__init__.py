"""Reports from a Report record: jinja2 templates for Markdown, JSON straight from the record.

Templates come from report_templates/ (shipped inside the package); a user folder (templates_dir) or a path
to a .j2 file overrides them by name. Templates render with StrictUndefined: a typo fails loudly.
"""

from __future__ import annotations

import re
from pathlib import Path

from paperdigest.bundled import bundled_dir
from paperdigest.errors import OutputError, TemplateError
from paperdigest.models import Report
from paperdigest.render.labels import LABELS
from paperdigest.settings import Settings
from paperdigest.store import atomic_write

DEFAULT_TEMPLATE = {"week": "weekly", "range": "weekly", "day": "weekly", "digest": "weekly"}


def slugify(title: str) -> str:
    """The anchor markdown-it-py's anchors plugin gives a heading, so the table of contents links resolve."""
    return re.sub(r"[^\w\u4e00-\u9fff\- ]", "", title.lower().replace(" ", "-"))


def stars(rating: int | None) -> str:
    return "★" * rating + "☆" * (5 - rating) if rating else ""


def _environment(settings: Settings, extra_dir: Path | None):
    import jinja2

    loaders: list[jinja2.BaseLoader] = []
    for folder in (extra_dir, settings.templates_dir):
        if folder:
            loaders.append(jinja2.FileSystemLoader(str(Path(folder).expanduser())))
    loaders.append(jinja2.FileSystemLoader(str(bundled_dir("report_templates"))))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown output; the HTML renderer escapes raw HTML coming from data.
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(slugify=slugify, stars=stars, oneline=lambda s: " ".join(str(s).split()))
    return env


def template_file(name: str, settings: Settings) -> tuple[Path | None, str]:
    """'weekly' -> weekly.md.j2 from the search path; a path to a .j2 file is used as it is."""
    candidate = Path(name).expanduser()
    if name.endswith(".j2"):
        if not candidate.is_file():
            raise TemplateError(f"template file not found: {name}")
        return candidate.parent, candidate.name
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise TemplateError(f"invalid template name {name!r} (a name like 'weekly' or a path to a .j2 file)")
    return None, f"{name}.md.j2"


def citations(report: Report) -> dict[str, int]:
    """[n] for every paper of the report: selected ones first, in report order."""
    ordered = report.selected + [e for e in report.papers if not e.selection.selected]
    return {entry.paper.arxiv_id: number for number, entry in enumerate(ordered, 1)}


def render_markdown(report: Report, settings: Settings) -> str:
    import jinja2

    folder, name = template_file(report.params.template, settings)
    env = _environment(settings, folder)
    try:
        template = env.get_template(name)
        return template.render(
            report=report,
            params=report.params,
            selected=report.selected,
            others=[e for e in report.papers if not e.selection.selected],
            by_id={e.paper.arxiv_id: e for e in report.papers},
            refs=citations(report),
            t=LABELS[report.params.lang],
            title=report_title(report),
            engine_note=engine_note(report),
        )
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"no report template named {report.params.template!r} ({exc.message})") from exc
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"report template {name}: {exc.message}") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"report template {exc.filename or name}:{exc.lineno}: {exc.message}") from exc


def render_document(report: Report, fmt: str, settings: Settings) -> str:
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    markdown = render_markdown(report, settings)
    if fmt == "html":
        from paperdigest.render.html import markdown_to_html

        return markdown_to_html(markdown, title=report_title(report))
    return markdown


def engine_note(report: Report) -> str:
    """Which engine wrote the analyses, and how many of its numbers and quotes could not be checked."""
    t = LABELS[report.params.lang]
    if report.params.engine != "llm":
        return t["engine_extractive"]
    analyses = [e.analysis for e in report.selected if e.analysis]
    return t["engine_llm"].format(
        model=report.params.model,
        checked=sum(a.grounding.checked for a in analyses),
        unverified=sum(a.grounding.unverified for a in analyses),
    )


def report_title(report: Report) -> str:
    t = LABELS[report.params.lang]
    p = report.params
    if p.start and p.end and p.start != p.end:
        return t["title_range"].format(start=p.start, end=p.end)
    if p.start:
        return t["title_day"].format(day=p.start)
    return t["title_reading_list"]


def write_report(report: Report, out_dir: Path, fmt: str, settings: Settings) -> Path:
    """Write report.<ext> atomically: a failed run never leaves a half-written report."""
    from paperdigest.fulltext import copy_figures

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        copy_figures(report.papers, out_dir)
        path = out_dir / f"report.{fmt}"
        atomic_write(path, render_document(report, fmt, settings).encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"cannot write the report into {out_dir}: {exc.strerror or exc}") from exc
    return path
