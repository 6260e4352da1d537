"""`paperdigest parse` under the report commands' limits: each file in a worker process, with parse_timeout
and parse_memory_mb, so a page or PDF that makes the parser slow or hungry fails that file only."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from paperdigest.errors import ParseError
from paperdigest.parsefiles import parse_files
from paperdigest.settings import Settings
from paperdigest.workers import Workers


async def _parse_each(paths: list[Path], out_dir: Path | None, dpi: int, settings: Settings) -> list[dict[str, Any]]:
    workers = Workers(memory_mb=settings.parse_memory_mb)

    async def one(path: Path) -> list[dict[str, Any]]:
        try:
            return await workers.call(settings.parse_timeout, parse_files, [path], out_dir, dpi)
        except ParseError as exc:
            return [{"file": path.name, "error": f"{path.name}: {exc}"}]

    try:
        return [result for results in await asyncio.gather(*map(one, paths)) for result in results]
    finally:
        workers.close()


def parse_with_limits(paths: list[Path], out_dir: Path | None, dpi: int, settings: Settings) -> list[dict[str, Any]]:
    """parse_files' results, in order; a file over the time or memory limit gets {"file", "error"}."""
    return asyncio.run(_parse_each(paths, out_dir, dpi, settings))
