"""Reading answers from models that nearly comply, and choosing how to ask: pure functions on plain strings."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from paperdigest.analyse.outputs import SummaryOut, classify_schema, main_text_figures
from paperdigest.llm import structured
from paperdigest.llm.providers import self_hosted
from paperdigest.models import Figure, FigureChoice, ParsedPaper, Section

CLASSIFY = classify_schema(("LLM reasoning", "Vision"))
GOOD = {"topic": "Vision", "paper_type": "method", "relevance": 7, "reason": "about images"}


def parsed(content: str, schema=CLASSIFY):
    reading = structured.read(content, schema)
    return schema.model_validate_json(reading.text), reading.filled


@pytest.mark.parametrize(
    "content",
    [
        json.dumps(GOOD),
        "```json\n" + json.dumps(GOOD) + "\n```",
        "Here is my answer:\n```\n" + json.dumps(GOOD) + "\n```\nHope it helps!",
        "Sure. " + json.dumps(GOOD) + " That is all.",
        '{"topic": "Vision", "paper_type": "method", "relevance": 7, "reason": "about images",}',
        '{"topic": "vision", "paper_type": "method", "relevance": "7", "reason": "about images", "confidence": 0.9}',
        'Thinking {not json} then {"topic": "Vision", "paper_type": "method", "relevance": 7, "reason": "about images"}',
        '{"Classification": ' + json.dumps(GOOD) + "}",
    ],
    ids=["plain", "fenced", "fence-and-prose", "prose-around", "trailing-comma", "coerced-case-extra-key", "brace-in-prose", "wrapped"],
)
def test_answers_that_nearly_comply_are_read(content: str) -> None:
    value, filled = parsed(content)
    assert value.model_dump() == GOOD and filled == []


def test_a_comma_inside_a_string_is_kept() -> None:
    value, _ = parsed('{"topic": "Vision", "paper_type": "other", "relevance": 2, "reason": "a, b ,}",}')
    assert value.reason == "a, b ,}"


def test_missing_lists_and_text_are_filled_and_named_but_numbers_and_choices_are_not() -> None:
    value, filled = parsed('{"topic": "Vision", "paper_type": "method", "relevance": 3}')
    assert value.reason == "" and filled == ["reason"]
    with pytest.raises(ValidationError, match="relevance"):
        parsed('{"topic": "Vision", "paper_type": "method", "reason": "x"}')
    with pytest.raises(ValidationError, match="topic"):
        parsed('{"topic": "Cooking", "paper_type": "method", "relevance": 3, "reason": "x"}')


def test_a_summary_with_bare_sentences_and_missing_lists() -> None:
    answer = {
        "domain": "NLP",
        "contribution": "A gated model for math.",  # a claim given as a bare sentence
        "experiments": {"text": "77.8 on GSM8K", "evidence": [{"quote": "77.8 accuracy", "section": None}]},
        "rating": 4.0,
        "rating_reason": "two benchmarks",
    }
    value, filled = parsed(json.dumps(answer), SummaryOut)
    assert value.contribution.text == "A gated model for math." and value.contribution.evidence == []
    assert [c.text for c in value.experiments] == ["77.8 on GSM8K"] and value.experiments[0].evidence[0].section == ""
    assert value.rating == 4
    assert filled == [
        "contribution.evidence", "experiments[0].evidence[0].section", "usage", "innovations", "principles",
        "strengths", "limitations", "key_figures",
    ]  # fmt: skip


def test_a_lossy_value_is_not_coerced() -> None:
    with pytest.raises(ValidationError, match="relevance"):
        parsed('{"topic": "Vision", "paper_type": "method", "relevance": "7.5", "reason": "x"}')


def test_no_json_at_all_gives_the_parse_error_the_repair_quotes() -> None:
    with pytest.raises(ValidationError, match="Invalid JSON"):
        parsed("I cannot help with that.")
    assert structured.read("I cannot help with that.", CLASSIFY).problem == "the answer holds no JSON object"
    assert structured.read('{"topic": "Vis', CLASSIFY).problem is None  # the JSON error says more
    with pytest.raises(ValidationError, match="EOF while parsing"):
        parsed('```json\n{"topic": "Vis\n```')


def test_how_to_ask_per_model() -> None:
    def unknown() -> bool:
        raise AssertionError("litellm need not be asked about a local server")

    assert self_hosted("openai/my-model", "http://127.0.0.1:8000/v1") and self_hosted("ollama/llama3.1", None)
    assert not self_hosted("openai/gpt-4o-mini", None)
    assert structured.initial_mode("auto", True, unknown) == "json_schema"
    assert structured.initial_mode("auto", False, lambda: True) == "json_schema"
    assert structured.initial_mode("auto", False, lambda: False) == "json_mode"
    assert structured.initial_mode("tools", True, unknown) == "tools"
    messages = [{"role": "system", "content": "S"}, {"role": "user", "content": "U"}]
    same, extra = structured.request("json_schema", messages, CLASSIFY)
    assert same == messages and extra["response_format"]["json_schema"]["schema"] == CLASSIFY.model_json_schema()
    prompted, extra = structured.request("json_mode", messages, CLASSIFY)
    assert "<json_schema>" in prompted[0]["content"] and extra == {"response_format": {"type": "json_object"}}
    prompted, extra = structured.request("prompt", messages, CLASSIFY)
    assert "<json_schema>" in prompted[0]["content"] and extra == {}
    _, extra = structured.request("tools", messages, CLASSIFY)
    assert extra["tools"][0]["function"]["parameters"] == CLASSIFY.model_json_schema()


def test_which_refusals_are_about_the_format() -> None:
    assert structured.is_format_rejection(400, "response_format type 'json_schema' is not supported")
    assert structured.is_format_rejection(422, "Unknown field: schema")
    assert structured.is_format_rejection(400, "invalid format: expected \"json\" or a JSON schema")  # Ollama
    assert not structured.is_format_rejection(400, "maximum context length is 8192 tokens")
    assert not structured.is_format_rejection(500, "response_format crashed the server")


def test_key_figures_come_from_the_main_text_unless_the_model_says_why() -> None:
    paper = ParsedPaper(
        source="pdf",
        sections=[Section(title="1 Introduction", page=1), Section(title="Appendix A Proofs", page=9)],
        figures=[
            Figure(name="Figure 1", page=2), Figure(name="Figure 7", page=11), Figure(name="Figure A2", page=12),
            Figure(name="Figure 8", page=10),
        ],
    )
    choices = [
        FigureChoice(name="Figure 7", why="shows the results"),
        FigureChoice(name="Figure A2", why="more results"),
        FigureChoice(name="Figure 1", why="the method"),
        FigureChoice(name="Figure 8", why="the appendix ablation is the key evidence"),
    ]
    assert [c.name for c in main_text_figures(choices, paper)] == ["Figure 1", "Figure 8"]
