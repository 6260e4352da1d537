"""Headless Chromium over the DevTools protocol on a pipe (stdlib only), for tests of HTML in a real browser.

Needs Debian's `chromium` package (`apt-get install -y chromium`); tests skip when CHROMIUM is None.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

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

    def load(self, url: str, probe: str = PROBE) -> tuple[dict, list[dict]]:
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
        result = self.call("Runtime.evaluate", {"expression": probe, "returnByValue": True}, session=session)
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


def requests_of(events: list[dict]) -> tuple[list[str], list[dict]]:
    urls = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
    failed = [e["params"] for e in events if e.get("method") == "Network.loadingFailed"]
    return urls, failed


def console_or_dialogs(events: list[dict]) -> list[str]:
    kinds = ("Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Page.javascriptDialogOpening")
    return [e["method"] for e in events if e.get("method") in kinds]
