"""Issue 17 case 8: the run lock is held by the whole step tree.

Reproduced as reported: `xxgk run` (crawl of a real replica on loopback) is killed with SIGKILL
while its crawl step runs. The step is stopped (SIGSTOP) first so that it is certainly still
alive while we look: the lock must stay taken, a second `xxgk run` must refuse to start, and once
the step may run again it must end by itself (it was told to when its run died) and the lock
comes free; the killed run's row ends up `interrupted`, never `running`.

Two kernel rules would end the stopped step early and make the test prove nothing: a fatal
signal ends even a stopped process (so we stop it only once it handles SIGTERM), and a stopped
member of an orphaned process group gets SIGHUP + SIGCONT (so this process adopts the orphan).
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import signal
import subprocess
import sys
from pathlib import Path

import sqlite_utils

from tests.xxgk.conftest import REPO, wait_for, xxgk
from tests.xxgk.test_run import replica_config


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


def _crawl_step(pid: int) -> int | None:
    """The `xxgk crawl` child of ``pid`` once it has been exec'd (a forked copy of the parent,
    or a helper, is not it)."""
    for child in _children(pid):
        try:
            if b"crawl" in Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0"):
                return child
        except OSError:
            continue
    return None


def _catches_sigterm(pid: int) -> bool:
    """Whether the step handles SIGTERM yet (Scrapy's graceful stop). Before that, the kernel
    would end it at once on the SIGTERM its run's death sends, even while stopped."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = int(next(line.split()[1] for line in status.splitlines()
                      if line.startswith("SigCgt:")), 16)
    return bool(caught >> (signal.SIGTERM - 1) & 1)


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


_PR_SET_CHILD_SUBREAPER = 36


@contextlib.contextmanager
def _adopting_orphans():
    """This test process adopts the orphaned step (Linux child subreaper). Without it the step
    is re-parented to init, its process group becomes orphaned, and the kernel sends a stopped
    member SIGHUP + SIGCONT (POSIX job control), which would end it before we look."""
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    try:
        yield
    finally:
        prctl(_PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_killed_run_keeps_its_lock_until_its_steps_end_and_is_marked_interrupted(workdir):
    replica_config(workdir, steps=("crawl",))
    lock = workdir / "data" / "xxgk.lock"
    with _adopting_orphans():
        _scenario(workdir, lock)
    _check_rows(workdir)


def _scenario(workdir: Path, lock: Path) -> None:
    # a process group of its own (same session), as a shell job or a systemd unit would be
    parent = subprocess.Popen([sys.executable, "-m", "xxgk", "run"], cwd=workdir,
                              env={**os.environ, "PYTHONPATH": str(REPO)}, process_group=0,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    child = None
    try:
        child = wait_for(lambda: _crawl_step(parent.pid), timeout=60, interval=0.02)
        assert child, "the crawl step never started"
        assert wait_for(lambda: _catches_sigterm(child), timeout=60, interval=0.02)
        os.kill(child, signal.SIGSTOP)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(30)
        assert _alive(child)
        assert not _lock_is_free(lock)  # the orphan still holds the run's lock
        second = xxgk("run", cwd=workdir, timeout=120)
        assert second.returncode == 3 and "another run holds" in second.stderr, second.stderr
        os.kill(child, signal.SIGCONT)  # the SIGTERM queued at the run's death arrives now
        assert wait_for(lambda: not _alive(child), timeout=120), "the orphaned step ran on"
        _reap(child)
        child = None
        assert wait_for(lambda: _lock_is_free(lock), timeout=10)
    finally:
        if child is not None and _alive(child):
            os.kill(child, signal.SIGKILL)
            wait_for(lambda: not _alive(child), timeout=30)
            _reap(child)
        if parent.poll() is None:
            parent.kill()
            parent.wait(30)


def _check_rows(workdir: Path) -> None:
    status = xxgk("status", "--json", cwd=workdir)
    assert status.returncode in (0, 1), status.stderr
    db = sqlite_utils.Database(workdir / "data" / "archive.db")
    runs = {r["run_id"]: r for r in db.query("select run_id, kind, status, pid from crawl_runs")}
    killed = [r for r in runs.values() if r["kind"] == "run" and r["pid"] is not None]
    assert [r["status"] for r in killed] == ["interrupted"]
    assert [r["status"] for r in runs.values() if r["kind"] == "run" and r["pid"] is None] \
        == ["skipped"]
    assert not [r for r in runs.values() if r["status"] == "running"]
