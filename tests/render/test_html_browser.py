"""The HTML report in a real browser (headless Chromium over the DevTools protocol on a pipe, stdlib only).

Checks what only a browser can tell: nothing is fetched, nothing injected runs (with and without the page's
Content-Security-Policy), every image decodes, and the math is MathML the browser lays out.
Needs Debian's `chromium` package (`apt-get install -y chromium`); skipped when no binary is installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import CHROMIUM, Browser, console_or_dialogs, requests_of
from conftest import build_report

from paperdigest.render import write_report
from paperdigest.render.html import CSP
from paperdigest.settings import Settings

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (Debian: apt-get install -y chromium)")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield chromium
    chromium.close()


@pytest.fixture
def html_report(tmp_path) -> Path:
    out_dir = tmp_path / "out"
    return write_report(build_report(out_dir), out_dir, "html", Settings())


def test_report_loads_nothing_runs_nothing_and_renders_images_and_math(browser, html_report):
    page, events = browser.load(html_report.as_uri())
    urls, failed = requests_of(events)
    assert failed == []
    assert [u for u in urls if not u.startswith("data:")] == [html_report.as_uri()]
    assert page["pwned"] is None and page["scripts"] == 0 and console_or_dialogs(events) == []
    assert page["images"] == [{"complete": True, "width": 24, "src": "data:image/png;base64,"}] * 2  # a figure, an equation
    assert len(page["math"]) >= 5 and all(width > 0 for width in page["math"])
    assert page["details"] == 2  # the papers' own abstracts, folded beside their two LLM summaries; none injected
    assert '<img src=x onerror="window.__pwned=1"> Attack <script>window.__pwned=2</script>' in page["text"]


def test_escaping_holds_without_the_content_security_policy(browser, html_report, tmp_path):
    bare = tmp_path / "no-csp.html"
    document = html_report.read_text(encoding="utf-8")
    bare.write_text(document.replace(f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n', ""), encoding="utf-8")
    assert "Content-Security-Policy" not in bare.read_text(encoding="utf-8")
    page, events = browser.load(bare.as_uri())
    urls, failed = requests_of(events)
    assert page["pwned"] is None and page["scripts"] == 0 and console_or_dialogs(events) == []
    assert failed == [] and [u for u in urls if not u.startswith("data:")] == [bare.as_uri()]


def test_list_report_details_open_in_the_browser(browser, tmp_path):
    out_dir = tmp_path / "out"
    report = build_report(out_dir, template="list")
    path = write_report(report, out_dir, "html", Settings())
    page, events = browser.load(path.as_uri())
    assert page["details"] == 2 and page["pwned"] is None and requests_of(events)[1] == []
