"""Many DOC/WPS converted by one LibreOffice start, into the conversion cache.

Starting soffice costs ≈ 2 CPU s, converting one report once it runs ≈ 0.2 s: one start per
file made DOC/WPS the slowest documents of a run. ``convert_into_cache`` hands a list of
files to one ``soffice --convert-to`` and stores every DOCX in the cache that ``doc_to_docx``
reads (convert.py) as soon as it is written, while the batch goes on: the first result of a
batch of hundreds is there after one start-up and one file. Each file of a batch has an
in-flight mark in the cache (``pending/<sha256>``, holding this process's id) until it is
cached or given up, so that an extraction that reaches it waits for that file, not for the
batch. It never fails a document: a file LibreOffice skips, or the one it hangs on, is
simply not cached, and the extraction converts it alone and reports why it failed, naming
it. The machine-wide LibreOffice lock is held for the whole batch; a batch is stopped when
no file came out for one conversion time-out, or after two time-outs in all, so a waiting
extraction is never held longer than its own lock wait (convert.LOCK_WAIT_TIMEOUTS).
"""

from __future__ import annotations

import hashlib
import io
import os
import signal
import subprocess
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.readers import convert
from pipeline.readers.cachefile import store
from pipeline.readers.convert_env import soffice_env

#: seconds between looks at the output folder while soffice runs
POLL_S = 0.2


@dataclass
class BatchOutcome:
    converted: list[str] = field(default_factory=list)  # sha256 now in the cache
    #: sha256 LibreOffice did not convert (could not open, or the batch was stopped at it)
    skipped: list[str] = field(default_factory=list)
    #: sha256 not reached because the batch was stopped: worth another batch
    left: list[str] = field(default_factory=list)
    stopped: str | None = None  # why the batch was stopped, if it was


def convert_into_cache(files: list[bytes], *, profile: Path | None = None,
                       soffice: str | None = None, timeout: float | None = None
                       ) -> BatchOutcome:
    """Convert the Word binaries among ``files`` that are not cached yet, in one soffice run.
    ``profile``: a LibreOffice profile folder to reuse between batches (a fresh one costs
    about a second more at start-up)."""
    from filelock import FileLock, Timeout

    exe = convert.find_soffice(soffice or convert.soffice_command())
    timeout = float(timeout or convert.conversion_timeout())
    todo = {}
    for data in files:
        sha = hashlib.sha256(data).hexdigest()
        cached = convert.cache_path_for(sha)
        if cached is not None and not cached.is_file() and convert.is_word_binary(data):
            todo[sha] = data
    outcome = BatchOutcome()
    if not todo or exe is None:
        outcome.skipped = list(todo)
        return outcome
    try:
        with FileLock(str(convert.LOCK_PATH), timeout=timeout), \
                tempfile.TemporaryDirectory(prefix="xxgk-soffice-batch-") as tmp:
            # an extraction may have converted some while this waited for the lock
            todo = {sha: d for sha, d in todo.items()
                    if not convert.cache_path_for(sha).is_file()}
            marks = [mark_in_flight(sha) for sha in todo]
            try:
                if todo:
                    _run(exe, todo, Path(tmp), profile or Path(tmp) / "profile", timeout,
                         outcome)
            finally:
                for mark in marks:
                    mark.unlink(missing_ok=True)
    except Timeout:
        outcome.left = list(todo)
        outcome.stopped = f"LibreOffice busy for more than {timeout:.0f} s"
    return outcome


def _run(exe: str, todo: dict[str, bytes], tmp: Path, profile: Path, timeout: float,
         outcome: BatchOutcome) -> None:
    inputs, out_dir = tmp / "in", tmp / "out"
    inputs.mkdir()
    order = list(todo)
    for sha in order:
        (inputs / f"{sha}.doc").write_bytes(todo[sha])
    cmd = [exe, "--headless", "--norestore", "--nologo",
           f"-env:UserInstallation={profile.as_uri()}",
           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out_dir),
           *(str(inputs / f"{sha}.doc") for sha in order)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, env=soffice_env(tmp))
    started = last_output = time.monotonic()
    seen = 0
    try:
        while proc.poll() is None:
            time.sleep(POLL_S)
            count = _harvest(order, out_dir, outcome)
            now = time.monotonic()
            if count != seen:
                seen, last_output = count, now
            if now - last_output > timeout or now - started > 2 * timeout:
                outcome.stopped = (f"no file converted for {timeout:.0f} s"
                                   if now - last_output > timeout
                                   else f"batch over {2 * timeout:.0f} s")
                break
    finally:  # stopped, or this process told to end (SystemExit, KeyboardInterrupt)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # soffice forks; end the group we started
            proc.wait()
    _collect(order, out_dir, outcome)


def _harvest(order: list[str], out_dir: Path, outcome: BatchOutcome) -> int:
    """Cache the DOCX files written completely since the last look (LibreOffice converts in
    the order it was given); files before the last one written that have none were skipped:
    their waiting extractions may go on. Returns how many outputs there are."""
    if not out_dir.is_dir():
        return 0
    written = {path.stem for path in out_dir.glob("*.docx")}
    done = set(outcome.converted) | set(outcome.skipped)
    for position, sha in enumerate(order):
        if sha in done or sha not in written:
            continue
        data = (out_dir / f"{sha}.docx").read_bytes()
        if not _complete_zip(data):
            continue  # still being written: next look
        store(convert.cache_path_for(sha), data)
        outcome.converted.append(sha)
        convert.pending_path_for(sha).unlink(missing_ok=True)
        for earlier in order[:position]:
            if earlier not in written and earlier not in done:
                convert.pending_path_for(earlier).unlink(missing_ok=True)
    return len(written)


def _collect(order: list[str], out_dir: Path, outcome: BatchOutcome) -> None:
    """Cache every complete DOCX not cached yet; sort the others into skipped and left (when
    stopped)."""
    produced = [sha for sha in order if (out_dir / f"{sha}.docx").is_file()]
    last = order.index(produced[-1]) if produced else -1
    for position, sha in enumerate(order):
        if sha in outcome.converted:
            continue
        path = out_dir / f"{sha}.docx"
        data = path.read_bytes() if path.is_file() else b""
        if data and _complete_zip(data):
            store(convert.cache_path_for(sha), data)
            outcome.converted.append(sha)
        elif outcome.stopped and position > last + 1:
            outcome.left.append(sha)  # after the file it stopped at: never tried
        else:
            outcome.skipped.append(sha)


def mark_in_flight(sha: str) -> Path:
    """The in-flight mark of ``sha`` (convert.wait_for_batch reads it), for this process; a
    batch removes the marks of its files when it is done with them."""
    mark = convert.pending_path_for(sha)
    try:
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.write_text(str(os.getpid()), encoding="ascii")
    except OSError:
        pass  # without its mark an extraction only waits for the lock, as before
    return mark


def _complete_zip(data: bytes) -> bool:
    """A DOCX written to the end (a batch stopped while writing leaves a torn one)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.testzip() is None
    except (zipfile.BadZipFile, OSError, EOFError):
        return False
