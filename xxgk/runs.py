"""Bookkeeping of runs: the lock that keeps runs from overlapping, `crawl_runs` rows, logs.

Every run (manual, scheduled or demo) takes the same lock file, so a manual `xxgk run` and the
nightly job never overlap, and records itself in the archive's `crawl_runs` table, also when it
is skipped, missed or interrupted, so no night disappears silently.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import logging
import logging.handlers
import os
import signal
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archive import runs as archive_runs
from archive.rawstore import utcnow
from archive.schema import open_database
from xxgk.config import Config

log = logging.getLogger("xxgk")

#: exit codes of `xxgk run` (and `xxgk schedule` for a second scheduler)
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3


def setup_logging(cfg: Config, name: str = "xxgk.log") -> None:
    """Log to a rotating file under paths.log_dir (and keep warnings on stderr)."""
    log_dir = cfg.path("log_dir")
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_dir / name, maxBytes=5 * 1024 * 1024, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == handler.baseFilename for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)


class RunLock:
    """An exclusive ``flock`` on ``paths.lock_file`` that the whole step tree holds.

    flock belongs to the open file, not to the process: every step is started with the locked
    descriptor inherited (``inherit_fds``), so the lock stays taken while any process of the run
    is alive. A ``kill -9`` of `xxgk run` therefore cannot hand the lock to a second run while
    its crawl goes on; and each step is asked to end when its run process dies (see
    ``die_with_parent``), after which the lock is free again. filelock's FileLock takes the same
    kind of lock on the same file, so either side sees the other.
    """

    def __init__(self, path: Path) -> None:
        self.lock_file = str(path)
        self.fd: int | None = None

    def acquire(self) -> bool:
        Path(self.lock_file).parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())  # for a person looking at the file
        self.fd = fd
        return True

    def inherit_fds(self) -> tuple[int, ...]:
        return (self.fd,) if self.fd is not None else ()

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)  # for every holder: only once the steps ended
            os.close(self.fd)
            self.fd = None


def run_lock(cfg: Config) -> RunLock:
    return RunLock(cfg.path("lock_file"))


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> Callable[[], None]:
    """A ``preexec_fn`` that makes the kernel send SIGTERM to the step when its run process
    dies, however it dies (Linux ``prctl``); a run already dead before that is noticed too."""
    # looked up before the fork: the child of a threaded parent must not load libraries
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        prctl = None  # not Linux: the inherited lock still keeps a second run out

    def preexec() -> None:
        if prctl is not None:
            prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent_pid:
            os._exit(EXIT_FAILED)
    return preexec


class RunRecord:
    """One row of `crawl_runs`, written when a run starts and completed when it ends."""

    def __init__(self, cfg: Config, kind: str, trigger: str) -> None:
        self.cfg = cfg
        self.run_id = f"{kind}-{datetime.now(UTC):%Y%m%dT%H%M%S}-{os.getpid()}"
        self.row: dict[str, Any] = {
            "run_id": self.run_id, "kind": kind, "trigger": trigger, "started_at": utcnow(),
            "status": "running", "pid": os.getpid(),
        }

    def _write(self) -> None:
        db = open_database(self.cfg.path("database"))
        try:
            db["crawl_runs"].upsert(self.row, pk="run_id", alter=True)
        finally:
            db.close()

    def start(self) -> RunRecord:
        self._write()
        return self

    def finish(self, status: str, *, exit_code: int, summary: dict[str, Any] | None = None,
               errors: dict[str, int] | None = None) -> None:
        self.row.update(status=status, exit_code=exit_code, finished_at=utcnow(),
                        summary=json.dumps(summary or {}, ensure_ascii=False),
                        errors=json.dumps(errors or {}, ensure_ascii=False))
        self._write()


def record_event(cfg: Config, kind: str, trigger: str, status: str, message: str) -> str:
    """A run that never started (skipped because busy, missed while the machine was off)."""
    record = RunRecord(cfg, kind, trigger)
    record.row["pid"] = None
    record.finish(status, exit_code=EXIT_BUSY if status == "skipped" else EXIT_FAILED,
                  summary={"message": message})
    return record.run_id


def mark_interrupted_runs(cfg: Config) -> int:
    """Runs left 'running' by a process that no longer exists were interrupted (kill -9, power)."""
    db = open_database(cfg.path("database"))
    try:
        return archive_runs.mark_interrupted_runs(db)
    finally:
        db.close()
