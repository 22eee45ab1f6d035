"""The nightly schedule: APScheduler 3 with a persistent job store.

Why each setting: the SQLite job store keeps the next fire time across restarts, so a scheduler
that was down (machine off, killed) runs a missed night once on start (``coalesce``) if it is
within ``misfire_grace_time`` (hours, not APScheduler's default of one second), and never repeats
a run it already started (the next fire time is stored before the job runs). Each run is a
separate `xxgk run` process: Scrapy's reactor is not restartable, and the run takes the same lock
file as a manual run, so the two can never overlap.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from zoneinfo import ZoneInfo

from apscheduler.events import (EVENT_JOB_ERROR, EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED,
                                JobEvent)
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from xxgk.config import Config
from xxgk.runs import log, record_event

JOB_ID = "nightly"
#: set when the scheduler is asked to stop: the running job terminates its run cleanly
stopping = threading.Event()


def cron_trigger(expr: str, timezone: str) -> CronTrigger:
    """A crontab expression; six fields means seconds first (used by tests for short periods)."""
    fields = expr.split()
    tz = ZoneInfo(timezone)
    if len(fields) == 5:
        return CronTrigger.from_crontab(expr, timezone=tz)
    if len(fields) == 6:
        second, minute, hour, day, month, dow = fields
        return CronTrigger(second=second, minute=minute, hour=hour, day=day, month=month,
                           day_of_week=dow, timezone=tz)
    raise ValueError(f"schedule.cron: expected 5 (or 6) fields, got {expr!r}")


def scheduled_run(config_path: str | None) -> int:
    """The job: one `xxgk run --trigger schedule` process (importable by reference)."""
    cmd = [sys.executable, "-m", "xxgk", "run", "--trigger", "schedule"]
    if config_path:
        cmd += ["--config", config_path]
    proc = subprocess.Popen(cmd)
    while proc.poll() is None:
        if stopping.wait(0.5):
            proc.terminate()
            try:
                proc.wait(120)
            except subprocess.TimeoutExpired:
                proc.kill()
            break
    return proc.wait()


def build_scheduler(cfg: Config, config_path: str | None) -> BackgroundScheduler:
    """A started-but-paused scheduler holding exactly one job; call ``resume()`` to run it."""
    sched_cfg = cfg["schedule"]
    jobs_db = cfg.path("jobs_database")
    jobs_db.parent.mkdir(parents=True, exist_ok=True)
    scheduler = BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(url=f"sqlite:///{jobs_db}")},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": int(float(sched_cfg["misfire_grace_hours"]) * 3600),
        },
        timezone=ZoneInfo(sched_cfg["timezone"]),
    )

    def on_event(event: JobEvent) -> None:
        if event.code == EVENT_JOB_MISSED:
            message = f"run due at {event.scheduled_run_time} missed beyond the grace time"
            record_event(cfg, "run", "schedule", "missed", message)
        elif event.code == EVENT_JOB_MAX_INSTANCES:
            record_event(cfg, "run", "schedule", "skipped",
                         f"run due at {event.scheduled_run_time}: previous run still going")
        elif event.code == EVENT_JOB_ERROR:
            log.error("scheduled run raised: %s", event.exception)
        log.warning("scheduler event %s for %s", event.code, event.scheduled_run_time)

    scheduler.add_listener(on_event, EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES | EVENT_JOB_ERROR)
    scheduler.start(paused=True)

    trigger = cron_trigger(sched_cfg["cron"], sched_cfg["timezone"])
    existing = scheduler.get_job(JOB_ID)
    # keep a stored job (and its next fire time, possibly in the past = a missed night) unless
    # the schedule itself changed
    if existing is None or str(existing.trigger) != str(trigger) or existing.args != (config_path,):
        scheduler.add_job(scheduled_run, trigger, args=[config_path], id=JOB_ID,
                          name="crawl + process", replace_existing=True)
    return scheduler


def next_run_time(cfg: Config) -> str | None:
    """The stored next fire time of the nightly job, without starting a scheduler."""
    jobs_db = cfg.path("jobs_database")
    if not jobs_db.exists():
        return None
    store = SQLAlchemyJobStore(url=f"sqlite:///{jobs_db}")
    try:
        when = store.get_next_run_time()
        return when.isoformat() if when else None
    finally:
        store.shutdown()
