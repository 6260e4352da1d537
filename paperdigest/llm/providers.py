"""Which engine a run uses, and whether an LLM can be reached: no litellm import, so the CLI can decide early."""

from __future__ import annotations

import os

from paperdigest.errors import UsageError
from paperdigest.settings import Settings

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


def self_hosted(model: str, api_base: str | None) -> bool:
    """A server of the user's own (api_base) or a local provider: no key needed, and it can constrain decoding
    to a JSON Schema (vLLM, llama.cpp, LM Studio, SGLang, Ollama)."""
    return bool(api_base) or _provider(model) in _LOCAL_PROVIDERS


def has_provider_key(model: str, environ: dict[str, str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    return any(environ.get(var) for var in _KEY_VARS.get(_provider(model), ()))


def llm_configured(settings: Settings, environ: dict[str, str] | None = None) -> bool:
    """True when an LLM can be called: a local server, a base URL, or the provider's key in the environment."""
    environ = os.environ if environ is None else environ
    if self_hosted(settings.model, settings.api_base):
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
