"""Run corpus files through the real ``xxgk extract`` in batches, one process per batch, and
record each batch's outcome lines, wall time and peak resident memory (``wait4``'s rusage of
that very child)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Batch:
    files: list[Path]
    out: Path
    ocr: bool
    returncode: int = 0
    stderr: str = ""
    stdout: str = ""
    seconds: float = 0.0
    peak_mb: float = 0.0
    timed_out: bool = False
    errors: dict[str, str] = field(default_factory=dict)


def run_batch(files: list[Path], out: Path, *, ocr: bool = False,
              timeout: float = 600.0) -> Batch:
    batch = Batch(list(files), out, ocr)
    out.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", "xxgk", "extract", "--out", str(out), *map(str, files)]
    if not ocr:
        args.insert(4, "--no-ocr")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    started = time.monotonic()
    with open(out / "stdout.txt", "w+b") as so, open(out / "stderr.txt", "w+b") as se:
        child = subprocess.Popen(args, cwd=REPO, env=env, stdout=so, stderr=se,
                                 stdin=subprocess.DEVNULL, start_new_session=True)

        def kill() -> None:
            batch.timed_out = True
            os.killpg(child.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        so.seek(0)
        se.seek(0)
        batch.stdout, batch.stderr = so.read().decode("utf-8", "replace"), \
            se.read().decode("utf-8", "replace")
    batch.seconds = time.monotonic() - started
    batch.returncode = child.returncode
    batch.peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    prefix = "xxgk extract: "
    for line in batch.stderr.splitlines():
        for path in batch.files:
            head = f"{prefix}{path}: "
            if line.startswith(head):
                batch.errors[str(path)] = line[len(head):]
                break
    return batch


def batches(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]
