"""Reports from a Report record: jinja2 templates for Markdown, HTML from that Markdown, JSON from the record.

Templates come from report_templates/ (shipped inside the package); a user folder (templates_dir) or a path
to a .j2 file overrides them by name (report.css too). Templates render with StrictUndefined: a typo fails
loudly. Data reaches the Markdown only through the escaping filters of render.markdown.
"""

from __future__ import annotations

import functools
import re
from contextvars import ContextVar
from pathlib import Path

from paperdigest.bundled import bundled_dir
from paperdigest.errors import OutputError, TemplateError, UsageError
from paperdigest.models import SCHEMA_VERSION, Report, RunParams
from paperdigest.render import context
from paperdigest.render.labels import LABELS, translate
from paperdigest.render.markdown import slugify  # noqa: F401  (public: the anchors of the reports)
from paperdigest.render.markdown import FILTERS, TESTS, tidy
from paperdigest.settings import Settings
from paperdigest.files import atomic_write
from paperdigest.render.files import copy_figures
from paperdigest.templating import template_error

DEFAULT_TEMPLATE = {"week": "weekly", "range": "weekly", "day": "daily", "digest": "weekly"}
TEMPLATES = ("weekly", "daily", "digest", "list")


def _search_path(settings: Settings, extra_dir: Path | None) -> list[Path]:
    folders = [Path(f).expanduser() for f in (extra_dir, settings.templates_dir) if f]
    return folders + [bundled_dir("report_templates")]


def _environment(settings: Settings, extra_dir: Path | None):
    return _cached_environment(tuple(str(f) for f in _search_path(settings, extra_dir)))


# The language of the report being rendered. Jinja binds a filter into an imported macro module once, for good: a
# filter closing over one report's language would translate every later report's notes into it.
_LANG: ContextVar[str] = ContextVar("report_lang", default="en")


