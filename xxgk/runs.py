"""Bookkeeping of runs: the lock that keeps runs from overlapping, `crawl_runs` rows, logs.

Every run (manual, scheduled or demo) takes the same lock file, so a manual `xxgk run` and the
nightly job never overlap, and records itself in the archive's `crawl_runs` table, also when it
is skipped, missed or interrupted, so no night disappears silently.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
from datetime import UTC, datetime
from typing import Any

import filelock

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


def run_lock(cfg: Config) -> filelock.FileLock:
    path = cfg.path("lock_file")
    path.parent.mkdir(parents=True, exist_ok=True)
    return filelock.FileLock(str(path), timeout=0)


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
