"""No parser process outlives the run that started it."""

from __future__ import annotations

import asyncio
import multiprocessing
import time

from paperdigest.workers import Workers


def test_closing_the_workers_ends_a_task_whose_caller_was_cancelled():
    """Issue 14.12: a worker still busy when the pipeline closed its workers was left running after the CLI."""

    async def scenario() -> list:
        workers = Workers(size=1)
        task = asyncio.ensure_future(workers.call(60, time.sleep, 60))
        await asyncio.sleep(0.5)
        task.cancel()  # what the pipeline does with its reading task when the analysis fails first: not awaited
        workers.close()
        left = [p for p in multiprocessing.active_children() if p.is_alive()]
        await asyncio.gather(task, return_exceptions=True)
        return left

    assert asyncio.run(scenario()) == []
