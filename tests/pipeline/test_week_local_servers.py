"""The replay week through the real CLI and litellm with the local servers people run: one that honours
json_schema (a model not in litellm's map), one that rejects it and wraps its JSON in prose, one that answers
one paper with garbage, and Ollama's API."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter

import pytest
from cli_env import cli_env
from llm_server import FakeLLM, FakeOllama, Fault

pytestmark = [pytest.mark.corpus, pytest.mark.slow]  # eight CLI runs of the week, litellm imported in each
GARBAGE = "2501.12380"  # MMVU: summarised with garbage by the "garbage" server, every time
SERVERS = {
    "json_schema": lambda: FakeLLM(),
    "json_mode": lambda: FakeLLM(json_schema=False),
    "garbage": lambda: FakeLLM(faults=[Fault("garbage", "summarise", match=f"arXiv: {GARBAGE}", count=99)]),
    "ollama": lambda: FakeOllama(),
}


@pytest.fixture(scope="module", params=list(SERVERS))
def week(request, corpus, tmp_path_factory):
    """(mode, first run, its stages asked, its JSON, its Markdown, rerun, stages the rerun asked)."""
    mode = request.param
    base = tmp_path_factory.mktemp(f"week-{mode}")
    env = cli_env(base)  # its own config, cache and history: the user's history would make its papers "already read"
    with SERVERS[mode]() as server:
        model = "ollama_chat/llama3.1" if mode == "ollama" else "openai/my-local-model"
        command = [
            sys.executable, "-m", "paperdigest", "week", "2025-01-20", "--source", "hf", "--replay", str(corpus / "replay.tsv"),
            "--engine", "llm", "--model", model, "--api-base", server.url, "-f", "json", "--out", str(base / "out"),
        ]  # fmt: skip

        def run():
            before = len(server.requests)
            result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
            return result, [(r.stage, r.status, r.user) for r in server.requests[before:]]

        first, asked = run()
        document = json.loads((base / "out" / "report.json").read_text())
        subprocess.run(
            [sys.executable, "-m", "paperdigest", "render", str(base / "out" / "report.json"), "-f", "md"],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
        markdown = (base / "out" / "report.md").read_text()
        rerun, asked_again = run()
    return mode, first, asked, document, markdown, rerun, asked_again


def test_every_selected_paper_is_summarised_by_the_model_but_the_garbage_one(week) -> None:
    mode, first, _, document, _, _, _ = week
    assert first.returncode == 3, first.stderr  # partial: the weekend, four PDFs, and the garbage paper
    selected = [p for p in document["papers"] if p["selection"]["selected"]]
    assert len(selected) == 5
    for paper in selected:
        analysis = paper["analysis"]
        if mode == "garbage" and paper["paper"]["arxiv_id"] == GARBAGE:
            assert analysis["engine"] == "extractive" and analysis["fallback"] == "summarise: invalid answer after one repair: the answer holds no JSON object"
            assert analysis["summary"]["contribution"] and analysis["classification"]
            assert paper["errors"][-1] == analysis["fallback"]
            assert re.search(rf"{GARBAGE}(v\d+)?: summarise: invalid answer after one repair", first.stderr)
        else:
            assert analysis["engine"] == "llm" and analysis["summary"]["contribution"]
            assert not [e for e in paper["errors"] if e.startswith(("classify", "summarise"))]
            assert analysis["model"] and analysis["date"] and analysis["prompt_version"]
    assert all(p["analysis"]["classification"]["reason"] for p in document["papers"])
    assert document["comparison"]["overview"] and not document["comparison"]["errors"]
    failed = document["stages"]["llm-summarise"]["failed"]
    assert failed == (1 if mode == "garbage" else 0)


def test_the_calls_asked(week) -> None:
    mode, first, asked, document, _, _, _ = week
    stages = Counter(stage for stage, status, _ in asked if status == 200)
    themes = len(document["comparison"]["themes"])
    if mode == "json_mode":  # refused once per call in flight, then JSON mode for the rest of the run
        assert 1 <= sum(status == 400 for _, status, _ in asked) <= 4
        assert len(re.findall("rejected structured output by json_schema", first.stderr)) == 1
        assert "using json_mode for the rest of the run" in first.stderr
    else:
        assert all(status == 200 for _, status, _ in asked)
    repeats = 1 if mode == "garbage" else 0  # the one repair of the garbage answer
    assert stages == {"classify": 31, "summarise": 5 + repeats, "compare": themes - (mode == "garbage" and _alone(document)), "overview": 1}


def _alone(document: dict) -> bool:
    """Whether the garbage paper is alone in its theme (then no comparison call is made for that theme)."""
    theme = next(t for t in document["comparison"]["themes"] if GARBAGE in t["arxiv_ids"])
    return theme["arxiv_ids"] == [GARBAGE]


def test_the_banner_counts_match_the_json(week) -> None:
    mode, _, _, document, markdown, _, _ = week
    selected = [p for p in document["papers"] if p["selection"]["selected"]]
    full = sum(p["fulltext_source"] in ("html", "pdf") for p in selected)
    banner = re.search(r"^> (Analyses were written by .*)$", markdown, re.M).group(1)
    assert f": {full} of the 5 papers read in depth from their full text, {5 - full} from the abstract only" in banner
    assert (full, 5 - full) == (1, 4)
    stand_ins = sum(bool(p["analysis"]["fallback"]) for p in selected)
    assert ("for 1 the model's summary failed" in banner) == (stand_ins == 1) == (mode == "garbage")
    checked = sum(p["analysis"]["grounding"]["checked"] for p in selected)
    unverified = sum(p["analysis"]["grounding"]["unverified"] for p in selected)
    assert f"{unverified} of {checked} could not be found" in banner


def test_the_report_shows_what_classify_said_and_who_wrote_each_analysis(week) -> None:
    mode, _, _, document, markdown, _, _ = week
    for paper in document["papers"]:
        c = paper["analysis"]["classification"]
        assert f"{c['topic']} · type {c['paper_type']} · relevance {c['relevance']}/10" in markdown
    assert markdown.count("<summary>The paper's own abstract</summary>") == (4 if mode == "garbage" else 5)
    assert len(re.findall(r"^\*Analysis by \S+, \d{4}-\d\d-\d\d, prompt built-in \w{8}\.", markdown, re.M)) == (4 if mode == "garbage" else 5)
    if mode == "garbage":
        assert "> ⚠️ The model's summary of this paper failed (see above); the extractive analysis stands in" in markdown


def test_a_rerun_asks_only_for_the_paper_that_failed(week) -> None:
    mode, _, _, _, _, rerun, asked_again = week
    assert rerun.returncode == 3, rerun.stderr
    if mode == "garbage":
        assert [(stage, f"arXiv: {GARBAGE}" in user) for stage, _, user in asked_again] == [("summarise", True)] * 2
    else:
        assert asked_again == []
