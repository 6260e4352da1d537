"""The environment of a clean CLI run, shared by the tests and the benchmarks: no user config, keys, cache or locale."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cli_env(base: Path, **extra: str) -> dict[str, str]:
    """The current environment without paperdigest settings or API keys; config and cache under base, the cache
    holding the role model as a first run leaves it (`tests/pipeline/test_week_replay.py` runs without it)."""
    env = {k: v for k, v in os.environ.items() if not (k.startswith("PAPERDIGEST_") or k.endswith("_API_KEY"))}
    base.mkdir(parents=True, exist_ok=True)
    (base / "config.toml").touch()
    keep_role_model(base / "cache" / "role-model")
    return env | {
        "PYTHONPATH": str(ROOT),
        "PAPERDIGEST_CONFIG": str(base / "config.toml"),
        "PAPERDIGEST_CACHE_DIR": str(base / "cache"),
        "PAPERDIGEST_HISTORY_DIR": str(base / "history"),
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        "LC_ALL": "C.UTF-8",  # the report language follows the locale when none is configured
    } | extra


def keep_role_model(folder: Path) -> None:
    """Fitting the role model takes about twenty seconds, in every command run in a fresh cache: fitted once here."""
    from paperdigest import sentence_model

    kept = sentence_model.kept_file(folder)
    if not kept.exists():
        folder.mkdir(parents=True, exist_ok=True)
        kept.write_bytes(_role_model_bytes())


@cache
def _role_model_bytes() -> bytes:
    from paperdigest import sentence_model

    return sentence_model.model_bytes(sentence_model.shipped())
