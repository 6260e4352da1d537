"""Every LLM answer on disk, keyed by what determines it: an identical rerun makes no call at all.

The key holds the model, the template's source, the rendered messages and the call parameters, so editing
one template re-runs only the stage that uses it (and whatever its new answers feed into).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from paperdigest.models import Record
from paperdigest.stage import Step, cache_key

KEY_VERSION = 1


class CachedAnswer(Record):
    content: dict[str, Any]
    model: str  # the model that answered (the fallback, sometimes)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    filled: list[str] = []  # fields the model left out, filled empty
    created: dt.date | None = None  # when the model answered


def call_key(model: str, template: str, messages: list[dict[str, str]], params: dict[str, Any]) -> str:
    return cache_key(KEY_VERSION, model, template, messages, params)


def answer_step(stage: str, key: str, ask: Callable[[], Awaitable[CachedAnswer]]) -> Step[CachedAnswer]:
    """A call's answer as a stage step: the pipeline's Results keep it, and never keep a failure."""
    return Step(f"llm-{stage}", key, CachedAnswer, ask)
