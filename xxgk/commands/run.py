"""`xxgk run`: one crawl and one process now, under the run lock, recorded in `crawl_runs`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

import click

from xxgk.config import Config, load_config
from xxgk.runs import (EXIT_BUSY, EXIT_FAILED, EXIT_OK, RunLock, RunRecord, die_with_parent, log,
                       mark_interrupted_runs, record_event, run_lock, setup_logging)


def step_command(step: str, config_path: str | None, sites: tuple[str, ...] = ()) -> list[str]:
    cmd = [sys.executable, "-m", "xxgk", step]
    if config_path:
        cmd += ["--config", config_path]
    if step == "crawl":
        for site in sites:
            cmd += ["--site", site]
    return cmd


def _run_step(cmd: list[str], timeout: float, lock: RunLock) -> int:
    """Run one step holding the run lock with us, forwarding SIGTERM/SIGINT to it so it can
    stop cleanly, and ended by the kernel if this process dies."""
    proc = subprocess.Popen(cmd, pass_fds=lock.inherit_fds(),
                            preexec_fn=die_with_parent(os.getpid()))
    forwarded = False

    def forward(signum: int, _frame: Any) -> None:
        nonlocal forwarded
        forwarded = True
        proc.send_signal(signum)

    old = {s: signal.signal(s, forward) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        deadline = time.monotonic() + timeout
        while proc.poll() is None:
            if time.monotonic() > deadline:
                log.error("step timed out after %.0f s: %s", timeout, " ".join(cmd))
                proc.terminate()
                try:
                    proc.wait(60)
                except subprocess.TimeoutExpired:
                    proc.kill()
                return 124
            time.sleep(0.2)
        return -signal.SIGTERM if forwarded and proc.returncode == 0 else proc.returncode
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)


def execute_run(cfg: Config, config_path: str | None, *, trigger: str,
                sites: tuple[str, ...] = ()) -> int:
    """Run every step of ``run.steps`` once, each an `xxgk` subcommand in its own process
    (Scrapy's reactor cannot be restarted, and a crashing step must not take the run down);
    returns an exit code (EXIT_BUSY when another run holds the lock)."""
    setup_logging(cfg)
    lock = run_lock(cfg)
    if not lock.acquire():
        message = f"another run holds {lock.lock_file}; not started"
        log.warning(message)
        mark_interrupted_runs(cfg)  # a run killed while its steps still end holds no row open
        record_event(cfg, "run", trigger, "skipped", message)
        click.echo(f"xxgk run: {message}", err=True)
        return EXIT_BUSY
    try:
        mark_interrupted_runs(cfg)
        record = RunRecord(cfg, "run", trigger).start()
        steps = cfg["run"]["steps"]
        timeout = float(cfg["schedule"]["run_timeout_hours"]) * 3600
        results: dict[str, int] = {}
        log.info("run %s started (%s): %s", record.run_id, trigger, ", ".join(steps))
        for step in steps:
            click.echo(f"xxgk run: {step}…", err=True)
            code = _run_step(step_command(step, config_path, sites), timeout, lock)
            results[step] = code
            if code != 0:
                break
        interrupted = any(code < 0 for code in results.values())
        ok = len(results) == len(steps) and all(code == 0 for code in results.values())
        status = "ok" if ok else "interrupted" if interrupted else "failed"
        record.finish(status, exit_code=EXIT_OK if ok else EXIT_FAILED,
                      summary={"steps": results},
                      errors={f"step_{s}": 1 for s, c in results.items() if c != 0})
        log.info("run %s finished: %s %s", record.run_id, status, results)
        click.echo(f"xxgk run: {status} ({', '.join(f'{s}={c}' for s, c in results.items())})",
                   err=True)
        return EXIT_OK if ok else EXIT_FAILED
    finally:
        lock.release()


@click.command()
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="config.toml to use (default: $XXGK_CONFIG or ./config.toml).")
@click.option("--trigger", type=click.Choice(["manual", "schedule", "demo"]), default="manual",
              show_default=True, help="What started this run (recorded in crawl_runs).")
@click.option("--site", "sites", multiple=True, help="Crawl only this portal (repeatable).")
def run(config_path: str | None, trigger: str, sites: tuple[str, ...]) -> None:
    """Crawl and process now, once.

    Exit codes: 0 done, 1 a step failed or was interrupted, 3 another run is in progress.
    """
    cfg = load_config(config_path)
    sys.exit(execute_run(cfg, config_path, trigger=trigger, sites=sites))
