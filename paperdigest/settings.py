"""One settings object: defaults < TOML config file < PAPERDIGEST_* environment < command-line flags.

Settings are plain data (no callables) and hashable, so the parts that change a stage's result go into that
stage's cache key.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from paperdigest.errors import ConfigError

ENV_PREFIX = "PAPERDIGEST_"
LANGS = ("en", "zh")  # the languages of the report, its labels and the command's own lines


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EmailDelivery(_Section):
    host: str = "localhost"
    port: int = Field(587, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = Field("starttls", description="none: only to localhost")
    username: str | None = None
    password_env: str | None = Field(None, description="name of the env var holding the SMTP password")
    sender: str = Field("paperdigest@localhost", alias="from")
    to: tuple[str, ...] = ()
    max_mb: float = Field(15.0, gt=0, description="figures are downscaled, then dropped, to stay under it")


class WebhookDelivery(_Section):
    url_env: str | None = Field(None, description="name of the env var holding the webhook URL (a secret)")


class FeishuDelivery(WebhookDelivery):
    secret_env: str | None = Field(None, description="name of the env var holding a signed bot's secret")


class TelegramDelivery(_Section):
    token_env: str | None = Field(None, description="name of the env var holding the bot token")
    chat_id: str | None = None


class Delivery(_Section):
    """Where `send` and `--send` deliver a report. Secrets are never here, only the names of env vars."""

    email: EmailDelivery = EmailDelivery()
    slack: WebhookDelivery = WebhookDelivery()
    discord: WebhookDelivery = WebhookDelivery()
    feishu: FeishuDelivery = FeishuDelivery()
    telegram: TelegramDelivery = TelegramDelivery()
    webhook: WebhookDelivery = WebhookDelivery()
    attempts: int = Field(3, ge=1, le=10, description="tries per channel before it is reported failed")
    backoff: float = Field(2.0, ge=0, le=300, description="seconds before the second try, doubled after")


class Settings(BaseModel):
    # inf would switch a limit off (parse_timeout=inf) and print as Infinity, which is not JSON.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    # sources and selection
    sources: tuple[str, ...] = ("hf",)
    categories: tuple[str, ...] = ()
    exclude_categories: tuple[str, ...] = ()
    cross_lists: bool = Field(True, description="keep papers only cross-listed into a wanted category")
    keywords: tuple[str, ...] = ()
    exclude_keywords: tuple[str, ...] = ()
    max_papers: int = Field(5, ge=0, description="papers analysed in depth; the rest are listed")
    rank_by: Literal["score", "upvotes", "both"] = "both"
    fulltext: tuple[Literal["html", "pdf"], ...] = ("html", "pdf")
    # the reader's profile (paperdigest.profile)
    interests: str = Field("", description="a few sentences on what you want to read")
    library: tuple[Path, ...] = Field((), description="library files: .bib, .json (CSL), .ris, .txt of arXiv ids")
    not_interested: tuple[Path, ...] = Field((), description="library files of papers you do not want")
    follow: tuple[str, ...] = Field((), description="authors or organisations whose papers are pinned to the top")
    classify_top: int = Field(60, ge=0, description="the LLM classify stage sees only this many of the top papers")
    # analysis
    engine: Literal["auto", "llm", "extractive"] = "auto"
    model: str = "openai/gpt-4o-mini"
    classify_model: str | None = None
    fallback_model: str | None = None
    api_base: str | None = None
    api_key_env: str | None = Field(None, description="name of the env var holding the key, if not the provider's")
    concurrency: int = Field(4, ge=1, le=64)
    llm_timeout: float = Field(120.0, gt=0)
    max_cost: float | None = Field(None, ge=0)
    structured_output: Literal["auto", "json_schema", "json_mode", "tools"] = Field(
        "auto", description="how answers are held to their JSON Schema; auto: json_schema for local servers"
    )
    max_input_tokens: int | None = Field(
        None, ge=1024, description="the model's context window, for models litellm does not know"
    )
    lang: Literal["en", "zh"] = "en"
    taxonomy: tuple[str, ...] = Field((), description="topics the classify stage chooses from; empty = built-in list")
    # report
    format: Literal["md", "json", "html"] = "md"
    template: str | None = Field(None, description="None: the command's own (weekly for week/range, daily for day)")
    dpi: int = Field(150, ge=36, le=600)
    # limits
    max_pdf_mb: float = Field(50.0, gt=0)
    max_pages: int = Field(300, ge=1)
    parse_timeout: float = Field(120.0, gt=0)
    parse_memory_mb: int = Field(2048, ge=256, description="address-space cap of each parser process")
    # delivery
    delivery: Delivery = Delivery()
    site_url: str | None = Field(None, description="where the reports are published, linked from chat cards")
    notify_on_failure: tuple[str, ...] = Field((), description="channels told when a run fails")
    # paths
    cache_dir: Path | None = None
    prompts_dir: Path | None = None
    templates_dir: Path | None = None
    history_dir: Path | None = Field(None, description="where every report run keeps its JSON document; None: the user data folder")
    # network
    endpoints: tuple[tuple[str, str], ...] = Field(
        (), description="origin -> replacement base URL (a mirror or proxy), keeping path and query"
    )
    arxiv_interval: float = Field(3.0, ge=0, le=600, description="seconds between requests to each arXiv host")

    @field_validator("endpoints", mode="before")
    @classmethod
    def _endpoint_pairs(cls, value: Any) -> Any:
        """A TOML table, or `origin=base` strings (the env var form), as sorted (origin, base) pairs."""
        if isinstance(value, dict):
            value = value.items()
        elif isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
            value = [item.partition("=")[::2] for item in value]
        if not isinstance(value, Iterable) or isinstance(value, str):
            raise ValueError("expected a table of origin = base URL")
        pairs = [tuple(pair) for pair in value]
        if any(len(pair) != 2 or not all(isinstance(part, str) for part in pair) for pair in pairs):
            raise ValueError("expected origin = base URL pairs")
        return tuple(sorted((_origin(origin), _base(base)) for origin, base in pairs))

    @field_validator("categories", "exclude_categories")
    @classmethod
    def _known_categories(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        from paperdigest.taxonomy import check_categories

        return check_categories(names)


def _origin(text: str) -> str:
    parts = urlsplit(text.strip())
    extra = parts.path.strip("/") or parts.query or parts.fragment or parts.username
    if parts.scheme not in ("https", "http") or not parts.hostname or extra:
        raise ValueError(f"endpoint origin {text[:80]!r} must look like https://host[:port]")
    # Spelled as requests name their origin (http.endpoints): a default port is left out.
    port = f":{parts.port}" if parts.port not in (None, {"https": 443, "http": 80}[parts.scheme]) else ""
    return f"{parts.scheme}://{parts.hostname}{port}"


def _base(text: str) -> str:
    parts = urlsplit(text.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.query or parts.fragment or parts.username:
        raise ValueError(f"endpoint base {text[:80]!r} must look like http(s)://host[:port][/path]")
    return f"{parts.scheme}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def default_config_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path("paperdigest") / "config.toml"


def default_cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("paperdigest")


def history_root(settings: Settings) -> Path:
    """The folder of the report history (`history`, `trends`, `site` and the already-read rule read it)."""
    from platformdirs import user_data_path

    return (settings.history_dir or user_data_path("paperdigest") / "history").expanduser()


def cache_root(settings: Settings) -> Path:
    """The folder every stage result, download and the HTTP cache live in."""
    return (settings.cache_dir or default_cache_dir()).expanduser()


def _from_env(environ: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, field in Settings.model_fields.items():
        raw = environ.get(ENV_PREFIX + name.upper())
        if raw is None:
            continue
        is_list = "tuple" in str(field.annotation)
        values[name] = tuple(part.strip() for part in raw.split(",") if part.strip()) if is_list else raw
    return values


def locale_lang(environ: dict[str, str]) -> str:
    """The user's language when none is configured: zh for a zh_* locale (the reference reports are Chinese)."""
    locale = next((environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(name)), "")
    return "zh" if locale.lower().startswith("zh") else "en"


