"""The stage contract: a stage says what its result depends on and how to compute it; it never stores anything.

A stage describes one unit of work as a `Step`: the store folder it belongs to (`stage`), a digest of every input
and setting the result depends on (`key`, from `cache_key`), the record type, and a `compute` coroutine that
returns a new record (I/O at the edge is fine: a download, a worker process, an LLM call). The pipeline runs
steps through its `Results`, which alone reads and writes the store and counts computed / cached / failed.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel

R = TypeVar("R", bound=BaseModel)


def cache_key(*parts: Any) -> str:
    """A stable hash of JSON-able parts (pydantic models included)."""
    blob = json.dumps([_plain(p) for p in parts], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def _plain(value: Any) -> Any:
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else value


@functools.cache
def code_digest(package: str) -> str:
    """A digest of a subpackage's source files: editing a parser recomputes its cached results (a hand-kept
    version number was once forgotten after a fix)."""
    digest = hashlib.sha256()
    for path in sorted((Path(__file__).parent / package).glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _always(_: object) -> bool:
    return True


@dataclass(frozen=True)
class Step(Generic[R]):
    """One stage's work on one input."""

    stage: str
    key: str
    record: type[R]
    compute: Callable[[], Awaitable[R]]
    # A result that may still change (today's listing, an incomplete one) is returned but not kept.
    keep: Callable[[R], bool] = _always


@dataclass(frozen=True)
class BlobStep:
    """Bytes kept by their digest (a downloaded PDF, an image), found again by `key` without any request."""

    stage: str
    key: str
    suffix: str
    compute: Callable[[], Awaitable[bytes]]


@dataclass(frozen=True)
class FilesStep(Generic[R]):
    """A record describing files that `compute(folder)` writes into a folder of its own (rendered figures)."""

    stage: str
    key: str
    record: type[R]
    compute: Callable[[Path], Awaitable[R]]
    files: Callable[[R], list[str]]


class Results(Protocol):
    """What a stage may ask of the pipeline: a step's result, from the store or computed once."""

    async def record(self, step: Step[R]) -> R: ...

    async def blob(self, step: BlobStep) -> Path: ...

    async def files(self, step: FilesStep[R]) -> tuple[Path, R]: ...
