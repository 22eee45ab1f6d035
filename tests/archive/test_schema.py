from __future__ import annotations

import random

import pytest
import sqlite_utils
from sqlite_utils.migrations import Migrations

from archive import schema
from archive.load import Provenance, load_report
from replica.synthetic import make_report


def test_an_archive_at_the_raw_migration_upgrades_in_place(tmp_path):
    path = tmp_path / "old.db"
    old = Migrations("xxgk-archive")
    old()(schema.m010_raw_side)
    db = sqlite_utils.Database(path)
    old.apply(db)
    db["captures"].insert({"url": "http://x.test/a.html", "sha256": "ab" * 32, "kind": "article"})
    assert "reports" not in db.table_names()
    db.close()

    upgraded = schema.open_database(path)
    assert {"reports", "cells", "checks", "check_reviews", "reports_fts"} <= set(
        upgraded.table_names())
    assert upgraded.execute("SELECT url FROM captures").fetchall() == [("http://x.test/a.html",)]
    applied = [r[0] for r in upgraded.execute("SELECT name FROM _sqlite_migrations")]
    assert applied[0] == "m010_raw_side"
    assert {"m020_pipeline_tables", "m021_report_search", "m022_tables_fingerprint"} <= set(
        applied)
    # opening again applies nothing twice
    assert schema.open_database(path).execute(
        "SELECT COUNT(*) FROM _sqlite_migrations").fetchone()[0] == len(applied)


def test_an_archive_from_before_m014_and_m024_upgrades_in_place(tmp_path):
    path = tmp_path / "old.db"
    old = Migrations("xxgk-archive")
    for migration in schema.migrations._migrations:
        if migration.name not in ("m014_capture_parent_index", "m024_report_content_hash"):
            old(name=migration.name)(migration.fn)
    db = sqlite_utils.Database(path)
    old.apply(db)
    rid = "cd" * 32
    db["reports"].insert({"report_id": rid, "year": 2022, "is_current": 1})
    assert "content_hash" not in db["reports"].columns_dict
    db.close()

    upgraded = schema.open_database(path)
    indexes = {tuple(i.columns) for i in upgraded["captures"].indexes}
    assert ("parent_capture_id",) in indexes
    # the fingerprint is unknown until `xxgk process --recheck-all` extracts it again
    assert upgraded.execute("SELECT report_id, content_hash FROM reports").fetchall() == [
        (rid, None)]


def test_load_replaces_all_rows_of_a_report_or_none(tmp_path):
    db = schema.open_database(tmp_path / "a.db")
    report, _ = make_report(random.Random(1), "威海市文登区人民政府", 2021)
    load_report(db, report, Provenance("v1", "2026-01-01"))
    before = db.execute("SELECT COUNT(*), SUM(value) FROM cells").fetchone()
    assert before[0] > 100

    report.tables["applications"]["granted"]["natural_person"].value = 999
    report.claims[0].value = object()  # cannot be stored: the whole load must roll back
    with pytest.raises(Exception):
        load_report(db, report, Provenance("v2", "2026-01-02"))
    assert db.execute("SELECT COUNT(*), SUM(value) FROM cells").fetchone() == before
    assert db.execute("SELECT extractor_version FROM reports").fetchone()[0] == "v1"


def test_foreign_keys_cascade_from_reports(tmp_path):
    db = schema.open_database(tmp_path / "a.db")
    report, _ = make_report(random.Random(2), "威海市文登区人民政府", 2020)
    rid = load_report(db, report, Provenance("v1", "2026-01-01"))
    db.execute("DELETE FROM reports WHERE report_id = ?", [rid])
    for table in ("cells", "checks", "sections", "claims"):
        assert db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
