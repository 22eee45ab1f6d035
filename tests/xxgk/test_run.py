"""`xxgk run`, `xxgk status` and `xxgk demo` as an operator uses them: real processes, a real
replica on loopback, a real archive."""

from __future__ import annotations

import json
import re
import urllib.request

import filelock
import sqlite_utils

from tests.xxgk.conftest import start_xxgk, wait_for, write_config, xxgk

SMALL_REPLICA = """
[replica]
enabled = true
base_port = 0
reports = 24
faults = {faults}

[crawl]
max_download_mb = 8  # the replica's oversized attachment is 12 MiB
"""


def replica_config(workdir, faults=(), steps=("crawl", "process")):
    return write_config(workdir, steps=list(steps),
                        extra=SMALL_REPLICA.format(faults=json.dumps(list(faults))))


def test_run_crawls_and_processes_the_replica_and_status_is_clean(workdir):
    replica_config(workdir)
    done = xxgk("run", cwd=workdir, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    status = xxgk("status", "--json", cwd=workdir)
    info = json.loads(status.stdout)
    kinds = {r["kind"]: r["status"] for r in info["runs"]}
    assert kinds["run"] == "ok" and kinds["crawl"] == "ok"
    assert info["counts"]["reports"] > 0 and info["counts"]["checks"] > 0
    # the replica's corpus includes deliberately broken reports: status points at them
    assert any("failing checks" in line for line in info["attention"])


def test_status_shows_the_faults_of_a_crawl_plainly(workdir):
    replica_config(workdir, faults=["all"], steps=["crawl"])
    xxgk("run", cwd=workdir, timeout=900)
    shown = xxgk("status", cwd=workdir)
    assert shown.returncode == 1
    assert "Needs attention:" in shown.stdout
    for kind in ("blocked", "5xx", "too-large", "off-allowlist", "truncated"):
        assert re.search(rf"\d+ × {kind}", shown.stdout), (kind, shown.stdout)


def test_run_while_another_holds_the_lock_exits_3_and_is_recorded(workdir):
    write_config(workdir)
    (workdir / "data").mkdir()
    with filelock.FileLock(str(workdir / "data" / "xxgk.lock")):
        busy = xxgk("run", cwd=workdir)
    assert busy.returncode == 3
    assert "another run holds" in busy.stderr
    db = sqlite_utils.Database(workdir / "data" / "archive.db")
    assert [r["status"] for r in db.query("select status from crawl_runs")] == ["skipped"]


def test_demo_serves_the_crawled_replica(workdir):
    replica_config(workdir)
    port = 8960
    proc = start_xxgk("demo", "--port", str(port), cwd=workdir)
    lines: list[str] = []
    try:
        url = wait_for(lambda: _served_url(proc, lines), 900, interval=0)
        assert url == f"http://127.0.0.1:{port}/", "".join(lines)[-3000:]
        page = wait_for(lambda: _get(url + "archive/reports.json?_shape=array&_size=5"), 60)
        assert page and json.loads(page), "".join(lines)[-3000:]
    finally:
        proc.terminate()
        proc.wait(60)
    # the demo became the server: stopping it leaves nothing listening
    assert _get(url) is None


def _served_url(proc, lines: list[str]) -> str | None:
    line = proc.stdout.readline()
    lines.append(line)
    match = re.search(r"served at (http://\S+)", line)
    return match.group(1) if match else None


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode("utf-8")
    except OSError:
        return None
