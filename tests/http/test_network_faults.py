"""Network faults per resource, injected under the real retry policy (PoliteTransport) with a recording sleep.

Each faulty resource is retried a bounded number of times, then reported missing in place; the run finishes
with whatever else it got and the report is partial (the CLI's exit code 3).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import httpx
import pytest

from paperdigest.http import BODY_ATTEMPTS, RetryPolicy
from paperdigest.http.replay import read_manifest
from paperdigest.pipeline import RunRequest
from reliability_helpers import run_pipeline, settings

HF = "https://huggingface.co/api/daily_papers?date=2025-01-{}"
PASA_PDF = "https://arxiv.org/pdf/2501.10120"


class _CutStream(httpx.AsyncByteStream):
    """Half the body, then the connection drops: what a reset during a download looks like."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    async def __aiter__(self):
        yield self._body[: len(self._body) // 2]
        raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")


class FaultyServer:
    """Serves the corpus recordings; per URL, a plan of faults for successive attempts (the last one repeats)."""

    def __init__(self, corpus, plans: dict[str, list[str]]) -> None:
        self.recorded = {str(httpx.URL(url)): entry for url, entry in read_manifest(corpus / "replay.tsv").items()}
        self.plans = plans
        self.requests: Counter[str] = Counter()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        attempt = self.requests[url]
        self.requests[url] += 1
        plan = self.plans.get(url, ["ok"])
        fault = plan[min(attempt, len(plan) - 1)]
        if fault == "reset":
            raise httpx.ReadError("[Errno 104] Connection reset by peer", request=request)
        if fault == "timeout":
            raise httpx.ReadTimeout("timed out", request=request)
        if fault.isdigit():
            return httpx.Response(int(fault), headers={"retry-after": "7"} if fault == "429" else {}, text="busy")
        if url not in self.recorded:
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        status, path = self.recorded[url]
        body = path.read_bytes()
        if fault == "truncated":
            return httpx.Response(status, stream=_CutStream(body))
        return httpx.Response(status, content=body)


@pytest.fixture(scope="module")
def faulty_run(corpus, tmp_path_factory):
    server = FaultyServer(
        corpus,
        {
            HF.format(20): ["reset", "ok"],
            HF.format(21): ["503"],
            HF.format(22): ["429", "429", "ok"],
            HF.format(23): ["timeout"],
            HF.format(24): ["truncated", "ok"],
            PASA_PDF: ["truncated"],
        },
    )
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    policy = RetryPolicy(min_interval={}, sleep=sleep)
    request = RunRequest(
        command="week", start=dt.date(2025, 1, 20), end=dt.date(2025, 1, 26),
        transport=httpx.MockTransport(server), retry=policy,
    )
    report = run_pipeline(request, settings(tmp_path_factory.mktemp("faults"), fulltext=("pdf",)))
    return report, server, sleeps, policy


def test_every_faulty_resource_is_retried_a_bounded_number_of_times(faulty_run):
    _, server, _, policy = faulty_run
    assert server.requests[HF.format(20)] == 2  # reset, then served
    assert server.requests[HF.format(21)] == policy.attempts  # 503 every time
    assert server.requests[HF.format(22)] == 3  # 429, 429, served
    assert server.requests[HF.format(23)] == policy.attempts  # timeout every time
    assert server.requests[HF.format(24)] == 2  # body cut once, then whole
    assert server.requests[PASA_PDF] == BODY_ATTEMPTS  # body cut every time
    assert max(server.requests.values()) <= policy.attempts * BODY_ATTEMPTS


def test_retry_after_is_obeyed_and_waits_are_capped(faulty_run):
    _, _, sleeps, policy = faulty_run
    assert sleeps.count(7.0) == 2  # the two 429s said Retry-After: 7
    assert sleeps and max(sleeps) <= policy.max_wait


def test_failed_days_are_reported_missing_and_the_others_are_read(faulty_run):
    report, _, _, _ = faulty_run
    status = {day.date.day: (day.status, day.note) for day in report.days}
    assert status[20][0] == status[22][0] == status[24][0] == "ok"
    assert status[21] == ("missing", "huggingface.co/api/daily_papers: HTTP 503")
    assert status[23][0] == "missing" and "ReadTimeout" in status[23][1]
    assert {d.day for d in (p.paper.announced for p in report.papers)} == {20, 22, 24}
    assert len(report.papers) == 9 + 13 + 3


def test_a_cut_download_fails_that_paper_only_and_the_run_is_partial(faulty_run):
    report, _, _, _ = faulty_run
    pasa = next(e for e in report.papers if e.paper.arxiv_id == "2501.10120")
    assert pasa.selection.selected and pasa.fulltext_source == "abstract"
    assert "body cut off 3 times" in pasa.errors[0] and "RemoteProtocolError" in pasa.errors[0]
    assert pasa.analysis is not None  # analysed from the abstract: the run went on
    assert all(e.analysis is not None for e in report.selected)
    assert report.partial  # the CLI maps this to exit code 3
