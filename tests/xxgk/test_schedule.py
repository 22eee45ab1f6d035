"""`xxgk schedule` with real APScheduler, real `xxgk run` processes and a real SQLite archive."""

from __future__ import annotations

import signal
import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import filelock
import sqlite_utils

from tests.xxgk.conftest import start_xxgk, wait_for, write_config, xxgk

EVERY_10_SECONDS = "*/10 * * * * *"


def runs(workdir: Path, trigger: str = "schedule") -> list[dict]:
    path = workdir / "data" / "archive.db"
    if not path.exists():
        return []
    db = sqlite_utils.Database(path)
    try:
        return list(db.query("select * from crawl_runs where kind = 'run' and trigger = ? "
                             "order by started_at", [trigger]))
    except sqlite3.OperationalError:  # the first run is still creating the archive
        return []
    finally:
        db.close()


def stop(proc) -> str:
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=120)
    return out


def test_two_scheduled_runs_are_recorded(workdir):
    write_config(workdir, cron=EVERY_10_SECONDS)
    proc = start_xxgk("schedule", cwd=workdir)
    try:
        done = wait_for(lambda: len([r for r in runs(workdir) if r["status"] == "ok"]) >= 2, 90)
    finally:
        out = stop(proc)
    assert done, out
    recorded = runs(workdir)
    assert all(r["finished_at"] and r["exit_code"] == 0 for r in recorded if r["status"] == "ok")
    started = sorted(datetime.fromisoformat(r["started_at"]) for r in recorded)
    assert started[1] - started[0] >= timedelta(seconds=5)
    assert proc.returncode == 0
    assert "stopped" in out


def test_second_scheduler_refuses_to_start(workdir):
    write_config(workdir)
    first = start_xxgk("schedule", cwd=workdir)
    try:
        assert wait_for(lambda: (workdir / "data" / "xxgk.scheduler.lock").exists(), 30)
        second = xxgk("schedule", cwd=workdir, timeout=60)
    finally:
        stop(first)
    assert second.returncode == 3
    assert "another scheduler" in second.stderr


def test_run_due_while_another_run_holds_the_lock_is_skipped_and_recorded(workdir):
    write_config(workdir, cron=EVERY_10_SECONDS)
    (workdir / "data").mkdir()
    manual_run = filelock.FileLock(str(workdir / "data" / "xxgk.lock"))
    with manual_run:
        proc = start_xxgk("schedule", cwd=workdir)
        try:
            skipped = wait_for(lambda: [r for r in runs(workdir) if r["status"] == "skipped"], 60)
        finally:
            out = stop(proc)
    assert skipped, out
    assert not [r for r in runs(workdir) if r["status"] in ("ok", "running")]
    assert "another run" in skipped[0]["summary"]


def _machine_off_over_a_fire_time(workdir: Path, *, off_for: float) -> None:
    """Start the scheduler with one fire time a few seconds ahead, kill -9 it (machine off)
    before that time, and keep it off for ``off_for`` seconds past the fire time."""
    tz = ZoneInfo("Asia/Shanghai")
    # far enough ahead that a scheduler slow to start on a loaded machine is killed before it
    fire = datetime.now(tz).replace(microsecond=0) + timedelta(seconds=20)
    cron = f"{fire.second} {fire.minute} {fire.hour} * * *"
    text = (workdir / "config.toml").read_text(encoding="utf-8")
    (workdir / "config.toml").write_text(text.replace('cron = "0 2 * * *"', f'cron = "{cron}"'),
                                         encoding="utf-8")
    proc = start_xxgk("schedule", cwd=workdir)
    assert wait_for(lambda: (workdir / "data" / "jobs.sqlite").exists(), 5)
    time.sleep(3)
    proc.kill()
    proc.wait()
    assert datetime.now(tz) < fire, "the scheduler was killed after its fire time"
    time.sleep(max(0.0, (fire - datetime.now(tz)).total_seconds()) + off_for)


def test_missed_night_runs_once_on_start_within_grace(workdir):
    write_config(workdir, grace_hours=6)
    _machine_off_over_a_fire_time(workdir, off_for=3)
    assert runs(workdir) == []
    proc = start_xxgk("schedule", cwd=workdir)
    try:
        ran = wait_for(lambda: [r for r in runs(workdir) if r["status"] == "ok"], 60)
        # give a wrongly repeated run the time to show up
        wait_for(lambda: len(runs(workdir)) > 1, 8)
    finally:
        out = stop(proc)
    assert len(ran) == 1, out
    assert len(runs(workdir)) == 1


def test_night_missed_beyond_grace_is_recorded_not_run(workdir):
    write_config(workdir, grace_hours=0.001)  # 3.6 seconds
    _machine_off_over_a_fire_time(workdir, off_for=6)
    proc = start_xxgk("schedule", cwd=workdir)
    try:
        missed = wait_for(lambda: [r for r in runs(workdir) if r["status"] == "missed"], 30)
    finally:
        out = stop(proc)
    assert missed, out
    assert not [r for r in runs(workdir) if r["status"] == "ok"]


def test_killed_scheduler_restarted_neither_loses_nor_repeats(workdir):
    write_config(workdir, cron=EVERY_10_SECONDS)
    first = start_xxgk("schedule", cwd=workdir)
    assert wait_for(lambda: [r for r in runs(workdir) if r["status"] == "ok"], 60)
    first.kill()  # kill -9: no shutdown code runs
    first.wait()
    before = {r["run_id"] for r in runs(workdir)}
    second = start_xxgk("schedule", cwd=workdir)
    try:
        assert wait_for(lambda: len({r["run_id"] for r in runs(workdir)} - before) >= 1, 60)
    finally:
        stop(second)
    recorded = runs(workdir)
    # one run per fire time: no two runs started within the same 10-second slot
    slots = [datetime.fromisoformat(r["started_at"]).replace(microsecond=0) for r in recorded
             if r["status"] in ("ok", "interrupted")]
    assert len({(s.minute, s.second // 10) for s in slots}) == len(slots)
