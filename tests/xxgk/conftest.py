"""Helpers for the operator tests: a private config and real `xxgk` processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def write_config(directory: Path, *, cron: str = "0 2 * * *", steps: list[str] | None = None,
                 grace_hours: float = 6, extra: str = "") -> Path:
    steps = steps if steps is not None else ["process"]
    path = directory / "config.toml"
    path.write_text(
        f"""
[paths]
data_dir = "data"
database = "data/archive.db"
jobs_database = "data/jobs.sqlite"
log_dir = "data/logs"
lock_file = "data/xxgk.lock"
warc_dir = "data/warc"
files_dir = "data/files"

[run]
steps = {steps!r}

[schedule]
cron = "{cron}"
timezone = "Asia/Shanghai"
misfire_grace_hours = {grace_hours}
run_timeout_hours = 1
{extra}
""".replace("'", '"'),
        encoding="utf-8",
    )
    return path


def xxgk(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "xxgk", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def start_xxgk(*args: str, cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "xxgk", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_for(predicate, timeout: float, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return tmp_path
