"""On-disk results per stage, keyed by a hash of the stage's inputs.

A rerun finds every finished result and does no work; a crash loses at most the result being written, because
every write goes to a temporary file that is renamed into place (atomic on POSIX), so two runs sharing a cache
never see a half-written file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from paperdigest.errors import OutputError

T = TypeVar("T", bound=BaseModel)


def cache_key(*parts: Any) -> str:
    """A stable hash of JSON-able parts (pydantic models included)."""
    blob = json.dumps([_plain(p) for p in parts], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def _plain(value: Any) -> Any:
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else value


_UMASK = os.umask(0)
os.umask(_UMASK)


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600 files; results are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Store:
    """Stage results as JSON files under root/stage/ab/abcdef....json, and blobs by content hash."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # Per stage: results loaded, results computed and stored, attempts that failed (retried next run).
        self.hits: Counter[str] = Counter()
        self.computed: Counter[str] = Counter()
        self.failed: Counter[str] = Counter()

    def _path(self, stage: str, key: str) -> Path:
        return self.root / stage / key[:2] / f"{key}.json"

    def get(self, stage: str, key: str, model: type[T]) -> T | None:
        path = self._path(stage, key)
        try:
            value = model.model_validate_json(path.read_bytes())
        except (OSError, ValidationError, ValueError):
            # Missing, or written by an incompatible version: recompute rather than fail.
            return None
        self.hits[stage] += 1
        return value

    def put(self, stage: str, key: str, value: BaseModel) -> None:
        self._write(self._path(stage, key), value.model_dump_json().encode())
        self.computed[stage] += 1

    def stats(self) -> dict[str, dict[str, int]]:
        stages = sorted(set(self.hits) | set(self.computed) | set(self.failed))
        return {s: {"computed": self.computed[s], "cached": self.hits[s], "failed": self.failed[s]} for s in stages}

    def blob_path(self, digest: str, suffix: str) -> Path:
        return self.root / "blobs" / digest[:2] / f"{digest}{suffix}"

    def put_blob(self, data: bytes, suffix: str) -> Path:
        path = self.blob_path(hashlib.sha256(data).hexdigest(), suffix)
        if not path.exists():
            self._write(path, data)
        return path

    def _write(self, path: Path, data: bytes) -> None:
        """A full disk or an unwritable cache folder stops the run with one line, not a traceback."""
        try:
            atomic_write(path, data)
        except OSError as exc:
            raise OutputError(f"cannot write to the cache folder {self.root}: {exc.strerror or exc}") from exc
