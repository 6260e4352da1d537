"""Hostile text in every field a report shows, through every built-in template: it stays text.

The Markdown is parsed the way a viewer that renders HTML reads it (markdown-it, html enabled): no raw HTML
token but the templates' own layout tags, and no link or image that paperdigest did not make.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from conftest import build_report
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from render_checks import html_dangers

from paperdigest.models import Claim, DayStatus, Figure, KeywordHit
from paperdigest.render import TEMPLATES, render_document
from paperdigest.render.html import markdown_parser
from paperdigest.settings import Settings

# Pieces a feed, a PDF, an arXiv HTML entity or a model answer may hold, mixed at random.
FRAGMENTS = [
    "\\", "`", "``", "```", "$", "$$", "<", ">", "[", "]", "(", ")", "!", "*", "_", "#", "|", "&", "'", '"', ":",
    "{", "}", "~", "=", "-", "+", "1.", "^", " ", "  ", "\n", "\n\n", "\t", "x", "中",
    "<img src=x onerror=alert(1)>", "<a href='javascript:alert(1)'>", "</details>", "<!--", "-->", "<script>",
    "javascript:alert(1)", "data:text/html,x", "https://evil.example/p.png", "//evil.example/p.png",
    "](https://evil.example/p.png)", "](javascript:alert(1))", "![x", "[x]", "[x]: https://evil.example",
    "[^1]", "&lt;", "&#60;", "\\`", "\\$", "\\\\", "\\(", "\\[", "\\text{", "<https://evil.example>",
    "www.evil.example", "<div align=\"center\">", "<a id=\"ref-1\"></a>", "$\\text{<b>}$",
]
hostile = st.lists(st.sampled_from(FRAGMENTS), max_size=14).map("".join)

ALLOWED_LINK = re.compile(
    r"#\S*|https://arxiv\.org/(abs|pdf|html)/[\w./-]+|https://huggingface\.co/papers/[\w./-]+"
    r"|https://github\.com/[\w.-]+/[\w.-]+"
)
ALLOWED_IMAGE = re.compile(r"figures/[\w.-]+\.png")
LAYOUT_HTML = re.compile(r'<br>|</?div( align="center")?>|</?details>|</?summary>|</?strong>|<a id="ref-\d+">|</a>')
_BASE = build_report(Path(tempfile.mkdtemp()) / "out")


def _walk(tokens):
    for token in tokens:
        yield token
        yield from _walk(token.children or [])


def problems(markdown: str) -> list[str]:
    """Raw HTML that is not the templates' own, and links or images paperdigest did not make."""
    found = []
    for parser in (markdown_parser(), MarkdownIt("commonmark", {"html": True}).enable("table")):
        for token in _walk(parser.parse(markdown)):
            if token.type in ("html_block", "html_inline"):
                if "<" in LAYOUT_HTML.sub("", token.content):
                    found.append(f"html {token.content!r}")
            elif token.type == "link_open" and not ALLOWED_LINK.fullmatch(str(token.attrGet("href"))):
                found.append(f"link {token.attrGet('href')!r}")
            elif token.type == "image" and not ALLOWED_IMAGE.fullmatch(str(token.attrGet("src"))):
                found.append(f"image {token.attrGet('src')!r}")
            elif token.type == "autolink_open":
                found.append("autolink")
    return found


def hostile_report(text: str, short: str):
    """The sample report with `text` in every field that comes from papers, feeds, models or a saved JSON."""
    report = _BASE.model_copy(deep=True)
    report.params.model = short
    for entry in report.papers:
        p = entry.paper
        p.title, p.abstract, p.authors = text, text, [short, text]
        p.categories = [short] + p.categories
        p.extra = {"githubRepo": short, "ai_summary": text, "file": short}
        entry.errors = [text]
        entry.selection.hits = [KeywordHit(keyword=short, field="title", weight=1.0)]
        entry.selection.excluded_by = short
        entry.figures = [Figure(name=short, page=1, caption=text, image=short), *entry.figures]
        if entry.analysis:
            s = entry.analysis.summary
            claim = Claim(text=text)
            s.domain, s.rating_reason, s.contribution = short, text, claim
            s.innovations, s.principles, s.experiments, s.limitations = [claim], [claim], [claim], [claim]
            entry.analysis.model = short
    c = report.comparison
    c.overview, c.outlook, c.trends, c.disagreements = text, text, [text], [text]
    for theme in c.themes:
        theme.name, theme.summary = short, text
    for row in c.table:
        row.task, row.data, row.metric, row.result, row.cost = short, text, short, text, short
    report.days.append(DayStatus(date=report.days[0].date, source=short, status="error", note=text))
    report.errors = [text]
    return report


@pytest.mark.parametrize("template", TEMPLATES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile, short=hostile)
def test_hostile_text_stays_text_in_every_template(template, text, short):
    report = hostile_report(text, short)
    report.params.template = template
    markdown = render_document(report, "md", Settings())
    assert problems(markdown) == []
    assert html_dangers(render_document(report, "html", Settings())) == []


@pytest.mark.parametrize(
    "text",
    [
        "\\`<img src=https://evil.example/p.png onerror=alert(1)>`",
        "\\$<img src=x onerror=alert(1)>$",
        "`a`<b>`c`",
        "[x](javascript:alert(1))",
        "![t](https://evil.example/p.png)",
        "a](https://evil.example) [b",
        "$![t](https://evil.example/p.png)$",
        "`<img src=x onerror=alert(1)>`",
        "$![x$\\text{<b>}$",  # found by the fuzzer: an image opened in math, closed by a contents link
    ],
)
@pytest.mark.parametrize("template", TEMPLATES)
def test_known_escapes_stay_text(template, text):
    report = hostile_report(text, text)
    report.params.template = template
    assert problems(render_document(report, "md", Settings())) == []
