from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("PAPERDIGEST_CORPUS", ROOT.parent / "shared" / "corpus")).resolve()


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared recordings (../shared/corpus); CI always has them."""
    assert (CORPUS / "replay.tsv").is_file(), f"shared corpus not found at {CORPUS} (set PAPERDIGEST_CORPUS)"
    return CORPUS


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's keys, config or cache."""
    for name in list(os.environ):
        if name.startswith("PAPERDIGEST_") and name != "PAPERDIGEST_CORPUS" or name.endswith("_API_KEY"):
            monkeypatch.delenv(name, raising=False)
    (tmp_path / "empty-config.toml").write_text("")
    monkeypatch.setenv("PAPERDIGEST_CONFIG", str(tmp_path / "empty-config.toml"))
    monkeypatch.setenv("PAPERDIGEST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PAPERDIGEST_HISTORY_DIR", str(tmp_path / "history"))
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")
