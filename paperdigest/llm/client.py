"""One way to ask a model for a validated JSON answer: cached, budgeted, retried, with a fallback model.

Failures are mapped here, at the litellm boundary, to LLMError for the one item being analysed; nothing
above this module sees a provider exception.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from paperdigest.errors import ConfigError, LLMError
from paperdigest.events import Event, OnEvent
from paperdigest.http import retry_after_seconds
from paperdigest.llm.cache import CachedAnswer, answer_step, call_key
from paperdigest.llm.cost import Budget, count_tokens, litellm_module, price
from paperdigest.llm.providers import has_provider_key
from paperdigest.models import Usage
from paperdigest.settings import Settings
from paperdigest.stage import Results

T = TypeVar("T", bound=BaseModel)

ATTEMPTS = 4  # per model, for rate limits, 5xx and dropped connections
BACKOFF = 1.0  # seconds, doubled each attempt, when the server gives no Retry-After
MAX_WAIT = 60.0
TEMPERATURE = 0.2
FENCED_JSON = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S)


@dataclass(frozen=True)
class Call:
    stage: str
    item: str  # what the answer is about (a paper id, a theme), for messages
    model: str
    template: str  # the template's source: part of the cache key
    messages: list[dict[str, str]]
    max_tokens: int


class Transient(Exception):
    """A failure worth retrying on the same model after `wait` seconds."""

    def __init__(self, message: str, wait: float | None) -> None:
        super().__init__(message)
        self.wait = wait


class LLMClient:
    """Holds what a run shares across calls: cache, budget, concurrency limit and usage per stage.

    Answers are steps run through the pipeline's Results, which count computed / cached / failed per stage.
    """

    def __init__(self, settings: Settings, results: Results, on_event: OnEvent) -> None:
        self.settings = settings
        self.results = results
        self.budget = Budget(settings.max_cost)
        self.usage: dict[str, Usage] = defaultdict(Usage)
        self.on_event = on_event
        self._semaphore = asyncio.Semaphore(settings.concurrency)
        self._unpriced: set[str] = set()
        self._api_key = _api_key(settings)
        self._litellm: asyncio.Future[Any] | None = None

    async def ready(self) -> None:
        """Import litellm off the event loop, once, at the first uncached call: its seconds of import then
        overlap the downloads and parses still running, and a fully cached rerun never pays them."""
        if self._litellm is None:
            self._litellm = asyncio.ensure_future(asyncio.to_thread(litellm_module))
        await self._litellm

    async def run(self, call: Call, schema: type[T]) -> T:
        """The validated answer (from the cache when this exact call was made before); LLMError if none."""
        params = {"schema": schema.model_json_schema(), "max_tokens": call.max_tokens, "temperature": TEMPERATURE}
        key = call_key(call.model, call.template, call.messages, params)

        async def ask() -> CachedAnswer:
            await self.ready()
            async with self._semaphore:
                estimate = self._estimate(call)
                self.budget.reserve(estimate, f"{call.stage} {call.item}")
                answer: CachedAnswer | None = None
                try:
                    _, answer = await self._structured(call, schema)
                finally:
                    self.budget.settle(estimate, answer.cost_usd if answer else 0.0)
                return answer

        answer = await self.results.record(answer_step(call.stage, key, ask))
        return schema.model_validate(answer.content)

    def _estimate(self, call: Call) -> float:
        """Worst case: the whole prompt plus max_tokens of answer; 0 for a model without a known price."""
        cost = price(call.model, count_tokens(call.model, messages=call.messages), call.max_tokens)
        if cost is None and call.model not in self._unpriced:
            self._unpriced.add(call.model)
            self.on_event(Event("cost", f"no price known for {call.model}: its cost counts as $0"))
        return cost or 0.0

    async def _structured(self, call: Call, schema: type[T]) -> tuple[T, CachedAnswer]:
        models = [call.model] + [m for m in [self.settings.fallback_model] if m and m != call.model]
        for index, model in enumerate(models):
            try:
                return await self._validated(call, schema, model)
            except LLMError as exc:
                if index + 1 == len(models) or isinstance(exc, _InvalidAnswer):
                    raise
                self.on_event(Event(call.stage, f"{call.item}: {exc}; trying fallback model {models[index + 1]}"))
        raise AssertionError("unreachable: the loop returns or raises")

    async def _validated(self, call: Call, schema: type[T], model: str) -> tuple[T, CachedAnswer]:
        """Ask, validate, and on a bad answer ask once more quoting the validation error."""
        messages, response_format = _structured_request(model, call.messages, schema)
        answer = CachedAnswer(content={}, model=model)
        for attempt in (1, 2):
            content, prompt_tokens, completion_tokens = await self._complete(call, model, messages, response_format)
            answer.prompt_tokens += prompt_tokens
            answer.completion_tokens += completion_tokens
            answer.cost_usd += self._record(call.stage, model, prompt_tokens, completion_tokens)
            try:
                value = schema.model_validate_json(_json_text(content))
            except ValidationError as exc:
                problem = _short(exc)
                if attempt == 2:
                    raise _InvalidAnswer(f"invalid answer after one repair: {problem}") from exc
                self.on_event(Event(call.stage, f"{call.item}: invalid answer ({problem}); asking once more"))
                messages = [
                    *messages,
                    {"role": "assistant", "content": content},
                    {
                        "role": "user",
                        "content": f"Your reply did not match the JSON Schema: {problem}\n"
                        "Reply again with only the corrected JSON object.",
                    },
                ]
                continue
            answer.content = value.model_dump(mode="json")
            return value, answer
        raise AssertionError("unreachable: the loop returns or raises")

    def _record(self, stage: str, model: str, prompt_tokens: int, completion_tokens: int) -> float:
        cost = price(model, prompt_tokens, completion_tokens) or 0.0
        usage = self.usage[stage]
        usage.calls += 1
        usage.prompt_tokens += prompt_tokens
        usage.completion_tokens += completion_tokens
        usage.cost_usd += cost
        return cost

    async def _complete(
        self, call: Call, model: str, messages: list[dict[str, str]], response_format: dict[str, Any]
    ) -> tuple[str, int, int]:
        """One answer from one model: retries rate limits and server errors, honouring Retry-After."""
        for attempt in range(ATTEMPTS):
            try:
                return await self._once(model, messages, response_format, call.max_tokens)
            except Transient as exc:
                if attempt + 1 == ATTEMPTS:
                    raise LLMError(f"{model}: {exc} (gave up after {ATTEMPTS} attempts)") from exc
                wait = exc.wait if exc.wait is not None else BACKOFF * 2**attempt * (1 + random.random() / 4)
                self.on_event(Event(call.stage, f"{call.item}: {exc}; retrying in {wait:.1f}s"))
                await asyncio.sleep(min(wait, MAX_WAIT))
        raise AssertionError("unreachable: the loop returns or raises")

    async def _once(
        self, model: str, messages: list[dict[str, str]], response_format: dict[str, Any], max_tokens: int
    ) -> tuple[str, int, int]:
        litellm = litellm_module()
        timeout = self.settings.llm_timeout
        try:
            response = await asyncio.wait_for(
                litellm.acompletion(
                    model=model,
                    messages=messages,
                    response_format=response_format,
                    max_tokens=max_tokens,
                    temperature=TEMPERATURE,
                    api_base=self.settings.api_base,
                    api_key=self._api_key,
                    timeout=timeout,
                    max_retries=0,  # retries are ours, so Retry-After and the attempt count are honoured once
                    drop_params=True,
                ),
                timeout,
            )
        except (TimeoutError, litellm.Timeout) as exc:
            raise LLMError(f"{model}: no answer within {timeout:g}s") from exc
        except (litellm.RateLimitError, litellm.InternalServerError, litellm.ServiceUnavailableError) as exc:
            raise Transient(f"{type(exc).__name__} from {model}", _retry_after(exc)) from exc
        except litellm.APIConnectionError as exc:
            raise Transient(f"cannot reach {model}: {_first_line(exc)}", None) from exc
        except litellm.exceptions.OpenAIError as exc:  # the base of every litellm error: auth, bad request, ...
            raise LLMError(f"{model}: {type(exc).__name__}: {_first_line(exc)}") from exc
        usage = getattr(response, "usage", None)
        content = response.choices[0].message.content or ""
        return content, int(getattr(usage, "prompt_tokens", 0) or 0), int(getattr(usage, "completion_tokens", 0) or 0)


class _InvalidAnswer(LLMError):
    """The model answered, twice, but not in the schema: a fallback model would not be asked the same way."""


def _api_key(settings: Settings) -> str | None:
    if not settings.api_key_env:
        if settings.api_base and not has_provider_key(settings.model):
            # Local OpenAI-compatible servers ignore the key, but the OpenAI client will not start without one.
            return "no-key"
        return None  # litellm reads the provider's usual variable
    key = os.environ.get(settings.api_key_env)
    if not key:
        raise ConfigError(f"api_key_env names {settings.api_key_env}, but that environment variable is not set")
    return key


def _structured_request(
    model: str, messages: list[dict[str, str]], schema: type[BaseModel]
) -> tuple[list[dict[str, str]], dict[str, Any]]:
    """Native JSON Schema output where litellm knows the model supports it; else JSON mode, schema in the prompt."""
    json_schema = schema.model_json_schema()
    if litellm_module().supports_response_schema(model=model):
        fmt = {"type": "json_schema", "json_schema": {"name": schema.__name__, "schema": json_schema, "strict": False}}
        return messages, fmt
    system, *rest = messages
    instruction = (
        "\n\nReply with one JSON object only, no prose around it, matching this JSON Schema:\n"
        f"<json_schema>\n{json.dumps(json_schema, ensure_ascii=False)}\n</json_schema>"
    )
    return [{**system, "content": system["content"] + instruction}, *rest], {"type": "json_object"}


def _json_text(content: str) -> str:
    fenced = FENCED_JSON.match(content)
    return fenced.group(1) if fenced else content


def _short(exc: ValidationError) -> str:
    problems = [f"{'.'.join(map(str, e['loc'])) or 'root'}: {e['msg']}" for e in exc.errors()[:5]]
    more = f" (+{exc.error_count() - 5} more)" if exc.error_count() > 5 else ""
    return "; ".join(problems) + more


def _retry_after(exc: Exception) -> float | None:
    """Seconds from the Retry-After header of the error's response, if the server sent one."""
    response = getattr(exc, "response", None)
    return retry_after_seconds(response.headers.get("retry-after") if response is not None else None)


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
