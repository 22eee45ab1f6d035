"""Scrapy ``JOBDIR`` folders, kept only when the process that wrote them shut down cleanly.

Scrapy saves its request queues on a graceful stop (Ctrl-C, SIGTERM, end of crawl): the queue
sizes (LIFO file headers, FIFO ``info.json``, ``active.json``) are written in the scheduler's
``close``. After ``kill -9`` they are not: a LIFO queue file may even be left at zero bytes
(its header still in the dead process's buffer), and the next run then fails on every request
pushed to that queue and silently drops it (its whole walk below the list pages). A dead
process's queue holds nothing the archive needs either: its captures are not from a completed
run, so the next crawl walks every list again. Hence a job folder carries an owner file while
in use; one whose owner died without removing it is discarded, never resumed.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from archive.runs import pid_alive

log = logging.getLogger(__name__)

#: written when a run starts using a job folder, removed when Scrapy has shut down cleanly
OWNER_FILE = "xxgk-owner.pid"


def _owner(jobdir: Path) -> int | None:
    try:
        return int((jobdir / OWNER_FILE).read_text().strip() or 0)
    except FileNotFoundError:
        return None
    except ValueError:
        return 0  # torn by a kill while being written: the owner is gone


def claim(jobdir: Path) -> Path:
    """Make ``jobdir`` ours: discard it first if a process died while using it."""
    owner = _owner(jobdir)
    if owner is not None and owner != os.getpid() and not pid_alive(owner):
        log.warning("%s: left by a crawl that did not shut down (pid %s): discarded, the "
                    "lists are walked again", jobdir, owner or "?")
        shutil.rmtree(jobdir)
    jobdir.mkdir(parents=True, exist_ok=True)
    (jobdir / OWNER_FILE).write_text(str(os.getpid()))
    return jobdir


def release(jobdir: Path) -> None:
    """Scrapy has closed: the saved queue is consistent and may be resumed by the next run."""
    (jobdir / OWNER_FILE).unlink(missing_ok=True)
