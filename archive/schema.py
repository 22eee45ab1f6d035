"""The SQLite archive: every table, in numbered migrations, applied in place.

One migration set; raw-side migrations (written by the crawler side) are numbered m01x, the
pipeline side's m02x and later. Never edit an applied migration: add a new one.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from archive.disagreements import ARCHIVE_CHECK_VIEWS, DOCUMENT_CHECK_VIEWS, refresh_disagreements

migrations = Migrations("xxgk-archive")

#: page cache of a connection, KiB (SQLite allocates it as pages are read)
CACHE_KIB = 65536


def open_database(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the archive and bring its schema up to date."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=30000")
    # a report's cells and checks land on a few hundred pages of their indexes, all over them:
    # with SQLite's default 2 MB of cache a batch re-reads most of them from the file
    db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
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


@migrations()
def m012_capture_fetched_from(db: sqlite_utils.Database) -> None:
    # where the bytes really came from when it was not the canonical URL (host map: replica, proxy)
    db["captures"].add_column("fetched_from", str)


@migrations()
def m013_crawl_checks(db: sqlite_utils.Database) -> None:
    # a discovered portal's row says whether its probe was answered: a run killed between
    # the row and the probe left a row that later runs skipped for good (issue 17 case 6)
    db["portals"].add_column("probed_at", str)
    db["portals"].add_column("probe_status", str)  # ok, or the probe's error kind
    # the records of each list as last walked, compared record by record on the next walk
    db["list_records"].create(
        {"list_url": str, "url": str, "position": int, "title": str, "date": str, "run_id": str},
        pk=("list_url", "url"),
    )
    # when each document URL was last asked (200 or 304): the rolling revalidation takes
    # the least recently checked first
    db["url_checks"].create({"url": str, "portal": str, "checked_at": str}, pk="url")
    db["url_checks"].create_index(["portal", "checked_at"])


@migrations()
def m014_capture_parent_index(db: sqlite_utils.Database) -> None:
    # process counts each group's pictures by the page that showed them
    # (archive.process.group_weights): without it every run scanned all captures
    db["captures"].create_index(["parent_capture_id"], if_not_exists=True)


# --- pipeline side: written by `xxgk process` (archive/load.py, archive/process.py) -------------


@migrations()
def m020_pipeline_tables(db: sqlite_utils.Database) -> None:
    db["agencies"].create(
        {
            "agency_id": int,
            "name": str,  # as printed in the report title, the agency's identity
            "level": str,  # city, county, township, department, dev_zone
            "parent_id": int,
            "area_code": str,  # 统一社会信用代码, when known
            "portal": str,  # portals.name, when known (no FK: portals may be learnt later)
            "rule_making_power": int,  # 1 only for governments that may make 规章 (立法法)
            "deadline": str,  # MM-DD overriding the level's configured deadline, or null
        },
        pk="agency_id",
        foreign_keys=[("parent_id", "agencies", "agency_id")],
    )
    db["agencies"].create_index(["name"], unique=True)
    # Art. 49 deadlines by agency level, copied from config.toml at every process run
    db["deadline_rules"].create({"level": str, "deadline": str}, pk="level")
    db["reports"].create(
        {
            "report_id": str,  # sha256 of the document the tables were extracted from
            "agency_id": int,
            "year": int,
            "title": str,
            "agency_name_printed": str,
            "format": str,
            "applications_variant": str,
            "source_url": str,
            "source_path": str,
            "media_type": str,
            "source_kind": str,  # html, docx, pdf, ocr, text
            "source_capture_id": int,
            "companion_sha256": str,  # the article page or attachment that was not used
            "published_date": str,
            "published_date_source": str,  # page, signature, first_seen
            "first_seen": str,
            "period_start": str,
            "period_end": str,
            "cited_notice": str,
            "portal_urls": str,  # JSON list
            "extractor_version": str,
            "is_current": int,  # 1 = the latest version of its report URL
            "cell_count": int,
            "text": str,  # plain text for full-text search
        },
        pk="report_id",
        foreign_keys=[
            ("agency_id", "agencies", "agency_id"),
            ("source_capture_id", "captures", "capture_id"),
        ],
    )
    db["reports"].create_index(["agency_id", "year"])
    db["reports"].create_index(["year"])
    db["reports"].create_index(["source_url"])
    db["report_versions"].create(
        {
            "source_url": str,  # the address the report is published under
            "version": int,  # 1, 2, … in order of first sighting
            "report_id": str,
            "first_seen": str,
        },
        pk=("source_url", "version"),
        foreign_keys=[("report_id", "reports", "report_id")],
    )
    db["report_versions"].create_index(["report_id"])
    db["documents"].create(
        {
            "sha256": str,
            "media_type": str,
            "size": int,
            "capture_id": int,  # first capture holding this body
            "url": str,
            "outcome": str,  # report, companion, not_report, error (sighting: m024)
            "error": str,
            "report_id": str,  # the report this document produced or accompanies
            "extractor_version": str,
            "processed_at": str,
        },
        pk="sha256",
        foreign_keys=[("capture_id", "captures", "capture_id")],
    )
    db["documents"].create_index(["outcome"])
    _report_child(db, "sections", {"number": int, "heading": str, "present": int}, ("number",))
    _report_child(
        db,
        "cells",
        {
            "table_id": str,
            "row_key": str,
            "col_key": str,
            "art20_item": int,
            "value": float,
            "raw": str,
            "semantic": str,
            "unit": str,
            "locator": str,
            "source_kind": str,
        },
        ("table_id", "row_key", "col_key"),
    )
    db["cells"].create_index(["table_id", "row_key", "col_key"])
    _report_child(
        db,
        "claims",
        {"seq": int, "key": str, "value": float, "unit": str, "approximate": int,
         "section": int, "text": str},
        ("seq",),
    )
    db["claims"].create_index(["key"])
    _report_child(
        db,
        "checks",
        {
            "check_id": str,
            "scope": str,  # '' when the check has no scope (JSON null)
            "family": str,  # CELL, T3, T4, T2, N, S, X, H
            "level": str,  # document or archive
            "status": str,
            "expected": float,
            "actual": float,
            "message": str,
            "rule_version": str,
            "inputs_hash": str,
        },
        ("check_id", "scope"),
    )
    db["checks"].create_index(["status"])
    db["checks"].create_index(["check_id", "status"])
    _report_child(db, "warnings", {"seq": int, "text": str}, ("seq",))
    # human review of one check instance; keyed by inputs_hash so it outlives re-processing
    # exactly as long as the inputs it judged stay the same (no FK: it must survive reloads)
    db["check_reviews"].create(
        {
            "report_id": str,
            "check_id": str,
            "scope": str,
            "inputs_hash": str,
            "human_status": str,  # pending, confirmed, dismissed
            "note": str,
            "reviewer": str,
            "reviewed_at": str,
        },
        pk=("report_id", "check_id", "scope", "inputs_hash"),
    )
    db["check_catalogue"].create(
        {
            "check_id": str,
            "family": str,
            "level": str,
            "scope": str,
            "rule_version": str,
            "title_en": str,
            "title_zh": str,
        },
        pk="check_id",
    )


def _report_child(
    db: sqlite_utils.Database, name: str, columns: dict, key: tuple[str, ...]
) -> None:
    """A table of rows belonging to one report, deleted with it (ON DELETE CASCADE).

    WITHOUT ROWID: the rows are stored in primary-key order (report, table, row, col…), so a
    report's cells are one contiguous range and a cell one lookup, with no second copy of the
    key in a separate index (cells reach tens of millions of rows)."""
    cols = {"report_id": str, **columns}
    db[name].create(cols, pk=("report_id", *key))
    # sqlite-utils cannot declare ON DELETE CASCADE, so the FK goes in through a rebuild
    sql = db[name].schema.rstrip().rstrip(")")
    sql += (",\n   FOREIGN KEY([report_id]) REFERENCES [reports]([report_id]) ON DELETE CASCADE\n)"
            " WITHOUT ROWID")
    # NUMERIC keeps counts as integers (3, not 3.0) and amounts as decimals
    sql = sql.replace(" REAL", " NUMERIC")
    db.execute(f"DROP TABLE [{name}]")
    db.execute(sql)


@migrations()
def m021_report_search(db: sqlite_utils.Database) -> None:
    # trigram: the default tokenizer sees a run of Chinese characters as one word (3+ chars;
    # shorter queries go through the LIKE canned query `search_short`)
    db["reports"].enable_fts(["title", "text"], tokenize="trigram", create_triggers=True)


@migrations()
def m022_tables_fingerprint(db: sqlite_utils.Database) -> None:
    # sha256 of a report's numeric cells: identical tables under two agencies (H-02)
    db["reports"].add_column("tables_hash", str)
    db["reports"].create_index(["tables_hash"])


@migrations()
def m023_stored_disagreements(db: sqlite_utils.Database) -> None:
    # was a view: comparing every stored check with SQL is a full pass, so process now stores
    # the result for what it loads (archive/disagreements.py)
    db.execute("DROP VIEW IF EXISTS check_disagreements")
    db["check_disagreements"].create(
        {
            "check_id": str,
            "report_id": str,
            "scope": str,
            "stored_status": str,
            "view_status": str,  # NULL: the view has no instance for the stored check
            "stored_expected": float,
            "view_expected": float,
            "stored_actual": float,
            "view_actual": float,
        },
        pk=("report_id", "check_id", "scope"),
    )
    # an archive processed before this migration: compare what it holds once, with the check
    # views it has, or the table would stay empty however its checks stand
    views = DOCUMENT_CHECK_VIEWS + ARCHIVE_CHECK_VIEWS
    if set(views) <= set(db.view_names()):
        refresh_disagreements(db, views)


@migrations()
def m024_report_content_hash(db: sqlite_utils.Database) -> None:
    # what the report says, apart from the bytes around it (archive/versions.py): a new body
    # under a known address is a new version only when this differs. Left NULL here: the
    # section prose it covers is not stored, so `xxgk process --recheck-all` re-extracts the
    # versions that lack it and folds those that turn out unchanged
    db["reports"].add_column("content_hash", str)


@migrations()
def m025_version_returns(db: sqlite_utils.Database) -> None:
    # an address that goes back to bytes it served before (an edit reverted: A, C, A) gets a
    # version row for the return, naming the earlier report again; 1 marks such a row, so
    # that `report_versions` lists what the address served in order and its last row is
    # current (archive/versions.py). Rows of older archives are first sightings: 0
    db["report_versions"].add_column("returned", int, not_null_default=0)


@migrations()
def m026_search_follows_title_and_text(db: sqlite_utils.Database) -> None:
    # the trigger m021 made re-indexed a report's whole text (trigram: a term per character)
    # on every UPDATE of its row, is_current included: storing a version re-tokenised its text
    # five times. The index holds title and text only, so only a change of those touches it
    db.execute("DROP TRIGGER IF EXISTS [reports_au]")
    db.execute("""
CREATE TRIGGER [reports_au] AFTER UPDATE OF [title], [text] ON [reports]
WHEN old.[title] IS NOT new.[title] OR old.[text] IS NOT new.[text] BEGIN
  INSERT INTO [reports_fts] ([reports_fts], rowid, [title], [text])
    VALUES('delete', old.rowid, old.[title], old.[text]);
  INSERT INTO [reports_fts] (rowid, [title], [text]) VALUES (new.rowid, new.[title], new.[text]);
END""")


@migrations()
def m027_pending_archive_checks(db: sqlite_utils.Database) -> None:
    # reports stored whose archive checks and check_disagreements rows are not computed yet:
    # written with the report, cleared once they are (archive/cross.py). A run killed
    # between its last batch and its archive checks left them missing for good when the
    # next run stored nothing of the same agencies
    db["pending_archive_checks"].create({"report_id": str}, pk="report_id")
