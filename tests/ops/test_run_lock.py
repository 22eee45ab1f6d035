"""Issue 17 case 8: the run lock is held by the whole step tree.

Reproduced as reported: `xxgk run` (crawl of a real replica on loopback) is killed with SIGKILL
while its crawl step runs. The step is stopped (SIGSTOP) first so that it is certainly still
alive while we look: the lock must stay taken, a second `xxgk run` must refuse to start, and once
the step may run again it must end by itself (it was told to when its run died) and the lock
comes free; the killed run's row ends up `interrupted`, never `running`.
"""

from __future__ import annotations

import fcntl
import os
import signal
from pathlib import Path

import sqlite_utils

from tests.ops.conftest import start_xxgk, wait_for, xxgk
from tests.ops.test_run import replica_config


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _lock_is_free(path: Path) -> bool:
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # closing drops a lock we took
    return True


def test_killed_run_keeps_its_lock_until_its_steps_end_and_is_marked_interrupted(workdir):
    replica_config(workdir, steps=("crawl",))
    lock = workdir / "data" / "xxgk.lock"
    parent = start_xxgk("run", cwd=workdir)
    child = None
    try:
        step = wait_for(lambda: _children(parent.pid), timeout=60, interval=0.02)
        assert step, "the crawl step never started"
        child = step[0]
        os.kill(child, signal.SIGSTOP)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(30)
        assert _alive(child)
        assert not _lock_is_free(lock)  # the orphan still holds the run's lock
        second = xxgk("run", cwd=workdir, timeout=120)
        assert second.returncode == 3 and "another run holds" in second.stderr, second.stderr
        os.kill(child, signal.SIGCONT)  # the SIGTERM queued at the run's death arrives now
        assert wait_for(lambda: not _alive(child), timeout=120), "the orphaned step ran on"
        child = None
        assert wait_for(lambda: _lock_is_free(lock), timeout=10)
    finally:
        if child is not None and _alive(child):
            os.kill(child, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()
        parent.stdout.close()
    status = xxgk("status", "--json", cwd=workdir)
    assert status.returncode in (0, 1), status.stderr
    db = sqlite_utils.Database(workdir / "data" / "archive.db")
    runs = {r["run_id"]: r for r in db.query("select run_id, kind, status, pid from crawl_runs")}
    killed = [r for r in runs.values() if r["kind"] == "run" and r["pid"] == parent.pid]
    assert [r["status"] for r in killed] == ["interrupted"]
    assert [r["status"] for r in runs.values() if r["kind"] == "run" and r["pid"] is None] \
        == ["skipped"]
    assert not [r for r in runs.values() if r["status"] == "running"]
