"""Run corpus files through the real ``xxgk extract`` in batches, one process per batch, and
record each batch's outcome lines, wall time and peak resident memory (``wait4``'s rusage of
the batch, forked from a small wrapper)."""

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


#: a small process that runs the batch and writes its peak RSS (kB): forked from this small
#: wrapper, the batch's maxrss starts near zero instead of at the test runner's size
_MEASURE = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
open(sys.argv[1], "w").write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


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
    command = [sys.executable, "-m", "xxgk", "extract", "--out", str(out), *map(str, files)]
    if not ocr:
        command.insert(4, "--no-ocr")
    peak_file = out / "peak_kb.txt"
    args = [sys.executable, "-c", _MEASURE, str(peak_file), *command]
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
    del usage  # the wrapper's own: a forked child's maxrss starts at its parent's (pytest's)
    batch.peak_mb = float(peak_file.read_text() or 0) / 1024 if peak_file.exists() else 0.0
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
