"""Archive-level checks (report-format.md §6.8–6.9): consecutive years of one agency.

The rules themselves are pure functions in ``pipeline.checks.cross`` (``cross_year_checks(prev,
cur)``); this module finds the pairs, rebuilds their Reports from the archive and stores the
results like any other check (``level = 'archive'``, attached to the later report). The same
rules are also published as SQL views (``check_x_01``…, archive/views.py).
"""

from __future__ import annotations

import importlib
import json

import sqlite_utils

from archive.load import check_rows
from pipeline.model import Cell, Claim, Report, Section, Source


def report_from_db(db: sqlite_utils.Database, report_id: str) -> Report:
    r = next(db.query("SELECT * FROM reports WHERE report_id = ?", [report_id]))
    report = Report(
        source=Source(r["report_id"], r["media_type"] or "", r["source_path"], r["source_url"]),
        format=r["format"] or "unknown", title=r["title"], agency=r["agency_name_printed"],
        year=r["year"], published_date=r["published_date"],
        period={"start": r["period_start"], "end": r["period_end"]} if r["period_start"] else None,
        applications_variant=r["applications_variant"],
        portal_urls=json.loads(r["portal_urls"] or "[]"))
    where = [report_id]
    for s in db.query("SELECT * FROM sections WHERE report_id = ? ORDER BY number", where):
        report.sections.append(Section(s["number"], s["heading"], bool(s["present"])))
    for c in db.query("SELECT * FROM cells WHERE report_id = ?", where):
        report.tables.setdefault(c["table_id"], {}).setdefault(c["row_key"], {})[c["col_key"]] = (
            Cell(c["value"], c["raw"], c["semantic"], c["locator"]))
    for c in db.query("SELECT * FROM claims WHERE report_id = ? ORDER BY seq", where):
        report.claims.append(Claim(c["key"], c["value"], c["unit"], bool(c["approximate"]),
                                   c["text"] or "", c["section"]))
    return report


def cross_rules():
    """pipeline.checks.cross, or None while the prose side has not landed it."""
    try:
        return importlib.import_module("pipeline.checks.cross")
    except ImportError:
        return None


def run_archive_checks(db: sqlite_utils.Database) -> int:
    """Recompute the stored X checks of every consecutive-year pair; returns how many."""
    rules = cross_rules()
    if rules is None or not hasattr(rules, "cross_year_checks"):
        return 0
    year_pairs = [(p["prev_report_id"], p["report_id"], rules.cross_year_checks)
                  for p in db.query("SELECT report_id, prev_report_id FROM report_pairs")]
    duplicates = getattr(rules, "duplicate_checks", None)
    twin_pairs = [(p["scope"], p["report_id"], duplicates) for p in
                  db.query("SELECT report_id, scope FROM check_h_02")] if duplicates else []
    count = 0
    with db.atomic():
        db.execute("DELETE FROM checks WHERE level = 'archive'")
        for other_id, report_id, rule in year_pairs + twin_pairs:
            rows = check_rows(report_id, rule(report_from_db(db, other_id),
                                              report_from_db(db, report_id)))
            db["checks"].upsert_all(rows, pk=("report_id", "check_id", "scope"))
            count += len(rows)
    return count
