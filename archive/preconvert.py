"""The DOC/WPS of a `xxgk process` run converted ahead of its workers, many files per
LibreOffice start (pipeline/readers/convert_batch.py).

A child process walks the run's documents in the order the workers take them and fills the
conversion cache, all of them in one LibreOffice start (up to ``MAX_BATCH`` files a start).
Each DOCX is cached as soon as LibreOffice wrote it, so a big batch does not hold back its
first results: 1,000 DOCs show their first report after one start-up and one file. Measured
on the replica's 15 DOC/WPS, one batch of all of them costs one start-up (≈ 2 CPU s) less
for every batch it replaces (the growing batches of 4, 8, 16 it replaced paid three). A
worker that reaches a DOC the batch has not converted yet waits for that file (convert.py),
then finds it in the cache, or converts it alone (a file the batch skipped: it then reports
its own error). A file LibreOffice cannot open costs the batch nothing; the files after one
it hangs on go to the next batch. The run never depends on this process: stopping it, or it
failing, only costs start-ups.
"""

from __future__ import annotations

import multiprocessing
from itertools import islice
import signal
import sys
from collections.abc import Iterator

from archive.rawstore import RawStore

#: files per LibreOffice start at most (what a batch stopped at a hanging file sends again)
MAX_BATCH = 64


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

    from pipeline.readers.convert_batch import convert_into_cache, mark_in_flight

    pending = word_binaries(raw, todo)
    with tempfile.TemporaryDirectory(prefix="xxgk-soffice-ahead-") as tmp:
        profile = Path(tmp) / "profile"
        retry: list[bytes] = []
        while True:
            batch = retry[:MAX_BATCH]
            retry = retry[MAX_BATCH:]
            batch += list(islice(pending, MAX_BATCH - len(batch)))
            if not batch:
                return
            # a worker that gets there before the batch has the lock waits for it
            marks = [mark_in_flight(_sha(data)) for data in batch]
            try:
                outcome = convert_into_cache(batch, profile=profile)
            finally:
                for mark in marks:
                    mark.unlink(missing_ok=True)
            left = set(outcome.left)
            retry += [d for d in batch if _sha(d) in left]


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
