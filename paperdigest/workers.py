"""Worker processes for PDF/HTML parsing and figure rendering, with a time limit that really ends the work.

concurrent.futures cannot stop a running task: after a timeout its worker keeps parsing, the pool's shutdown
waits for it (a PDF that hangs MuPDF hung the whole run), and the timer started at submit, so a paper queued
behind slow ones was reported as timed out without ever running. Here each task's clock starts when a worker
takes it, a worker that overruns is killed and replaced, and a worker also ends itself (SIGALRM with its default
action, no Python handler needed) if its parent died and nobody is left to kill it.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import signal
from collections.abc import Callable
from typing import Any, TypeVar

from paperdigest.errors import PaperdigestError, ParseError

T = TypeVar("T")
_GRACE = 5  # seconds a worker gives its parent to kill it before ending itself
_BOOT = 60  # seconds a new worker may take to start (imports on a loaded machine)
_DIED = "the parser process died (out of memory or a crash in the PDF library)"


def _limit_memory(megabytes: int) -> None:
    """Cap the worker's address space: an image or page bomb fails that paper, not the machine."""
    try:
        import resource
    except ImportError:  # not POSIX: no cap
        return
    limit = megabytes * 2**20
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _serve(conn, memory_mb: int) -> None:
    """Worker loop: one task at a time, until the parent closes the pipe (or dies)."""
    # Ctrl-C reaches the whole process group: the parent handles it and stops its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory(memory_mb)
    while True:
        try:
            fn, args, timeout = conn.recv()
            conn.send(None)  # started: the task's clock runs from here, not from the worker's boot
        except (EOFError, OSError):
            return
        if hasattr(signal, "alarm"):
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.alarm(min(math.ceil(timeout) + _GRACE, 2**31 - 1))
        try:
            outcome = (True, fn(*args))
        except MemoryError:
            outcome = (False, ParseError(f"needed more than its {memory_mb} MB memory limit"))
        except PaperdigestError as exc:
            outcome = (False, exc)
        except Exception as exc:  # noqa: BLE001 - the worker is the boundary of the parsing libraries
            # Mapped here, not in the parent: a library's exception may not pickle (pymupdf's hold SWIG objects),
            # and failing to send it would look like a crashed worker.
            outcome = (False, ParseError(f"{type(exc).__name__}: {str(exc)[:200]}"))
        if hasattr(signal, "alarm"):
            signal.alarm(0)
        try:
            conn.send(outcome)
        except (BrokenPipeError, OSError):
            return


class _Worker:
    def __init__(self, memory_mb: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, memory_mb), daemon=True)
        self.process.start()
        child.close()  # the parent keeps one end only, so a dead parent means EOF for the worker

    async def call(self, fn: Callable[..., Any], args: tuple, timeout: float) -> tuple[bool, Any]:
        """(True, result) or (False, the exception fn raised); ParseError if out of time or the worker died."""
        try:
            self.conn.send((fn, args, timeout))
        except OSError as exc:
            raise ParseError(_DIED) from exc
        await self._receive(max(timeout, _BOOT))  # None: booted and took the task
        return await self._receive(timeout)

    async def _receive(self, timeout: float) -> Any:
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        fd = self.conn.fileno()
        loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
        try:
            await asyncio.wait_for(ready, timeout)
        except TimeoutError as exc:
            raise ParseError(f"gave up after {timeout:.0f} s") from exc
        finally:
            loop.remove_reader(fd)
        try:
            return self.conn.recv()
        except (EOFError, OSError) as exc:
            raise ParseError(_DIED) from exc

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        self.conn.close()  # EOF: the worker's loop returns
        self.process.join(_GRACE)
        if self.process.is_alive():
            self.kill()


class Workers:
    """Up to `size` reusable spawned workers (spawn: no forked locks, and MuPDF state stays out of the parent)."""

    def __init__(self, size: int = 2, memory_mb: int = 2048) -> None:
        self._slots = asyncio.Semaphore(size)
        self._memory_mb = memory_mb
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()

    async def call(self, timeout: float, fn: Callable[..., T], *args: Any) -> T:
        """fn(*args) in a worker; ParseError if it takes longer than timeout or the worker dies."""
        async with self._slots:
            worker = self._idle.pop() if self._idle else _Worker(self._memory_mb)
            self._busy.add(worker)
            try:
                ok, value = await worker.call(fn, args, timeout)
            except BaseException:
                worker.kill()  # out of time, dead, or cancelled mid-task: never reuse it
                raise
            finally:
                self._busy.discard(worker)
            self._idle.append(worker)
            if not ok:
                raise value
            return value

    def close(self) -> None:
        """Stop idle workers and kill busy ones: a task still running (its caller cancelled but not yet
        unwound) must not leave its process behind when the CLI exits."""
        for worker in self._idle:
            worker.stop()
        for worker in self._busy:
            worker.kill()
        self._idle.clear()
        self._busy.clear()
