"""`crawl_runs` housekeeping shared by the crawler and the operator commands.

A run records its pid while ``running``; a row still ``running`` whose process no longer exists
was cut short (kill -9, power loss, OOM) and is marked ``interrupted``, so that its captures
never count as the work of a completed run.
"""

from __future__ import annotations

import os

import sqlite_utils

from archive.rawstore import utcnow


def pid_alive(pid: int | None) -> bool:
    """Whether a process with this pid exists (one owned by another user counts as alive)."""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def mark_interrupted_runs(db: sqlite_utils.Database) -> int:
    """Mark `running` rows whose process is gone as `interrupted`; return how many."""
    stale = [r for r in db.query("select run_id, pid from crawl_runs where status = 'running'")
             if not pid_alive(r["pid"])]
    for r in stale:
        db["crawl_runs"].update(r["run_id"], {"status": "interrupted", "finished_at": utcnow()})
    return len(stale)
