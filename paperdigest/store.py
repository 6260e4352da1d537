"""On-disk results per stage, keyed by a hash of the stage's inputs; the one runner of stage steps.

A rerun finds every finished result and does no work; a crash loses at most the result being written, because
every write goes to a temporary file that is renamed into place (atomic on POSIX), so two runs sharing a cache
never see a half-written file. Only the pipeline holds a Store: stages describe steps (paperdigest.stage) and
the Store runs them, counting per stage what was computed, loaded and failed.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from paperdigest.errors import OutputError, PaperdigestError
from paperdigest.files import atomic_write
from paperdigest.models import Record
from paperdigest.stage import BlobStep, FilesStep, Step

T = TypeVar("T", bound=BaseModel)


class BlobRef(Record):
    """Where a step's bytes are kept: their digest names the blob file."""

    blob: str
    size: int


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

    async def record(self, step: Step[T]) -> T:
        """The step's result from the store, else computed once and kept (when the step says it is final)."""
        cached = self.get(step.stage, step.key, step.record)
        if cached is not None:
            return cached
        value = await self._computed(step.stage, step.compute())
        if step.keep(value):
            self.put(step.stage, step.key, value)
        else:
            self.failed[step.stage] += 1
        return value

    async def blob(self, step: BlobStep) -> Path:
        ref = self.get(step.stage, step.key, BlobRef)
        if ref is not None and self.blob_path(ref.blob, step.suffix).exists():
            return self.blob_path(ref.blob, step.suffix)
        data = await self._computed(step.stage, step.compute())
        path = self.blob_path(hashlib.sha256(data).hexdigest(), step.suffix)
        if not path.exists():
            self._write(path, data)
        self.put(step.stage, step.key, BlobRef(blob=path.stem, size=len(data)))
        return path

    async def files(self, step: FilesStep[T]) -> tuple[Path, T]:
        """Files written by the step into its own folder: in a private scratch folder first, then renamed into
        place one by one, so another run sharing the cache never reads a half-written file."""
        folder = self.root / step.stage / step.key[:2] / step.key
        cached = self.get(step.stage, step.key, step.record)
        if cached is not None and all((folder / name).exists() for name in step.files(cached)):
            return folder, cached
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(dir=folder, prefix=".scratch-") as scratch:
                value = await self._computed(step.stage, step.compute(Path(scratch)))
                for name in step.files(value):
                    os.replace(Path(scratch) / name, folder / name)
        except OSError as exc:
            raise OutputError(f"cannot write to the cache folder {self.root}: {exc.strerror or exc}") from exc
        self.put(step.stage, step.key, value)
        return folder, value

    async def _computed(self, stage: str, work):
        try:
            return await work
        except PaperdigestError:
            self.failed[stage] += 1
            raise

    def blob_path(self, digest: str, suffix: str) -> Path:
        return self.root / "blobs" / digest[:2] / f"{digest}{suffix}"

    def _write(self, path: Path, data: bytes) -> None:
        """A full disk or an unwritable cache folder stops the run with one line, not a traceback."""
        try:
            atomic_write(path, data)
        except OSError as exc:
            raise OutputError(f"cannot write to the cache folder {self.root}: {exc.strerror or exc}") from exc
