"""Tokens, prices and the --max-cost budget, from litellm's bundled cost map (no network)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from paperdigest.errors import BudgetExceeded

DEFAULT_CONTEXT = 16_384  # tokens, for models litellm does not know (local servers); conservative on purpose


def litellm_module() -> Any:
    """Import litellm the one way: offline cost map, no banners on the user's terminal."""
    import os
    import warnings

    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    # litellm's lazily imported provider modules (Ollama, GitHub Copilot, ...) build pydantic adapters for TypedDicts
    # with ReadOnly items, and pydantic warns about litellm's own typing: nothing a user can act on.
    warnings.filterwarnings("ignore", message=r"Items? .* on TypedDict class .* `ReadOnly` qualifier", category=UserWarning)
    import litellm

    litellm.suppress_debug_info = True
    return litellm


def warmed_litellm(model: str) -> Any:
    """litellm with the modules its first completion imports lazily loaded too, by a mock call that sends nothing:
    a run then pays for them in its import thread, not in its first calls, which all waited for one import lock."""
    litellm = litellm_module()
    try:
        litellm.completion(model=model, messages=[{"role": "user", "content": "warm-up"}], mock_response="{}")
    except Exception:  # noqa: BLE001 - only a head start: the run's real calls report any error themselves
        pass
    return litellm


def count_tokens(model: str, text: str = "", messages: list[dict[str, str]] | None = None) -> int:
    counter = litellm_module().token_counter
    return int(counter(model=model, text=text) if messages is None else counter(model=model, messages=messages))


def context_window(model: str, configured: int | None = None) -> int:
    """Input tokens the model accepts: the configured max_input_tokens (a local server's own limit wins over
    litellm's entry for the model), else litellm's, else DEFAULT_CONTEXT."""
    if configured:
        return configured
    litellm = litellm_module()
    try:
        info = litellm.get_model_info(model)
    except litellm.exceptions.ModelNotMappedError:
        return DEFAULT_CONTEXT
    return int(info.get("max_input_tokens") or info.get("max_tokens") or DEFAULT_CONTEXT)


def price(model: str, prompt_tokens: int, completion_tokens: int) -> float | None:
    """USD for these tokens, or None when the cost map has no price for the model."""
    litellm = litellm_module()
    try:
        prompt, completion = litellm.cost_per_token(
            model=model, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens
        )
    except litellm.exceptions.ModelNotMappedError:
        return None
    return float(prompt + completion)


@dataclass
class Budget:
    """Spending so far plus calls in flight; a call whose worst case would pass the limit is not started."""

    limit: float | None
    spent: float = 0.0
    reserved: float = 0.0
    skipped: list[str] = field(default_factory=list)

    def reserve(self, estimate: float, what: str) -> None:
        if self.limit is not None and self.spent + self.reserved + estimate > self.limit:
            reason = (
                f"skipped: estimated ${estimate:.4f} would exceed --max-cost ${self.limit:g} "
                f"(spent ${self.spent:.4f}, in flight ${self.reserved:.4f})"
            )
            self.skipped.append(f"{what}: {reason}")
            raise BudgetExceeded(reason)
        self.reserved += estimate

    def settle(self, estimate: float, actual: float) -> None:
        self.reserved -= estimate
        self.spent += actual
