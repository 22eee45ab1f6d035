"""Worker processes for `xxgk process`: extraction in parallel, memory bounded, no task lost.

Each worker is a forked process that runs one task at a time and sends back its result. The
parent watches every busy worker: above ``max_mb`` resident, or past its CPU budget plus a
grace (a C library that ignores the in-process timer), or with no progress for ``hang_s`` of
wall time, it is killed and its task answered by ``on_failure(task, reason)`` — the batch goes
on with a fresh worker. Workers are recycled after ``recycle_after`` tasks or when a finished
task leaves them above ``recycle_mb`` (allocators rarely give memory back).
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass(frozen=True)
class PoolLimits:
    workers: int = 2
    recycle_after: int = 200
    recycle_mb: float = 600
    max_mb: float = 1536
    cpu_budget_s: float = 120
    #: CPU seconds past the budget before the parent kills a worker its own timer did not stop
    cpu_grace_s: float = 30
    hang_s: float = 1800


def resident_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * PAGE / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


def cpu_seconds(pid: int) -> float:
    """utime + stime of the process, all threads."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def _serve(conn: Connection, setup: Callable[[], Callable[[Any], Any]]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when the batch stops
    faulthandler.disable()  # a crash is reported by the parent, in one line
    handle = setup()
    while True:
        asked = time.monotonic()
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        waited = time.monotonic() - asked  # this worker without work (the parent busy)
        try:
            conn.send(("ok", handle(task), waited))
        except BaseException as exc:  # noqa: BLE001 - reported as this task's failure
            conn.send(("failed", " ".join(f"{type(exc).__name__}: {exc}".split())[:300],
                       waited))


@dataclass
class _Slot:
    process: Any
    conn: Connection
    done: int = 0
    task: Any = None
    index: int = -1
    cpu_at_start: float = 0.0
    wall_at_start: float = 0.0


class WorkerPool:
    def __init__(self, setup: Callable[[], Callable[[Any], Any]], limits: PoolLimits,
                 on_failure: Callable[[Any, str], Any]) -> None:
        self.setup, self.limits, self.on_failure = setup, limits, on_failure
        self.context = multiprocessing.get_context("fork")
        self.slots: list[_Slot] = []
        self.started = 0  # workers started, recycled ones included
        self.peak_mb = 0.0  # the most any worker was seen resident
        #: seconds workers waited for a task they were then given (the parent busy writing
        #: or not handing out work), measured in the workers
        self.idle_s = 0.0

    def _start(self) -> _Slot:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(child, self.setup), daemon=True)
        process.start()
        child.close()
        self.started += 1
        return _Slot(process, parent)

    def _stop(self, slot: _Slot, kill: bool = False) -> None:
        if kill:
            slot.process.kill()
        else:
            try:
                slot.conn.send(None)
            except OSError:
                slot.process.kill()
        slot.process.join(10)
        if slot.process.is_alive():
            slot.process.kill()
            slot.process.join()
        slot.conn.close()

    def run(self, tasks: Iterable[Any], waiting: Callable[[], None] = lambda: None
            ) -> Iterator[tuple[int, Any]]:
        """(index of the task, its result) as they finish, for every task; ``waiting()`` is
        called about every half second while workers are busy (progress lines)."""
        self.start(tasks)
        try:
            while not self.finished:
                yield from self.step(0.5)
                waiting()
        finally:
            self.close()

    def start(self, tasks: Iterable[Any]) -> None:
        """Start the workers on ``tasks``; then ``step`` until ``finished``, and ``close``."""
        self._pending = iter(enumerate(tasks))
        self._exhausted = False
        self._busy: dict[Connection, _Slot] = {}
        self.slots = [self._start() for _ in range(max(1, self.limits.workers))]

    @property
    def busy(self) -> int:
        """Workers with a task."""
        return len(self._busy)

    @property
    def finished(self) -> bool:
        return self._exhausted and not self._busy

    def step(self, timeout: float) -> list[tuple[int, Any]]:
        """Hand a task to every idle worker, then take what finished within ``timeout``
        seconds (0: only what is there; the writer calls it between two groups so that the
        workers are not left without work while it writes)."""
        self._dispatch()
        done = []
        if self._busy:
            for conn in wait(list(self._busy), timeout=timeout):
                done.append(self._finish(self._busy.pop(conn)))
            for slot in list(self._busy.values()):
                reason = self._over_limit(slot)
                if reason:
                    self._busy.pop(slot.conn)
                    done.append(self._replace(slot, reason))
        self._dispatch()
        return done

    def _dispatch(self) -> None:
        for slot in self.slots:
            if slot.task is not None or self._exhausted:
                continue
            item = next(self._pending, None)
            if item is None:
                self._exhausted = True
                return
            now = time.monotonic()
            slot.index, slot.task = item
            slot.cpu_at_start = cpu_seconds(slot.process.pid)
            slot.wall_at_start = now
            slot.conn.send(slot.task)
            self._busy[slot.conn] = slot

    def close(self) -> None:
        for slot in self.slots:
            self._stop(slot, kill=slot.task is not None)

    def _finish(self, slot: _Slot) -> tuple[int, Any]:
        try:
            status, value, waited = slot.conn.recv()
        except (EOFError, OSError):
            slot.process.join(5)
            code = slot.process.exitcode
            why = (f"killed by signal {-code}" if code and code < 0 else f"exit status {code}")
            return self._replace(slot, f"the extraction worker died ({why})")
        index, task = slot.index, slot.task
        result = value if status == "ok" else self.on_failure(task, f"worker failed: {value}")
        slot.task, slot.done = None, slot.done + 1
        self.idle_s += waited
        rss = resident_mb(slot.process.pid)
        self.peak_mb = max(self.peak_mb, rss)
        if slot.done >= self.limits.recycle_after or rss > self.limits.recycle_mb:
            self._stop(slot)
            self.slots[self.slots.index(slot)] = self._start()
        return index, result

    def _over_limit(self, slot: _Slot) -> str | None:
        pid, limits = slot.process.pid, self.limits
        rss = resident_mb(pid)
        self.peak_mb = max(self.peak_mb, rss)
        if rss > limits.max_mb:
            return f"stopped using {rss:.0f} MB, over the {limits.max_mb:.0f} MB a worker may use"
        used = cpu_seconds(pid) - slot.cpu_at_start
        if limits.cpu_budget_s and used > limits.cpu_budget_s + limits.cpu_grace_s:
            return (f"stopped after {used:.0f} s of CPU time (the extraction time budget is "
                    f"{limits.cpu_budget_s:g} s)")
        if time.monotonic() - slot.wall_at_start > limits.hang_s:
            return f"stopped: no result after {limits.hang_s:g} s (hung)"
        return None

    def _replace(self, slot: _Slot, reason: str) -> tuple[int, Any]:
        index, task = slot.index, slot.task
        self._stop(slot, kill=True)
        slot.task = None
        self.slots[self.slots.index(slot)] = self._start()
        return index, self.on_failure(task, reason)