def _config_file(config: Path | None, environ: dict[str, str]) -> tuple[Path, bool]:
    """The config file to read, and whether the user named it (--config, PAPERDIGEST_CONFIG): then it must exist."""
    explicit = config or (Path(environ[ENV_PREFIX + "CONFIG"]) if ENV_PREFIX + "CONFIG" in environ else None)
    return explicit or default_config_path(), explicit is not None


def _read_config(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"config {path}: {exc}") from exc


def configured_lang(flag: str | None, config: Path | None, environ: dict[str, str]) -> str:
    """The language the settings would choose, read layer by layer without validating the rest: a usage error or a
    bad config file is reported before the settings exist, and still in the user's language."""
    if flag in LANGS:
        return flag
    if environ.get(ENV_PREFIX + "LANG") in LANGS:
        return environ[ENV_PREFIX + "LANG"]
    try:
        lang = _read_config(_config_file(config, environ)[0]).get("lang")
    except ConfigError:  # none, or unreadable: its lang is unknown
        lang = None
    return lang if lang in LANGS else locale_lang(environ)


def load_settings(
    config: Path | None = None,
    overrides: dict[str, Any] | None = None,
    environ: dict[str, str] | None = None,
) -> Settings:
    """Merge the layers; a missing default config file is fine, a missing explicit one is an error."""
    environ = dict(os.environ if environ is None else environ)
    path, explicit = _config_file(config, environ)
    values: dict[str, Any] = {}
    if path.exists():
        values.update(_read_config(path))
    elif explicit:
        raise ConfigError(f"config file not found: {path}")
    values.update(_from_env(environ))
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    values.setdefault("lang", locale_lang(environ))
    try:
        return Settings(**values)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'config'}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid settings ({path if path.exists() else 'flags/env'}): {problems}") from exc


