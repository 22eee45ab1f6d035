"""`xxgk schedule`: the nightly scheduler, in the foreground (run it under systemd or cron @reboot)."""

from __future__ import annotations

import signal
import sys
import threading
from typing import Any

import click
import filelock

from xxgk.config import load_config
from xxgk.runs import EXIT_BUSY, log, mark_interrupted_runs, setup_logging
from xxgk.scheduling import JOB_ID, build_scheduler, stopping


@click.command()
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="config.toml to use (default: $XXGK_CONFIG or ./config.toml).")
def schedule(config_path: str | None) -> None:
    """Run crawl + process on the cron schedule of config.toml until SIGTERM/SIGINT.

    Only one scheduler runs per archive (exit code 3 otherwise). A night missed while the
    machine was off runs once on start if it is within schedule.misfire_grace_hours.
    """
    cfg = load_config(config_path)
    setup_logging(cfg, "scheduler.log")
    lock_path = cfg.path("lock_file").with_suffix(".scheduler.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(str(lock_path), timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        click.echo(f"xxgk schedule: another scheduler holds {lock_path}", err=True)
        sys.exit(EXIT_BUSY)

    mark_interrupted_runs(cfg)
    scheduler = build_scheduler(cfg, config_path)
    done = threading.Event()

    def stop(signum: int, _frame: Any) -> None:
        log.info("scheduler: signal %s, shutting down", signum)
        stopping.set()
        done.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    scheduler.resume()
    job = scheduler.get_job(JOB_ID)
    click.echo(f"xxgk schedule: cron {cfg['schedule']['cron']!r} ({cfg['schedule']['timezone']}), "
               f"next run {job.next_run_time if job else 'none'}; Ctrl-C to stop", err=True)
    log.info("scheduler started; next run %s", job.next_run_time if job else None)
    while not done.wait(1):
        pass
    scheduler.shutdown(wait=True)
    lock.release()
    click.echo("xxgk schedule: stopped", err=True)
