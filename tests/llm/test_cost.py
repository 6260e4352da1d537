"""What a call costs before it is sent, and the litellm import that a run starts ahead of its first call."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdigest.events import Event
from paperdigest.llm import client as llm_client
from paperdigest.llm.client import Call, LLMClient
from paperdigest.llm.cost import litellm_module, warmed_litellm
from paperdigest.settings import Settings
from paperdigest.store import Store
from llm_server import FakeLLM


def _client(tmp_path: Path, events: list[Event]) -> LLMClient:
    return LLMClient(Settings(api_base="http://127.0.0.1:9/v1"), Store(tmp_path / "store"), events.append)


def _call(model: str) -> Call:
    return Call("classify", "2501.00001", model, "template", [{"role": "user", "content": "words " * 500}], 300)


def test_a_model_without_a_price_costs_nothing_and_needs_no_tokenizer(tmp_path: Path, monkeypatch) -> None:
    """A local model's first calls waited for the tokenizer to load only to learn that its price is unknown."""
    events: list[Event] = []
    client = _client(tmp_path, events)

    def no_tokenizer(*args, **kwargs):
        raise AssertionError("tokens counted for a model without a price")

    monkeypatch.setattr(llm_client, "count_tokens", no_tokenizer)
    assert client._estimate(_call("openai/my-local-model")) == 0.0
    assert client._estimate(_call("openai/my-local-model")) == 0.0
    assert [e.message for e in events] == ["no price known for openai/my-local-model: its cost counts as $0"]


def test_a_priced_model_is_estimated_from_its_prompt_and_answer_tokens(tmp_path: Path) -> None:
    events: list[Event] = []
    estimate = _client(tmp_path, events)._estimate(_call("openai/gpt-4o-mini"))
    # gpt-4o-mini's bundled prices: $0.15 per million prompt tokens, $0.60 per million answer tokens.
    assert 500 * 0.15e-6 + 300 * 0.6e-6 <= estimate <= 600 * 0.15e-6 + 300 * 0.6e-6
    assert events == []


@pytest.mark.parametrize("model", ["openai/test-model", "no-such-provider/model"])
def test_warming_litellm_sends_nothing_and_never_fails_the_run(model: str, monkeypatch) -> None:
    """The warm-up is a mock completion and only a head start: a model litellm cannot resolve is reported by the
    run's real call, not by the warm-up."""
    with FakeLLM() as server:
        monkeypatch.setenv("OPENAI_API_BASE", server.url)  # where a real call to openai/ would go
        monkeypatch.setenv("OPENAI_API_KEY", "test")
        assert warmed_litellm(model) is litellm_module()
    assert server.requests == []
