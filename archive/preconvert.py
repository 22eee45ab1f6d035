"""The DOC/WPS of a `xxgk process` run converted ahead of its workers, many files per
LibreOffice start (pipeline/readers/convert_batch.py).

A child process walks the run's documents in the order the workers take them and fills the
conversion cache in batches that grow (the first DOC is ready soon, later ones share a
start-up). A worker that reaches a DOC before its batch is done waits for the LibreOffice
lock, then finds it in the cache, or converts it alone (a file the batch skipped: it then
reports its own error). The run never depends on this process: stopping it, or it failing,
only costs start-ups.
"""

from __future__ import annotations

import multiprocessing
from itertools import islice
import signal
import sys
from collections.abc import Iterator

from archive.rawstore import RawStore

#: files per LibreOffice start, in turn; the last size repeats
BATCH_SIZES = (4, 8, 16)


def word_binaries(raw: RawStore, todo: list[list[dict]]) -> Iterator[bytes]:
    """The bodies of the run that are DOC/WPS (by content), in the workers' order, once each."""
    from pipeline.readers.convert import OLE2_MAGIC, is_word_binary

    seen: set[str] = set()
    for members in todo:
        for member in members:
            sha = member["sha256"]
            if sha in seen:
                continue
            seen.add(sha)
            try:
                if raw.read_head(sha, len(OLE2_MAGIC)) != OLE2_MAGIC:
                    continue
                data = raw.read_body(sha)
            except OSError:
                continue  # the worker reports the unreadable body
            if is_word_binary(data):
                yield data


def convert_ahead(raw: RawStore, todo: list[list[dict]]) -> None:
    """Fill the conversion cache for every DOC/WPS of ``todo`` (the child's whole work)."""
    import tempfile
    from pathlib import Path

    from pipeline.readers.convert_batch import convert_into_cache

    pending = word_binaries(raw, todo)
    with tempfile.TemporaryDirectory(prefix="xxgk-soffice-ahead-") as tmp:
        profile = Path(tmp) / "profile"
        retry: list[bytes] = []
        for size in _sizes():
            batch = retry[:size]
            retry = retry[size:]
            batch += list(islice(pending, size - len(batch)))
            if not batch:
                return
            outcome = convert_into_cache(batch, profile=profile)
            left = set(outcome.left)
            retry += [d for d in batch if _sha(d) in left]


def _sizes() -> Iterator[int]:
    yield from BATCH_SIZES
    while True:
        yield BATCH_SIZES[-1]


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _child(raw: RawStore, todo: list[list[dict]]) -> None:
    # SIGTERM from the parent ends the batch in flight: convert_batch kills its soffice
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when the run stops
    convert_ahead(raw, todo)


class AheadConversion:
    """``with AheadConversion(raw, todo):`` around the workers; started before they fork (a
    process, not a thread: forking a process that runs threads is unsafe)."""

    def __init__(self, raw: RawStore, todo: list[list[dict]]) -> None:
        self.process = multiprocessing.get_context("fork").Process(
            target=_child, args=(raw, todo), daemon=True)

    def __enter__(self) -> AheadConversion:
        self.process.start()
        return self

    def __exit__(self, *exc) -> None:
        # whatever it still converts, the workers have already done without it
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
