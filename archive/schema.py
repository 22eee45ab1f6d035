"""The SQLite archive: every table, in numbered migrations, applied in place.

One migration set; raw-side migrations (written by the crawler side) are numbered m01x, the
pipeline side's m02x and later. Never edit an applied migration: add a new one.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

migrations = Migrations("xxgk-archive")


def open_database(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the archive and bring its schema up to date."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=30000")
    migrations.apply(db)
    return db


# --- raw side: written by the crawler -----------------------------------------------------------


@migrations()
def m010_raw_side(db: sqlite_utils.Database) -> None:
    db["portals"].create(
        {
            "name": str,  # short slug, e.g. "wendeng"
            "domain": str,  # the real host, e.g. "www.wendeng.gov.cn"
            "base_url": str,  # where it is fetched from (the real site or the replica)
            "title": str,
            "cms": str,  # "hanweb", "unknown"…
            "source": str,  # "config" or "discovered"
            "discovered_from": str,  # URL of the report whose header named it
            "first_seen": str,
            "last_crawled": str,
        },
        pk="name",
    )
    db["crawl_runs"].create(
        {
            "run_id": str,
            "kind": str,  # crawl, process, run
            "trigger": str,  # manual, schedule, demo
            "started_at": str,
            "finished_at": str,
            "status": str,  # running, ok, failed, interrupted, missed
            "sites": str,  # JSON list of portal names
            "requests": int,
            "pages": int,
            "new_captures": int,
            "new_reports": int,
            "new_versions": int,
            "errors": str,  # JSON {kind: count}
            "summary": str,  # JSON of the whole end-of-run summary
            "pid": int,
            "exit_code": int,
        },
        pk="run_id",
    )
    db["captures"].create(
        {
            "capture_id": int,
            "run_id": str,
            "portal": str,
            "url": str,
            "final_url": str,
            "method": str,
            "status": int,
            "headers": str,  # JSON of the response headers
            "content_type": str,
            "sha256": str,  # of the decoded body, also its name in the content-addressed store
            "size": int,
            "warc_file": str,  # relative to paths.warc_dir
            "warc_offset": int,
            "warc_length": int,
            "fetched_at": str,  # ISO 8601 UTC
            "kind": str,  # list, column, article, module, attachment, image, robots, other
            "referer": str,
            "parent_capture_id": int,  # the article page that linked this attachment/image
            "is_report": int,  # the crawler recognised a report (title/metadata)
            "title": str,
            "published": str,  # date shown on the article page, if any
            "note": str,  # blocked, challenge, truncated, not_modified…
        },
        pk="capture_id",
        foreign_keys=[("run_id", "crawl_runs", "run_id")],
    )
    db["captures"].create_index(["url"])
    db["captures"].create_index(["sha256"])
    db["captures"].create_index(["run_id"])


@migrations()
def m011_capture_lookup(db: sqlite_utils.Database) -> None:
    # the crawler looks captures up by final URL (conditional requests, de-duplication)
    db["captures"].create_index(["final_url", "status"])
