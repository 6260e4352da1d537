"""One way to ask a model for a validated JSON answer: cached, budgeted, retried, with a fallback model.

Failures are mapped here, at the litellm boundary, to LLMError for the one item being analysed; nothing
above this module sees a provider exception.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from paperdigest.errors import ConfigError, LLMError
from paperdigest.events import Event, OnEvent
from paperdigest.http import retry_after_seconds
from paperdigest.llm import structured
from paperdigest.llm.cache import CachedAnswer, answer_step, call_key
from paperdigest.llm.cost import Budget, context_window, count_tokens, litellm_module, price, warmed_litellm
from paperdigest.llm.providers import has_provider_key, self_hosted
from paperdigest.models import Usage
from paperdigest.settings import Settings
from paperdigest.stage import Results

T = TypeVar("T", bound=BaseModel)

ATTEMPTS = 4  # per model, for rate limits, 5xx and dropped connections
BACKOFF = 1.0  # seconds, doubled each attempt, when the server gives no Retry-After
MAX_WAIT = 60.0
TEMPERATURE = 0.2
INVALID_HINT_AFTER = 2  # items whose answers failed validation before stderr says what to change


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
        self._modes: dict[str, str] = {}  # per model: how answers are held to the schema (steps down when refused)
        self.invalid: Counter[str] = Counter()  # per model: items whose answers failed validation after a repair

    async def ready(self) -> None:
        """Import (and warm) litellm off the event loop, once, at the first uncached call: its seconds of import
        then overlap the downloads and parses still running, and a fully cached rerun never pays them."""
        if self._litellm is None:
            self._litellm = asyncio.ensure_future(asyncio.to_thread(warmed_litellm, self.settings.classify_model or self.settings.model))
        await self._litellm

    async def run(self, call: Call, schema: type[T]) -> tuple[T, CachedAnswer]:
        """The validated answer and its record (model, date, fields filled empty); from the cache when this exact
        call was answered before. LLMError if there is no valid answer: nothing is cached, a rerun asks again."""
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
        return schema.model_validate(answer.content), answer

    def _estimate(self, call: Call) -> float:
        """Worst case: the whole prompt plus max_tokens of answer; 0 for a model without a known price (its
        tokens are not counted then: a local model's calls need no tokenizer)."""
        if call.model in self._unpriced:
            return 0.0
        if price(call.model, 0, 0) is None:
            self._unpriced.add(call.model)
            self.on_event(Event("cost", f"no price known for {call.model}: its cost counts as $0"))
            return 0.0
        return price(call.model, count_tokens(call.model, messages=call.messages), call.max_tokens) or 0.0

    async def _structured(self, call: Call, schema: type[T]) -> tuple[T, CachedAnswer]:
        models = [call.model] + [m for m in [self.settings.fallback_model] if m and m != call.model]
        for index, model in enumerate(models):
            try:
                return await self._validated(call, schema, model)
            except LLMError as exc:
                if isinstance(exc, _InvalidAnswer):
                    self._note_invalid(model)
                if index + 1 == len(models) or isinstance(exc, _InvalidAnswer):
                    raise
                self.on_event(Event(call.stage, f"{call.item}: {exc}; trying fallback model {models[index + 1]}"))
        raise AssertionError("unreachable: the loop returns or raises")

    def _mode(self, model: str) -> str:
        if model not in self._modes:

            def supports() -> bool:
                return bool(litellm_module().supports_response_schema(model=model))

            local = self_hosted(model, self.settings.api_base)
            self._modes[model] = structured.initial_mode(self.settings.structured_output, local, supports)
        return self._modes[model]

    def _step_down(self, model: str, mode: str, exc: _FormatRejected) -> str:
        """The server refused this way of asking for JSON: use the next one for the rest of the run, said once."""
        following = structured.NEXT_MODE.get(mode)
        if following is None:
            raise LLMError(f"{model}: {exc}") from exc
        if self._modes.get(model) == mode:  # calls in flight may all be refused; the first one says so
            self._modes[model] = following
            self.on_event(
                Event(
                    "llm",
                    f"{model} rejected structured output by {mode} ({exc}); using {following} for the rest of the run "
                    "(set structured_output in the config to choose one)",
                    level="warning",
                )
            )
        return self._modes[model]

    async def _validated(self, call: Call, schema: type[T], model: str) -> tuple[T, CachedAnswer]:
        """Ask, read tolerantly and validate; a truncated answer is asked again once with room to finish, a bad
        one once more quoting the validation error."""
        mode = self._mode(model)
        messages, extra = structured.request(mode, call.messages, schema)
        answer = CachedAnswer(content={}, model=model, created=dt.datetime.now(dt.UTC).date())
        max_tokens, lengthened, repaired = call.max_tokens, False, False
        while True:
            try:
                reply = await self._complete(call, model, messages, extra, max_tokens)
            except _FormatRejected as exc:
                mode = self._step_down(model, mode, exc)
                messages, extra = structured.request(mode, call.messages, schema)
                continue
            answer.prompt_tokens += reply.prompt_tokens
            answer.completion_tokens += reply.completion_tokens
            answer.cost_usd += self._record(call.stage, model, reply.prompt_tokens, reply.completion_tokens)
            reading = structured.read(reply.content, schema)
            try:
                value = schema.model_validate_json(reading.text)
            except ValidationError as exc:
                problem = reading.problem or _short(exc)
                room = self._room(model, reply.prompt_tokens, max_tokens)
                if reply.truncated and not lengthened and room > max_tokens:
                    lengthened, max_tokens = True, room
                    cut = f"{call.item}: answer cut off at the token limit; asking again with {max_tokens}"
                    self.on_event(Event(call.stage, cut))
                    continue
                if repaired:
                    raise _InvalidAnswer(f"invalid answer after one repair: {problem}") from exc
                repaired = True
                self.on_event(Event(call.stage, f"{call.item}: invalid answer ({problem}); asking once more"))
                messages = [
                    *messages,
                    {"role": "assistant", "content": reply.content},
                    {
                        "role": "user",
                        "content": f"Your reply did not match the JSON Schema: {problem}\n"
                        "Reply again with only the corrected JSON object.",
                    },
                ]
                continue
            if reading.filled:
                left_out = ", ".join(reading.filled)
                self.on_event(Event(call.stage, f"{call.item}: the answer left out {left_out}; filled empty"))
            answer.content, answer.filled = value.model_dump(mode="json"), reading.filled
            return value, answer

    def _room(self, model: str, prompt_tokens: int, max_tokens: int) -> int:
        """Twice the answer tokens for a cut-off answer, as far as the model's context leaves room beside the prompt."""
        return min(2 * max_tokens, context_window(model, self.settings.max_input_tokens) - prompt_tokens)

    def _note_invalid(self, model: str) -> None:
        self.invalid[model] += 1
        if self.invalid[model] == INVALID_HINT_AFTER:
            self.on_event(
                Event(
                    "llm",
                    f"answers from {model} keep failing validation ({INVALID_HINT_AFTER} items so far): try a stronger "
                    "model (--model), or set structured_output = json_schema (or tools) in the config if the server "
                    "supports it",
                    level="warning",
                )
            )

    def _record(self, stage: str, model: str, prompt_tokens: int, completion_tokens: int) -> float:
        cost = price(model, prompt_tokens, completion_tokens) or 0.0
        usage = self.usage[stage]
        usage.calls += 1
        usage.prompt_tokens += prompt_tokens
        usage.completion_tokens += completion_tokens
        usage.cost_usd += cost
        return cost

    async def _complete(
        self, call: Call, model: str, messages: list[dict[str, str]], extra: dict[str, Any], max_tokens: int
    ) -> _Reply:
        """One answer from one model: retries rate limits and server errors, honouring Retry-After."""
        for attempt in range(ATTEMPTS):
            try:
                return await self._once(model, messages, extra, max_tokens)
            except Transient as exc:
                if attempt + 1 == ATTEMPTS:
                    raise LLMError(f"{model}: {exc} (gave up after {ATTEMPTS} attempts)") from exc
                wait = exc.wait if exc.wait is not None else BACKOFF * 2**attempt * (1 + random.random() / 4)
                self.on_event(Event(call.stage, f"{call.item}: {exc}; retrying in {wait:.1f}s"))
                await asyncio.sleep(min(wait, MAX_WAIT))
        raise AssertionError("unreachable: the loop returns or raises")

    async def _once(self, model: str, messages: list[dict[str, str]], extra: dict[str, Any], max_tokens: int) -> _Reply:
        litellm = litellm_module()
        timeout = self.settings.llm_timeout
        try:
            response = await asyncio.wait_for(
                litellm.acompletion(
                    model=model,
                    messages=messages,
                    max_tokens=max_tokens,
                    temperature=TEMPERATURE,
                    api_base=self.settings.api_base,
                    api_key=self._api_key,
                    timeout=timeout,
                    max_retries=0,  # retries are ours, so Retry-After and the attempt count are honoured once
                    drop_params=True,
                    **extra,
                ),
                timeout,
            )
        except (TimeoutError, litellm.Timeout) as exc:
            raise LLMError(f"{model}: no answer within {timeout:g}s") from exc
        except (litellm.RateLimitError, litellm.InternalServerError, litellm.ServiceUnavailableError) as exc:
            raise Transient(f"{type(exc).__name__} from {model}", _retry_after(exc)) from exc
        except litellm.APIConnectionError as exc:
            raise Transient(f"cannot reach {model}: {_first_line(exc)}", None) from exc
        except (litellm.BadRequestError, litellm.UnprocessableEntityError) as exc:
            if structured.is_format_rejection(getattr(exc, "status_code", None), str(exc)):
                raise _FormatRejected(f"{exc.status_code}: {_first_line(exc)}") from exc
            raise LLMError(f"{model}: {type(exc).__name__}: {_first_line(exc)}") from exc
        except litellm.exceptions.OpenAIError as exc:  # the base of every litellm error: auth, bad request, ...
            raise LLMError(f"{model}: {type(exc).__name__}: {_first_line(exc)}") from exc
        usage = getattr(response, "usage", None)
        choice = response.choices[0]
        content = structured.tool_arguments(choice.message) or choice.message.content or ""
        return _Reply(
            content,
            int(getattr(usage, "prompt_tokens", 0) or 0),
            int(getattr(usage, "completion_tokens", 0) or 0),
            getattr(choice, "finish_reason", None) == "length",
        )


@dataclass(frozen=True)
class _Reply:
    content: str
    prompt_tokens: int
    completion_tokens: int
    truncated: bool  # finish_reason "length": the answer hit max_tokens


class _FormatRejected(LLMError):
    """A 400/422 naming response_format or the schema: this server cannot answer in the mode asked for."""


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