DEFAULT_CONFIG = """\
# paperdigest configuration. Every key is optional; flags and PAPERDIGEST_<KEY> env vars override it
# (lists in env vars are comma-separated, e.g. PAPERDIGEST_CATEGORIES=cs.CL,cs.LG).

# --- sources and selection ---
sources = ["hf"]                 # hf, arxiv, rss, oai (several are merged, one record per paper)
categories = []                  # e.g. ["cs.CL", "cs.LG"] or archives ["cs"]; empty = all
exclude_categories = []          # a paper listed in one of these (primary or cross-list) is never selected
cross_lists = true               # false: keep only papers whose primary category is wanted
keywords = []                    # scored in title (x3), abstract (x1); e.g. ["retrieval", "agent"]
exclude_keywords = []            # a paper matching one of these is never selected
max_papers = 5                   # analysed in depth; the others are listed
rank_by = "both"                 # score, upvotes (hf) or both
fulltext = ["html", "pdf"]       # what to read, in order; the abstract is the last resort
# interests = "retrieval-augmented generation for scientific question answering"
# library = ["~/zotero-export.bib"]      # .bib, .json (CSL-JSON), .ris or .txt of arXiv ids: ranks by closeness
# not_interested = ["~/not-for-me.ris"]  # same formats: similar papers are pushed down
# follow = ["Yann LeCun", "DeepMind"]    # authors / organisations pinned to the top
classify_top = 60                # the LLM classify stage sees only the top of the ranking

# --- analysis ---
engine = "auto"                  # auto: llm when a key or api_base is configured, else extractive (no LLM)
model = "openai/gpt-4o-mini"     # any litellm model string, e.g. "ollama/llama3.1", "anthropic/claude-3-5-haiku-latest"
# classify_model = "openai/gpt-4o-mini"   # a cheaper model for the classify stage
# fallback_model = "ollama/llama3.1"
# api_base = "http://127.0.0.1:11434"     # local / OpenAI-compatible server
# api_key_env = "MY_KEY_VAR"              # env var holding the key, if not the provider's usual one
concurrency = 4
llm_timeout = 120.0
# max_cost = 1.00                # USD; calls that would exceed it are skipped and reported
structured_output = "auto"       # auto, json_schema, json_mode or tools: how answers are held to their schema
# max_input_tokens = 8192        # context window of a model litellm does not know (local servers)
# lang = "en"                    # en or zh; unset: zh for a zh_* locale (LC_ALL, LC_MESSAGES, LANG), else en
# taxonomy = ["LLM reasoning", "Agents and tool use"]   # topics classify may choose from; empty = built-in list

# --- report ---
format = "md"                    # md, json, html
# template = "weekly"            # weekly, daily, digest, list, or a path to a .j2 file (default: per command)
dpi = 150

# --- limits ---
max_pdf_mb = 50.0
max_pages = 300                  # long reports and surveys run to 100-200 pages
parse_timeout = 120.0
parse_memory_mb = 2048           # each parser process's memory cap: a PDF bomb fails its paper only

# --- delivery (`paperdigest send`, `--send`): secrets only through the env vars named here ---
# site_url = "https://example.org/papers/"   # linked from chat cards
notify_on_failure = []           # channels told when a run fails, e.g. ["slack"]
# [delivery]
# attempts = 3                   # tries per channel; backoff = 2.0 seconds, doubled after each try
# [delivery.email]
# host = "smtp.example.org"
# port = 587
# security = "starttls"          # starttls, ssl, or none (none: localhost only)
# username = "me@example.org"
# password_env = "SMTP_PASSWORD"
# from = "me@example.org"
# to = ["me@example.org"]
# max_mb = 15.0                  # figures are downscaled, then dropped, to stay under it
# [delivery.slack]               # also [delivery.discord] and [delivery.webhook] (any JSON endpoint)
# url_env = "SLACK_WEBHOOK_URL"
# [delivery.feishu]
# url_env = "FEISHU_WEBHOOK_URL"
# secret_env = "FEISHU_SECRET"   # signed bots
# [delivery.telegram]
# token_env = "TELEGRAM_BOT_TOKEN"
# chat_id = "123456"

# --- paths ---
# cache_dir = "~/.cache/paperdigest"
# prompts_dir = "~/paperdigest-prompts"   # overrides any subset of the built-in prompts
# templates_dir = "~/paperdigest-templates"
# history_dir = "~/.local/share/paperdigest/history"   # every report run's JSON (history, trends, site)

# --- network ---
arxiv_interval = 3.0             # seconds between requests to each arXiv host (arXiv asks for 3)
# [endpoints]                    # a mirror or proxy per origin; path and query are kept (env: origin=base,...)
# "https://huggingface.co" = "https://hf-mirror.com"
# "https://export.arxiv.org" = "http://127.0.0.1:8080/arxiv-api"
"""
