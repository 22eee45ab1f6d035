"""`xxgk status`: what happened lately and what needs attention, at a glance."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta

import click

from archive.schema import open_database
from xxgk.config import load_config
from xxgk.runs import mark_interrupted_runs
from xxgk.scheduling import next_run_time

#: a healthy archive has a successful run at least this recent
STALE_AFTER = timedelta(hours=48)


def _count(db, sql: str) -> int | None:
    try:
        return next(iter(db.execute(sql).fetchone()), 0)
    except Exception:  # the table is created by `xxgk process`; absent before the first one
        return None


def gather(cfg) -> dict:
    mark_interrupted_runs(cfg)
    db = open_database(cfg.path("database"))
    try:
        runs = list(db.query(
            "select * from crawl_runs order by started_at desc, run_id desc limit 10"))
        counts = {
            "reports": _count(db, "select count(*) from reports"),
            "captures": _count(db, "select count(*) from captures"),
            "checks": _count(db, "select count(*) from checks"),
            "failing_checks": _count(db, "select count(*) from checks where status = 'fail'"),
            "reports_with_failures": _count(
                db, "select count(distinct report_id) from checks where status = 'fail'"),
            "check_disagreements": _count(db, "select count(*) from check_disagreements"),
        }
    finally:
        db.close()
    attention: list[str] = []
    last_ok = next((r for r in runs if r["kind"] == "run" and r["status"] == "ok"), None)
    if last_ok is None:
        attention.append("no successful run recorded yet")
    elif datetime.fromisoformat(last_ok["started_at"]) < datetime.now(UTC) - STALE_AFTER:
        attention.append(f"last successful run is older than 48 h ({last_ok['started_at']})")
    for r in runs:
        if r["status"] in ("failed", "interrupted", "missed", "skipped"):
            attention.append(f"{r['kind']} {r['run_id']}: {r['status']}"
                             + (f" — {_message(r)}" if _message(r) else ""))
        for kind, n in json.loads(r.get("errors") or "{}").items():
            if n:
                attention.append(f"{r['kind']} {r['run_id']}: {n} × {kind}")
    if counts["failing_checks"]:
        attention.append(f"{counts['failing_checks']} failing checks in "
                         f"{counts['reports_with_failures']} reports (see the failing-checks query)")
    if counts["check_disagreements"]:
        attention.append(f"{counts['check_disagreements']} stored checks disagree with their SQL "
                         "recomputation (see the check_disagreements table)")
    return {"runs": runs, "next_run": next_run_time(cfg), "counts": counts,
            "attention": attention}


def _message(row: dict) -> str:
    return json.loads(row.get("summary") or "{}").get("message", "")


@click.command()
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="config.toml to use (default: $XXGK_CONFIG or ./config.toml).")
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def status(config_path: str | None, as_json: bool) -> None:
    """Last runs and their summaries, next scheduled run, counts, what needs attention.

    Exit code 0 when nothing needs attention, 1 otherwise.
    """
    info = gather(load_config(config_path))
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        sys.exit(1 if info["attention"] else 0)
    click.echo("Last runs:")
    for r in info["runs"] or [{"run_id": "(none)"}]:
        summary = json.loads(r.get("summary") or "{}")
        figures = ", ".join(f"{k}={r[k]}" for k in ("pages", "new_captures", "new_reports",
                                                      "new_versions") if r.get(k) is not None)
        click.echo(f"  {r.get('started_at') or '':25} {r.get('kind') or '':8} "
                   f"{r.get('status') or '':12} {r['run_id']}  {figures}"
                   + (f"  {summary['steps']}" if "steps" in summary else ""))
    click.echo(f"Next scheduled run: {info['next_run'] or 'no schedule (start `xxgk schedule`)'}")
    c = info["counts"]
    click.echo("Archive: " + ", ".join(f"{k.replace('_', ' ')} {'—' if v is None else v}"
                                       for k, v in c.items()))
    if info["attention"]:
        click.echo("Needs attention:")
        for line in info["attention"]:
            click.echo(f"  ! {line}")
        sys.exit(1)
    click.echo("Nothing needs attention.")
