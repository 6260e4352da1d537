"""The LLM stages with the servers people run locally, through the real litellm: a self-hosted OpenAI-compatible
server that honours json_schema, one that rejects it and wraps JSON in prose, one that answers a paper with
garbage, and the Ollama API."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from llm_server import FakeLLM, FakeOllama, Fault
from papers import entry, week
from papers import run_llm as run

from paperdigest.models import Section
from paperdigest.settings import Settings

GARBAGE_TITLE = "Dense Retrieval"  # the paper the garbage server cannot summarise


def local(server: FakeLLM, **overrides: Any) -> Settings:
    """A model litellm has never heard of, on a self-hosted server, no key: how vLLM and llama.cpp are used."""
    return Settings(**{"model": "openai/my-local-model", "api_base": server.url, "llm_timeout": 5.0, **overrides})


def asked(server: FakeLLM) -> Counter[tuple[str, str]]:
    """(stage, paper or theme) of every answered request."""
    keys: Counter[tuple[str, str]] = Counter()
    for request in server.requests:
        if request.status == 200:
            item = next((t for t in ("Gated Reasoning", "Dense Retrieval", "Agents That Use", "Survey of") if t in request.user), "")
            keys[(request.stage, item if request.stage in ("classify", "summarise") else request.user[-200:])] += 1
    return keys


def test_a_server_that_honours_json_schema_is_asked_once_per_item(tmp_path: Path) -> None:
    with FakeLLM() as server:
        entries, comparison, usage, _ = run(week(), local(server), tmp_path)

    assert all(r.body["response_format"]["type"] == "json_schema" for r in server.requests)
    assert all("<json_schema>" not in m["content"] for r in server.requests for m in r.body["messages"])
    calls = Counter(r.stage for r in server.requests)
    assert calls == {"classify": 4, "summarise": 3, "compare": len(comparison.themes), "overview": 1}
    assert max(asked(server).values()) == 1  # nothing repeated for format reasons
    assert all(e.analysis.engine == "llm" and not e.errors for e in entries[:3])
    assert entries[0].analysis.model == "openai/my-local-model" and entries[0].analysis.date
    assert entries[0].analysis.prompt_version.startswith("built-in ")


def test_a_server_that_rejects_json_schema_gets_json_mode_for_the_rest_of_the_run(tmp_path: Path) -> None:
    events: list[tuple[str, str]] = []
    with FakeLLM(json_schema=False) as server:
        entries, comparison, _, _ = run(week(), local(server, concurrency=2), tmp_path, events)

    refused = [r for r in server.requests if r.status == 400]
    assert 1 <= len(refused) <= 2  # the calls already in flight when the first refusal came back
    answered = [r for r in server.requests if r.status == 200]
    assert all(r.body["response_format"] == {"type": "json_object"} for r in answered)
    said = [m for stage, m in events if "rejected structured output" in m]
    assert len(said) == 1 and "using json_mode for the rest of the run" in said[0]
    # Fenced JSON with prose and a trailing comma is read without a repair.
    assert not [m for _, m in events if "invalid answer" in m]
    assert all(e.analysis.engine == "llm" and e.analysis.summary.contribution and not e.errors for e in entries[:3])
    assert comparison.overview and not comparison.errors


def test_garbage_for_one_paper_fails_it_alone_and_a_rerun_asks_only_for_it(tmp_path: Path) -> None:
    events: list[tuple[str, str]] = []
    with FakeLLM(faults=[Fault("garbage", "summarise", match=GARBAGE_TITLE, count=99)]) as server:
        entries, comparison, _, stats = run(week(), local(server), tmp_path, events)
        failed = next(e for e in entries if GARBAGE_TITLE in e.paper.title)
        assert failed.errors == ["summarise: invalid answer after one repair: the answer holds no JSON object"]
        assert failed.analysis.engine == "extractive" and failed.analysis.fallback == failed.errors[0]
        assert failed.analysis.classification and failed.analysis.summary.experiments  # its own sentences, quoted
        assert stats["summarise"].failed == 1 and stats["summarise"].computed == 2
        assert asked(server)[("summarise", GARBAGE_TITLE)] == 2  # the answer and one repair
        assert any(row.arxiv_id == failed.paper.arxiv_id for row in comparison.table)  # its extractive row

        before = len(server.requests)
        again, comparison_again, _, _ = run(week(), local(server), tmp_path)
        rerun = server.requests[before:]
    assert [r.stage for r in rerun] == ["summarise", "summarise"] and all(GARBAGE_TITLE in r.user for r in rerun)
    assert [e.analysis for e in again] == [e.analysis for e in entries] and comparison_again == comparison


def test_a_stderr_hint_when_answers_keep_failing_validation(tmp_path: Path) -> None:
    events: list[tuple[str, str]] = []
    with FakeLLM(faults=[Fault("garbage", "summarise", count=99)]) as server:
        entries, _, _, _ = run(week(), local(server), tmp_path, events)
    assert all(e.analysis.engine == "extractive" for e in entries[:3])
    hints = [m for stage, m in events if "keep failing validation" in m]
    assert len(hints) == 1 and "structured_output" in hints[0] and "--model" in hints[0]


@pytest.mark.parametrize("model", ["ollama_chat/llama3.1", "ollama/llama3.1"])
def test_ollama_gets_the_schema_as_its_format(model: str, tmp_path: Path) -> None:
    with FakeOllama() as server:
        entries, comparison, usage, _ = run(week(), Settings(model=model, api_base=server.url, llm_timeout=5.0), tmp_path)

    summarise = [r for r in server.requests if r.stage == "summarise"]
    assert len(summarise) == 3 and all(r.body["format"]["title"] == "SummaryOut" for r in summarise)
    assert all(e.analysis.engine == "llm" and e.analysis.summary.contribution and not e.errors for e in entries[:3])
    assert comparison.overview and usage["summarise"].prompt_tokens > 0


def test_a_truncated_answer_is_asked_again_once_with_more_room(tmp_path: Path) -> None:
    events: list[tuple[str, str]] = []
    with FakeLLM(faults=[Fault("truncated", "summarise", match="Gated Reasoning")]) as server:
        entries, _, _, _ = run(week(), local(server), tmp_path, events)
    asks = [r.body["max_tokens"] for r in server.requests if r.stage == "summarise" and "Gated Reasoning" in r.user]
    assert asks == [4096, 8192]
    assert entries[0].analysis.engine == "llm" and not entries[0].errors
    assert any("cut off at the token limit" in m for _, m in events)


def test_left_out_fields_are_filled_and_named_in_the_analysis(tmp_path: Path) -> None:
    with FakeLLM(faults=[Fault("sparse", "summarise", match="Gated Reasoning")]) as server:
        entries, _, _, _ = run(week(), local(server), tmp_path)
    assert entries[0].analysis.filled == ["strengths", "limitations"] and entries[0].analysis.summary.limitations == []
    assert entries[1].analysis.filled == []


def test_tools_mode_reads_the_forced_tool_call(tmp_path: Path) -> None:
    with FakeLLM() as server:
        entries, _, _, _ = run(week(), local(server, structured_output="tools"), tmp_path)
    assert all(r.body["tool_choice"]["function"]["name"] == "answer" for r in server.requests)
    assert all(e.analysis.engine == "llm" and e.analysis.summary.contribution for e in entries[:3])


def test_an_8k_model_summarises_a_long_paper_and_says_what_was_left_out(tmp_path: Path) -> None:
    long = entry("2501.00001", "Gated Reasoning for Math Word Problems")
    filler = " ".join(f"Prior method {i} studies a related problem with a different gate." for i in range(400))
    sections = [*long.parsed.sections, Section(title="5 Related Work", text=filler, page=3), Section(title="Appendix A", text=filler, page=9)]
    long.parsed = long.parsed.model_copy(update={"sections": sections})
    with FakeLLM() as server:
        entries, _, _, _ = run([long], local(server, max_input_tokens=8192), tmp_path)
    analysis = entries[0].analysis
    assert analysis.engine == "llm" and analysis.summary.contribution
    assert analysis.omitted and set(analysis.omitted) <= {"5 Related Work", "Appendix A"}
    user = next(r.user for r in server.requests if r.stage == "summarise")
    assert "3 Experiments" in user and json.loads(entries[0].model_dump_json())["analysis"]["omitted"] == analysis.omitted


def test_a_failed_classify_leaves_the_ranking_and_the_summary(tmp_path: Path) -> None:
    with FakeLLM(faults=[Fault("garbage", "classify", match="Dense Retrieval", count=99)]) as server:
        entries, comparison, _, stats = run(week(), local(server), tmp_path)
    failed = entries[1]
    assert failed.errors == ["classify: invalid answer after one repair: the answer holds no JSON object"]
    assert failed.analysis.classification is None and failed.analysis.engine == "llm" and failed.analysis.summary.contribution
    assert [e.selection.rank for e in entries] == [e.selection.rank for e in week()]  # the ranking stands
    assert failed.paper.arxiv_id in next(t.arxiv_ids for t in comparison.themes if t.name == "Other")
    assert stats["classify"].failed == 1


def test_failed_comparisons_keep_the_extractive_table_and_overview(tmp_path: Path) -> None:
    faults = [Fault("garbage", "compare", count=99), Fault("garbage", "overview", count=99)]
    with FakeLLM(faults=faults) as server:
        entries, comparison, _, _ = run(week(), local(server), tmp_path)
    assert len(comparison.errors) == len(comparison.themes) + 1
    assert sorted(row.arxiv_id for row in comparison.table) == ["2501.00001", "2501.00002", "2501.00003"]
    summaries = {e.paper.arxiv_id: e.analysis.summary for e in entries}
    # The extractive engine's rows: task, data, metric and result read from each paper's summary.
    assert all(row.result == summaries[row.arxiv_id].experiments[0].text for row in comparison.table)
    assert comparison.overview.startswith("4 papers listed, 3 read in depth, in ") and not comparison.outlook
    assert all(e.analysis.engine == "llm" for e in entries[:3])


def test_a_truncated_answer_gets_only_the_room_the_context_leaves(tmp_path: Path) -> None:
    with FakeLLM(faults=[Fault("truncated", "summarise", match="Gated Reasoning")]) as server:
        entries, _, _, _ = run(week()[:1], local(server, max_input_tokens=4096), tmp_path)
    asks = [r for r in server.requests if r.stage == "summarise"]
    first = asks[0].body["max_tokens"]
    prompt_tokens = sum(len(m["content"]) for m in asks[0].body["messages"]) // 4  # what the server reports
    assert first == 1024 and asks[1].body["max_tokens"] == min(2 * first, 4096 - prompt_tokens) > first
    assert entries[0].analysis.engine == "llm"


def test_an_ollama_that_refuses_a_format_schema_gets_json_mode(tmp_path: Path) -> None:
    events: list[tuple[str, str]] = []
    with FakeOllama(json_schema=False) as server:
        entries, _, _, _ = run(week(), Settings(model="ollama_chat/llama3.1", api_base=server.url, concurrency=1), tmp_path, events)
    assert [r.status for r in server.requests][:2] == [400, 200]
    assert all(r.body["format"] == "json" for r in server.requests[1:])
    assert sum("rejected structured output by json_schema" in m for _, m in events) == 1
    assert all(e.analysis.engine == "llm" and e.analysis.summary.contribution for e in entries[:3])
