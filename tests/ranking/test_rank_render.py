"""Reasons and ranking notes come from library files and feeds: they stay text in every output format."""

import sys
from pathlib import Path

import pytest

from paperdigest.models import RunParams
from paperdigest.render import render_document
from paperdigest.render.sample import sample_report
from paperdigest.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "render"))
from render_checks import html_dangers, html_text  # noqa: E402

HOSTILE = "<img src=x onerror=alert(1)> *bold* [click](javascript:alert(1)) | cell"


@pytest.mark.parametrize("template", ["weekly", "daily", "list"])
def test_hostile_library_titles_stay_text(template):
    report = sample_report(RunParams(command="week", template=template, sources=["rss"]))
    entry = report.papers[0]
    selection = entry.selection.model_copy(update={"reasons": [f"close to: {HOSTILE} (relevance 0.90)"]})
    report = report.model_copy(update={"papers": [entry.model_copy(update={"selection": selection}), *report.papers[1:]], "notes": [f"0 of 3 announcements matched {HOSTILE}"], "ranking": HOSTILE})
    markdown = render_document(report, "md", Settings())
    assert "Why here" in markdown and "How papers were ranked" in markdown
    assert "<img" not in markdown
    html = render_document(report, "html", Settings())
    assert html_dangers(html) == []
    text = html_text(html)
    assert text.count("<img src=x onerror=alert(1)>") == 3, text  # reason, note and ranking, each as text
    assert "rss.arxiv.org/rss/astro-ph+cond-mat" in text
