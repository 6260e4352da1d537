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
gives the ratio without the import, and the calls' own span against their bound. Three rounds run side by side
(extractive run, litellm import, LLM run with a model name of its own, so nothing is answered from the cache), and
the median round's ratio is the result: one round's import alone varied by 2 s on a loaded machine.

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
ROUNDS = 3


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
    quick = "--quick" in sys.argv
    latency = 0.25 if quick else 1.0
    rounds: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as folder, SlowLLM(latency) as server:
        base = Path(folder)
        env = cli_env(base, PD_TEST_KEY="test", PAPERDIGEST_CONCURRENCY=str(CONCURRENCY))
        env_llm = env | {"PAPERDIGEST_API_KEY_ENV": "PD_TEST_KEY", "PAPERDIGEST_LLM_TIMEOUT": "60"}
        extractive = paperdigest(*REPLAY_WEEK, "--engine", "extractive", "-q", "--out", str(base / "warm"))
        wall(extractive, env)  # full texts, figures

        def llm(model: str) -> list[str]:
            return paperdigest(*REPLAY_WEEK, "--engine", "llm", "--model", model, "--api-base", server.url,
                               "-f", "json", "--out", str(base / model.replace("/", "-")), "-q")

        # Rounds side by side, each with a model name of its own so that no answer is cached; the median round
        # is reported (these machines are noisy; one round's litellm import can take twice another's).
        for index in range(ROUNDS):
            floor = wall(extractive, env)
            # Without interpreter teardown, as the CLI exits once its files are written.
            litellm = wall([sys.executable, "-c", "import os, litellm; os._exit(0)"], env)
            before, spans = len(server.requests), len(server.spans)
            first = wall(llm(f"openai/test-model-{index}"), env_llm)
            calls = Counter(r.stage for r in server.requests[before:] if r.status == 200)
            round_spans = server.spans[spans:]
            span = max(end for _, end in round_spans) - min(start for start, _ in round_spans)
            rounds.append({"floor": floor, "litellm": litellm, "first": first, "span": span,
                           "peak": peak_in_flight(round_spans), "calls": calls})
        model = f"openai/test-model-{ROUNDS - 1}"
        before = sum(1 for r in server.requests if r.status == 200)
        rerun = wall(llm(model), env_llm)
        again = sum(1 for r in server.requests if r.status == 200) - before
        report = json.loads((base / model.replace("/", "-") / "report.json").read_text())
    calls = rounds[-1]["calls"]
    total = sum(calls.values())
    depth = sum(1 for link in CHAIN if any(calls[stage] for stage in link))
    last = calls["overview"]
    calls_bound = max(depth, math.ceil((total - last) / CONCURRENCY) + last) * latency
    for r in rounds:
        r["bound"] = calls_bound + max(r["floor"], r["litellm"])
        r["ratio"] = r["first"] / r["bound"]
    median = sorted(rounds, key=lambda r: r["ratio"])[len(rounds) // 2]
    print(f"machine: {machine()}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"calls: {dict(calls)} = {total} at {latency:.2f} s each, concurrency {CONCURRENCY}; "
          f"peak in flight {median['peak']}")
    print(f"lower bound (median round): {calls_bound:.2f} s of calls (ceil({total - last}/{CONCURRENCY}) rounds, then "
          f"the overview) + max({median['floor']:.2f} s without the LLM, {median['litellm']:.2f} s importing litellm)"
          f" = {median['bound']:.2f} s")
    ratio = median["ratio"]
    spread = ", ".join(f"{r['ratio']:.2f}x" for r in rounds)
    print(f"LLM run: {median['first']:.2f} s wall = {ratio:.2f}x the bound, median of {ROUNDS} rounds "
          f"({spread}) (target <= {TARGET}x): "
          f"{'ok' if ratio <= TARGET else 'OVER'}")
    print(f"first call to last answer: {median['span']:.2f} s = {median['span'] / calls_bound:.2f}x the calls' bound "
          f"of {calls_bound:.2f} s; without the litellm import the bound would be {calls_bound + median['floor']:.2f} s"
          f" ({median['first'] / (calls_bound + median['floor']):.2f}x)")
    print(f"identical rerun: {rerun:.2f} s wall, {again} LLM calls (target 0): {'ok' if again == 0 else 'OVER'}; "
          f"engine {report['params']['engine']}, {sum(1 for p in report['papers'] if p['analysis'])} papers analysed")


if __name__ == "__main__":
    main()
