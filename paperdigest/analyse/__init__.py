"""Analysis engines: `llm` (staged prompts through litellm) and `extractive` (no LLM, quotes only)."""

from __future__ import annotations

import os
from collections.abc import Awaitable

from paperdigest.errors import UsageError
from paperdigest.events import Event, OnEvent
from paperdigest.models import Comparison, Report, Usage
from paperdigest.settings import Settings
from paperdigest.store import Store

# Providers that need a key, by litellm model prefix; anything with api_base or a local provider needs none.
_KEY_VARS = {
    "openai": ("OPENAI_API_KEY",),
    "anthropic": ("ANTHROPIC_API_KEY",),
    "gemini": ("GEMINI_API_KEY", "GOOGLE_API_KEY"),
    "azure": ("AZURE_API_KEY",),
    "mistral": ("MISTRAL_API_KEY",),
    "groq": ("GROQ_API_KEY",),
    "deepseek": ("DEEPSEEK_API_KEY",),
    "openrouter": ("OPENROUTER_API_KEY",),
    "together_ai": ("TOGETHERAI_API_KEY", "TOGETHER_API_KEY"),
    "dashscope": ("DASHSCOPE_API_KEY",),
}
_LOCAL_PROVIDERS = ("ollama", "ollama_chat", "lm_studio", "llamafile", "hosted_vllm", "vllm")


def _provider(model: str) -> str:
    return model.split("/", 1)[0] if "/" in model else "openai"


def has_provider_key(model: str, environ: dict[str, str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    return any(environ.get(var) for var in _KEY_VARS.get(_provider(model), ()))


def llm_configured(settings: Settings, environ: dict[str, str] | None = None) -> bool:
    """True when an LLM can be called: a local server, a base URL, or the provider's key in the environment."""
    environ = os.environ if environ is None else environ
    if settings.api_base or _provider(settings.model) in _LOCAL_PROVIDERS:
        return True
    if settings.api_key_env:
        return bool(environ.get(settings.api_key_env))
    return has_provider_key(settings.model, environ)


def resolve_engine(settings: Settings) -> tuple[str, str | None]:
    """--engine auto picks the LLM only when it can be reached; otherwise the honest extractive engine."""
    engine = settings.engine
    if engine == "auto":
        engine = "llm" if llm_configured(settings) else "extractive"
    elif engine == "llm" and not llm_configured(settings):
        raise UsageError(
            f"--engine llm: no API key for {settings.model!r} (set the provider's key, api_key_env or --api-base)"
        )
    return engine, settings.model if engine == "llm" else None


async def run(
    report: Report, settings: Settings, store: Store, on_event: OnEvent, texts_read: Awaitable[object]
) -> tuple[Comparison, dict[str, Usage]]:
    """Analyse the report's papers once `texts_read` (the full-text stage) is done; the LLM starts before."""
    engine, _ = resolve_engine(settings)
    if engine == "extractive":
        from paperdigest.analyse.extractive import analyse_extractive

        await texts_read
        comparison = analyse_extractive(report.papers, store, settings.lang)
        on_event(Event("analyse", f"extractive: {sum(e.analysis is not None for e in report.papers)} papers"))
        return comparison, {}
    from paperdigest.analyse.staged import analyse_llm

    entries, comparison, usage, _stats = await analyse_llm(
        report.papers,
        settings,
        store,
        lambda stage, message: on_event(Event(stage, message)),
        texts_read,
        lambda stage, done, total: on_event(Event(stage, done=done, total=total)),
    )
    report.papers = entries
    return comparison, usage