@functools.lru_cache(maxsize=8)
def _cached_environment(search_path: tuple[str, ...]):
    """One environment per search path, so templates compile once (jinja reloads a file that changed)."""
    import jinja2

    from paperdigest.templating import sandboxed_environment

    env = sandboxed_environment(
        loader=jinja2.FileSystemLoader(list(search_path)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, not HTML: data is escaped for Markdown by the md* filters.
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    env.filters["tr"] = lambda text: translate(str(text), _LANG.get())
    env.tests.update(TESTS)
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


def render_markdown(report: Report, settings: Settings) -> str:
    import jinja2

    folder, name = template_file(report.params.template, settings)
    env = _environment(settings, folder)
    values = context.build(report, settings, LABELS[report.params.lang])
    lang = _LANG.set(report.params.lang)
    try:
        template = env.get_template(name)
        return tidy(template.render(**values, title=report_title(report), engine_note=engine_note(report)))
    except jinja2.TemplateNotFound as exc:
        known = ", ".join(TEMPLATES)
        raise TemplateError(f"no report template named {report.params.template!r} ({exc.message}; built in: {known})") from exc
    except Exception as exc:  # noqa: BLE001  the template is user code: whatever it raises is its error
        raise template_error(exc, f"report template {name}") from exc
    finally:
        _LANG.reset(lang)


def check_template(params: RunParams, settings: Settings) -> None:
    """Find, compile and render the run's template once against a sample report, so that a missing template,
    a syntax error or an unknown field stops the run before any download or paid call."""
    from paperdigest.render.sample import sample_report

    sample = sample_report(params)
    render_markdown(sample, settings)
    if settings.format == "html":
        stylesheet(sample, settings)


def stylesheet(report: Report | None, settings: Settings) -> str:
    """report.css from the first template folder that has one: beside a --template file, templates_dir, built-in."""
    for folder in _search_path(settings, template_file(report.params.template, settings)[0] if report else None):
        if (folder / "report.css").is_file():
            return (folder / "report.css").read_text(encoding="utf-8")
    raise TemplateError("report.css not found in the template folders")


def render_document(report: Report, fmt: str, settings: Settings, base_dir: Path | None = None) -> str:
    """The report as md, html or json text; base_dir is where the html's images are read from."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    markdown = render_markdown(report, settings)
    if fmt == "html":
        from paperdigest.render.html import markdown_to_html

        return markdown_to_html(
            markdown, title=report_title(report), lang=report.params.lang, base_dir=base_dir, css=stylesheet(report, settings)
        )
    return markdown


def engine_note(report: Report) -> str:
    """Which engine wrote the analyses, and how many of its numbers and quotes could not be checked."""
    t = LABELS[report.params.lang]
    if report.params.engine != "llm":
        return t["engine_extractive"]
    selected = report.selected
    analyses = [e.analysis for e in selected if e.analysis]
    stand_ins = sum(a.fallback is not None for a in analyses)
    derived = sum(a.grounding.derived for a in analyses)
    return t["engine_llm"].format(
        model=report.params.model,
        selected=len(selected),
        full_text=sum(e.fulltext_source in ("html", "pdf") for e in selected),
        abstract_only=sum(e.fulltext_source not in ("html", "pdf") for e in selected),
        stand_ins=t["engine_stand_ins"].format(n=stand_ins) if stand_ins else "",
        checked=sum(a.grounding.checked for a in analyses),
        unverified=sum(a.grounding.unverified for a in analyses),
        derived=t["engine_derived"].format(n=derived) if derived else "",
    )


def report_title(report: Report) -> str:
    """The period, worded for the template: a built-in's own title, a generic one for user templates."""
    t = LABELS[report.params.lang]
    p = report.params
    if p.start and p.end and p.start != p.end:
        period = t["period_range"].format(start=p.start, end=p.end)
    else:
        period = str(p.start) if p.start else t["period_reading_list"]
    # A reading list has no period: its title must not call it a weekly or daily report.
    key = f"title_{p.template}" if p.start else "title_report"
    return t.get(key, t["title_report"]).format(period=period)


def write_report(report: Report, out_dir: Path, fmt: str, settings: Settings, sidecar: bool = True) -> Path:
    """Write report.<ext> atomically: a failed run never leaves a half-written report.

    report.json is always written beside an md or html report: `render` and `send` read the folder later.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        report = report.model_copy(update={"papers": copy_figures(report.papers, out_dir)})
        path = out_dir / f"report.{fmt}"
        atomic_write(path, render_document(report, fmt, settings, base_dir=out_dir).encode("utf-8"))
        if fmt != "json" and sidecar:
            atomic_write(out_dir / "report.json", render_document(report, "json", settings).encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"cannot write the report into {out_dir}: {exc.strerror or exc}") from exc
    return path


def load_report(path: Path) -> Report:
    """A report saved with --format json; its schema's major version must be this one's."""
    from pydantic import ValidationError

    try:
        report = Report.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"])) or "document"
        raise UsageError(f"{path} is not a paperdigest JSON report ({where}: {first['msg']})") from exc
    if report.schema_version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise UsageError(f"{path} has schema {report.schema_version}; this paperdigest reads {SCHEMA_VERSION}")
    return report


def rerender(path: Path, out_dir: Path, settings: Settings, lang: str | None = None) -> tuple[Path, list[str]]:
    """Write a saved JSON report again with settings.template/format (and lang): no fetching, no analysis.

    Returns the path written and warnings about figures left out (paths outside the report and the cache).
    """
    from paperdigest.render.figures import contained_figures
    from paperdigest.settings import cache_root

    if lang is not None and lang not in LABELS:
        raise UsageError(f"--lang {lang!r}: use one of {', '.join(LABELS)}")
    report = load_report(path)
    if settings.template:
        report.params.template = settings.template
    if lang:
        report.params.lang = lang  # the labels only: the analyses stay in the language they were written in
    source = path.resolve().parent
    stores = [cache_root(settings) / stage for stage in ("figures", "figures-html", "equations")]
    report.papers, warnings = contained_figures(report.papers, source, [source, *stores])
    return write_report(report, out_dir, settings.format, settings, sidecar=False), warnings  # the input JSON stays as it was
