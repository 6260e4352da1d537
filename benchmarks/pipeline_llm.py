"""The replay week (31 papers) through the LLM engine against the local OpenAI-compatible test server
(tests/llm_server.py) answering every call after a fixed latency, with concurrency 8 (target: wall time within
1.25x of the lower bound set by the calls' critical path), then the identical rerun (target: zero calls).

Lower bound. The dependencies: a theme is compared once its papers are classified and summarised, and the
overview is written from every classification and comparison, so it waits for all the other calls. At most
`concurrency` calls run at once, so the calls alone take at least
(ceil(calls other than the overview / concurrency) + 1) x latency. Before the first call, litellm must be
imported (the design fixes litellm as the one way to call a model; its import alone takes seconds on these
machines, and paperdigest runs it in a thread while sources are read and PDFs parsed); the rest of the run
(sources, selection, full texts from a warm cache, rendering) is measured as an extractive run on the same
cache. The bound adds the calls to the larger of those two, since neither can be skipped; the output also
gives the ratio without the import, and the calls' own span against their bound.

    PYTHONPATH=$PWD python benchmarks/pipeline_llm.py [--quick]
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPLAY_WEEK, ROOT, cli_env, machine, paperdigest, wall  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from llm_server import FakeLLM  # noqa: E402

CONCURRENCY = 8
CHAIN = (("classify", "summarise"), ("compare",), ("overview",))  # each link waits for the one before
TARGET = 1.25


class SlowLLM(FakeLLM):
    """The test server, answering each call after a fixed latency; remembers when each call was in flight."""

    def __init__(self, latency: float) -> None:
        super().__init__()
        self.latency = latency
        self.spans: list[tuple[float, float]] = []
        self._spans_lock = threading.Lock()

    def answer(self, body):
        start = time.perf_counter()
        time.sleep(self.latency)
        result = super().answer(body)
        with self._spans_lock:
            self.spans.append((start, time.perf_counter()))
        return result


def peak_in_flight(spans: list[tuple[float, float]]) -> int:
    events = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans])
    level = peak = 0
    for _, step in events:
        level += step
        peak = max(peak, level)
    return peak


def main() -> None:
    latency = 0.25 if "--quick" in sys.argv else 1.0
    with tempfile.TemporaryDirectory() as folder, SlowLLM(latency) as server:
        base = Path(folder)
        env = cli_env(base, PD_TEST_KEY="test", PAPERDIGEST_CONCURRENCY=str(CONCURRENCY))
        llm = [*REPLAY_WEEK, "--engine", "llm", "--model", "openai/test-model", "--api-base", server.url,
               "-f", "json", "--out", str(base / "llm"), "-q"]
        env_llm = env | {"PAPERDIGEST_API_KEY_ENV": "PD_TEST_KEY", "PAPERDIGEST_LLM_TIMEOUT": "60"}
        wall(paperdigest(*REPLAY_WEEK, "--engine", "extractive", "-q", "--out", str(base / "warm")), env)  # full texts, figures
        floor = wall(paperdigest(*REPLAY_WEEK, "--engine", "extractive", "-q", "--out", str(base / "warm")), env)
        # Without interpreter teardown, as the CLI exits once its files are written.
        litellm = wall([sys.executable, "-c", "import os, litellm; os._exit(0)"], env)
        first = wall(paperdigest(*llm), env_llm)
        calls = Counter(r.stage for r in server.requests if r.status == 200)
        total = sum(calls.values())
        rerun = wall(paperdigest(*llm), env_llm)
        again = sum(1 for r in server.requests if r.status == 200) - total
        report = json.loads((base / "llm" / "report.json").read_text())
    depth = sum(1 for link in CHAIN if any(calls[stage] for stage in link))
    last = calls["overview"]
    calls_bound = max(depth, math.ceil((total - last) / CONCURRENCY) + last) * latency
    bound = calls_bound + max(floor, litellm)
    print(f"machine: {machine()}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"calls: {dict(calls)} = {total} at {latency:.2f} s each, concurrency {CONCURRENCY}; "
          f"peak in flight {peak_in_flight(server.spans)}")
    print(f"lower bound: {calls_bound:.2f} s of calls (ceil({total - last}/{CONCURRENCY}) rounds, then the overview)"
          f" + max({floor:.2f} s without the LLM, {litellm:.2f} s importing litellm) = {bound:.2f} s")
    ratio = first / bound
    print(f"LLM run: {first:.2f} s wall = {ratio:.2f}x the bound (target <= {TARGET}x): {'ok' if ratio <= TARGET else 'OVER'}")
    span = max(end for _, end in server.spans) - min(start for start, _ in server.spans)
    print(f"first call to last answer: {span:.2f} s = {span / calls_bound:.2f}x the calls' bound of {calls_bound:.2f} s;"
          f" without the litellm import the bound would be {calls_bound + floor:.2f} s ({first / (calls_bound + floor):.2f}x)")
    print(f"identical rerun: {rerun:.2f} s wall, {again} LLM calls (target 0): {'ok' if again == 0 else 'OVER'}; "
          f"engine {report['params']['engine']}, {sum(1 for p in report['papers'] if p['analysis'])} papers analysed")


if __name__ == "__main__":
    main()
