"""Extraction of many document groups for `xxgk process`: inline or in worker processes,
results handed back in the order of the groups (report versions are numbered in capture
order), with the [extract] settings and caches set up in every process that extracts.

Workers take the groups of each window of ``DISPATCH_WINDOW`` slowest first (by a guess
from their members, ``weights``): a pictured report OCR'd last would leave one worker busy
for half a minute while the other has nothing to do. The window keeps the results waiting
for their turn to be written few."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from types import ModuleType

from archive.groups import Extraction, GroupResult, extract_group, failed_group
from archive.preconvert import AheadConversion
from archive.workers import PoolLimits, WorkerPool
from pipeline.extract.boundary import ExtractSettings


@dataclass(frozen=True)
class ProcessOptions:
    """``[process]`` and ``[extract]`` of config.toml, and the command's flags."""

    settings: ExtractSettings = ExtractSettings()
    limits: PoolLimits = PoolLimits()
    #: 0 = extract in this process (no isolation from crashes; tests, debugging)
    workers: int = 0
    retry_failed: bool = False
    recheck_all: bool = False
    cache_dir: str | None = None
    #: groups written per transaction, at most, and seconds a transaction waits for more
    batch: int = 50
    batch_seconds: float = 1.0


DISPATCH_WINDOW = 64


def dispatch_order(weights: list[float], window: int = DISPATCH_WINDOW) -> list[int]:
    """Positions of the groups in the order workers take them: by window, heaviest first,
    ties in their own order."""
    order: list[int] = []
    for start in range(0, len(weights), window):
        order += sorted(range(start, min(start + window, len(weights))),
                        key=lambda i: -weights[i])
    return order


class Extracted:
    """(members, GroupResult) in the order of ``todo`` (report versions are numbered in
    capture order), extracted inline or by worker processes (``weights``: how slow each
    group is expected to be, any unit). ``arrived(1)`` is called as each result comes in,
    before its turn to be handed back, and ``arrived(0)`` while workers are busy (progress).
    ``pump()``, called by the writer between two groups, hands out work and takes in results
    while it writes: without it a worker that finished waited until the parent had written
    its whole transaction (up to 50 groups at ≈ 20–30 ms each)."""

    def __init__(self, ctx: Extraction, todo: list[list[dict]], extractor,
                 options: ProcessOptions, stats: dict | None = None,
                 weights: list[float] | None = None,
                 arrived: Callable[[int], None] = lambda n: None) -> None:
        self.ctx, self.todo, self.extractor, self.options = ctx, todo, extractor, options
        self.stats, self.arrived = stats, arrived
        self.weights = weights or [0.0] * len(todo)
        self.pool: WorkerPool | None = None
        self.ready: dict[int, GroupResult] = {}
        self.order: list[int] = []

    def pump(self) -> None:
        if self.pool is not None and not self.pool.finished:
            self._take(self.pool.step(0))

    def _take(self, done: list[tuple[int, GroupResult]]) -> None:
        for taken, result in done:
            self.ready[self.order[taken]] = result
            self.arrived(1)

    def __iter__(self):
        options = self.options
        options.settings.apply()
        configure_caches(options.cache_dir)
        # each worker runs OCR on one thread: the workers already use every core
        configure_ocr_threads(1 if options.workers >= (os.cpu_count() or 1) else 0)
        if options.workers <= 0 or not isinstance(self.extractor, ModuleType):
            for members in self.todo:
                result = extract_group(self.ctx, members)
                self.arrived(1)
                yield members, result
            return
        preload_readers()
        ctx = self.ctx
        self.pool = pool = WorkerPool(lambda: worker_setup(ctx), options.limits,
                                      lambda members, reason: failed_group(members, reason))
        self.order = dispatch_order(self.weights)
        taken_order = [self.todo[i] for i in self.order]
        following = 0
        # DOC/WPS conversions need the cache to be handed over to the workers
        with AheadConversion(ctx.raw, taken_order) if options.cache_dir else nullcontext():
            pool.start(taken_order)
            try:
                while not pool.finished or following in self.ready:
                    if following not in self.ready:
                        self._take(pool.step(0.5))
                        self.arrived(0)
                    while following in self.ready:
                        yield self.todo[following], self.ready.pop(following)
                        following += 1
            finally:
                pool.close()
        if self.stats is not None:
            self.stats.update(peak_worker_mb=pool.peak_mb, workers_started=pool.started,
                              worker_idle_s=round(pool.idle_s, 2))


def extracted(*args, **kwargs) -> Extracted:
    return Extracted(*args, **kwargs)


def preload_readers() -> None:
    """Import the readers' libraries once, before the workers fork: each worker would import
    them again at its first PDF or picture (≈ 0.25 CPU s; pdfplumber, pypdfium2, Pillow),
    and again after every recycling. OCR's are left out (onnxruntime starts threads)."""
    import importlib

    for name in ("pipeline.readers.pdf", "pdfplumber", "pdfminer.pdfdocument", "PIL.Image"):
        try:
            importlib.import_module(name)
        except ImportError:
            pass  # that reader reports it when it is needed


def worker_setup(ctx: Extraction):
    ctx._db = None  # the parent's connection (if any) is not this process's
    return lambda members: extract_group(ctx, members)


def configure_ocr_threads(threads: int) -> None:
    try:
        from pipeline.ocr import configure_threads
    except ImportError:
        return
    configure_threads(threads)


def configure_caches(cache_dir: str | None) -> None:
    from pipeline.readers.convert import configure
    from pipeline.ocr.cache import configure_cache

    configure_cache(cache_dir)
    if cache_dir:
        configure(cache_dir=cache_dir)


def batches(items, size: int, seconds: float):
    """Lists of at most ``size`` items, cut early when ``seconds`` passed since the last one
    (progress and durability keep pace with slow documents)."""
    batch, started = [], time.monotonic()
    for item in items:
        batch.append(item)
        if len(batch) >= size or time.monotonic() - started >= seconds:
            yield batch
            batch, started = [], time.monotonic()
    if batch:
        yield batch
