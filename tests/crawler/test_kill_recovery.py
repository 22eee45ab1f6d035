"""After kill -9, what the dead crawl left behind never costs the next crawl a report."""

from __future__ import annotations

import signal
import subprocess
import time
from datetime import datetime, timedelta, timezone

from scrapy.pqueues import _path_safe

from tests.crawler.conftest import crawl_cmd, db, env, report_urls, run_crawl, write_config


def archived_reports(folder) -> set[str]:
    return {r[0] for r in db(folder).execute("select final_url from captures where is_report = 1")}


def kill_after_first_capture(config) -> None:
    proc = subprocess.Popen(crawl_cmd(config), cwd=config.parent, env=env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            if db(config.parent).execute("select count(*) from captures").fetchone()[0]:
                break
        except Exception:  # noqa: BLE001 - database not created yet
            continue
    assert proc.poll() is None, "crawl finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def test_queue_files_torn_by_kill_are_not_resumed(tmp_path):
    """The failure once seen under load: killed while a portal's LIFO request queue file still
    had its header in the process's buffer, the file is left at zero bytes; resuming it, Scrapy
    failed on every push to that queue and the next crawl lost the whole portal's reports."""
    from replica.server import start_replica

    replica = start_replica(port=0, reports=40)
    try:
        config = write_config(tmp_path, replica)
        kill_after_first_capture(config)
        now = datetime.now(timezone.utc)
        for entry in replica.portal_entries():
            for day in (now, now + timedelta(days=1)):  # the re-crawl may start after midnight
                queue = (tmp_path / "data" / "jobs" / entry["name"] / f"{day:%Y-%m-%d}"
                         / "requests.queue" / _path_safe(entry["domain"]))
                queue.mkdir(parents=True, exist_ok=True)
                (queue / "0").write_bytes(b"")  # priority 0: where article requests go
        summary = run_crawl(config)
        assert summary["status"] == "ok"
        assert report_urls(replica) - archived_reports(tmp_path) == set()
    finally:
        replica.stop()


def test_unlabelled_capture_labelled_when_served_again_in_full(tmp_path):
    """A crawl killed between archiving a report and recognising it leaves an unlabelled row;
    a server that ignores conditional requests serves the same bytes again (200, not 304):
    the row is labelled then, not skipped as already known."""
    from replica.server import start_replica

    replica = start_replica(port=0, reports=30)
    try:
        config = write_config(tmp_path, replica)
        assert run_crawl(config)["status"] == "ok"
        conn = db(tmp_path)
        with conn:  # what the killed run leaves: not completed, nothing labelled, no validators
            conn.execute("update crawl_runs set status = 'interrupted'")
            conn.execute("update captures set is_report = 0, title = null, headers = '{}'")
        assert archived_reports(tmp_path) == set()
        assert run_crawl(config)["status"] == "ok"
        assert report_urls(replica) - archived_reports(tmp_path) == set()
    finally:
        replica.stop()
