"""The HTML report in a real browser (headless Chromium over the DevTools protocol on a pipe, stdlib only).

Checks what only a browser can tell: nothing is fetched, nothing injected runs (with and without the page's
Content-Security-Policy), every image decodes, and the math is MathML the browser lays out.
Needs Debian's `chromium` package (`apt-get install -y chromium`); skipped when no binary is installed.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import build_report

from paperdigest.render import write_report
from paperdigest.render.html import CSP
from paperdigest.settings import Settings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (Debian: apt-get install -y chromium)")

PROBE = """JSON.stringify({
  pwned: window.__pwned === undefined ? null : window.__pwned,
  scripts: document.scripts.length,
  images: [...document.images].map(i => ({complete: i.complete, width: i.naturalWidth, src: i.src.slice(0, 22)})),
  math: [...document.querySelectorAll('math')].map(m => m.getBoundingClientRect().width),
  details: document.querySelectorAll('details').length,
  text: document.body.innerText,
})"""


class Browser:
    """Chromium with --remote-debugging-pipe: JSON messages separated by NUL on fds 3 (in) and 4 (out)."""

    def __init__(self, profile: Path) -> None:
        to_chrome, self._out = os.pipe()
        self._in, from_chrome = os.pipe()

        def wire() -> None:
            os.dup2(to_chrome, 3)
            os.dup2(from_chrome, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-dev-shm-usage",
             f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            pass_fds=(3, 4), preexec_fn=wire, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome)
        os.close(from_chrome)
        self._buffer, self._next_id, self.events = b"", 0, []

    def call(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self._next_id:
                    assert "error" not in reply, reply
                    return reply["result"]
                self.events.append(reply)
            ready, _, _ = select.select([self._in], [], [], max(0.0, deadline - time.monotonic()))
            assert ready, f"chromium did not answer {method} in {timeout} s"
            chunk = os.read(self._in, 1 << 16)
            assert chunk, "chromium closed the pipe"
            self._buffer += chunk

    def load(self, url: str) -> tuple[dict, list[dict]]:
        """Open url in a fresh tab, wait for the load event, return the probe's answer and the tab's events."""
        self.events = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Network", "Page", "Runtime"):
            self.call(f"{domain}.enable", session=session)
        self.call("Page.navigate", {"url": url}, session=session)
        deadline = time.monotonic() + 30
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            assert time.monotonic() < deadline, "the page did not finish loading"
            self.call("Runtime.evaluate", {"expression": "1"}, session=session)
        result = self.call("Runtime.evaluate", {"expression": PROBE, "returnByValue": True}, session=session)
        events = [e for e in self.events if e.get("sessionId") == session]
        self.call("Target.closeTarget", {"targetId": target})
        return json.loads(result["result"]["value"]), events

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=10)
        except (AssertionError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._in)
        os.close(self._out)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield chromium
    chromium.close()


@pytest.fixture
def html_report(tmp_path) -> Path:
    out_dir = tmp_path / "out"
    return write_report(build_report(out_dir), out_dir, "html", Settings())


def _requests(events: list[dict]) -> tuple[list[str], list[dict]]:
    urls = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
    failed = [e["params"] for e in events if e.get("method") == "Network.loadingFailed"]
    return urls, failed


def _console_or_dialogs(events: list[dict]) -> list[str]:
    kinds = ("Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Page.javascriptDialogOpening")
    return [e["method"] for e in events if e.get("method") in kinds]


def test_report_loads_nothing_runs_nothing_and_renders_images_and_math(browser, html_report):
    page, events = browser.load(html_report.as_uri())
    urls, failed = _requests(events)
    assert failed == []
    assert [u for u in urls if not u.startswith("data:")] == [html_report.as_uri()]
    assert page["pwned"] is None and page["scripts"] == 0 and _console_or_dialogs(events) == []
    assert page["images"] == [{"complete": True, "width": 24, "src": "data:image/png;base64,"}]
    assert len(page["math"]) >= 5 and all(width > 0 for width in page["math"])
    assert page["details"] == 2  # the papers' own abstracts, folded beside their two LLM summaries; none injected
    assert '<img src=x onerror="window.__pwned=1"> Attack <script>window.__pwned=2</script>' in page["text"]


def test_escaping_holds_without_the_content_security_policy(browser, html_report, tmp_path):
    bare = tmp_path / "no-csp.html"
    document = html_report.read_text(encoding="utf-8")
    bare.write_text(document.replace(f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n', ""), encoding="utf-8")
    assert "Content-Security-Policy" not in bare.read_text(encoding="utf-8")
    page, events = browser.load(bare.as_uri())
    urls, failed = _requests(events)
    assert page["pwned"] is None and page["scripts"] == 0 and _console_or_dialogs(events) == []
    assert failed == [] and [u for u in urls if not u.startswith("data:")] == [bare.as_uri()]


def test_list_report_details_open_in_the_browser(browser, tmp_path):
    out_dir = tmp_path / "out"
    report = build_report(out_dir, template="list")
    path = write_report(report, out_dir, "html", Settings())
    page, events = browser.load(path.as_uri())
    assert page["details"] == 2 and page["pwned"] is None and _requests(events)[1] == []
