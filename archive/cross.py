"""Archive-level checks (report-format.md §6.8–6.9): consecutive years of one agency.

The rules themselves are pure functions in ``pipeline.checks.cross`` (``cross_year_checks(prev,
cur)``); this module finds the pairs, rebuilds their Reports from the archive and stores the
results like any other check (``level = 'archive'``, attached to the later report). The same
rules are also published as SQL views (``check_x_01``…, archive/views.py).
"""

from __future__ import annotations

import sqlite_utils

from archive.load import CHECK_COLUMNS, check_tuples, report_from_db
from pipeline.checks.cross import cross_year_checks, duplicate_checks
from pipeline.model import Report


def run_archive_checks(db: sqlite_utils.Database, report_ids: list[str] | None = None) -> int:
    """Recompute the stored archive-level checks; returns how many rows were written.

    ``None`` recomputes every consecutive-year pair and every cross-agency twin
    (``--recheck-all``). Given the reports a run stored, only the pairs and twins they can
    change: every year pair of their agencies (a new version of one report changes which
    reports pair up), and every twin of them or of their agencies' reports."""
    with db.atomic():
        if report_ids is None:
            agencies = twins = ""
            db.execute("DELETE FROM checks WHERE level = 'archive'")
        else:
            mark_touched_agencies(db, report_ids)
            agencies = " WHERE agency_id IN (SELECT agency_id FROM temp.touched_agencies)"
            twins = (" WHERE agency_id IN (SELECT agency_id FROM temp.touched_agencies) OR "
                     "other_agency_id IN (SELECT agency_id FROM temp.touched_agencies)")
            db.execute("DELETE FROM checks WHERE level = 'archive' AND report_id IN "
                       "(SELECT report_id FROM temp.touched_reports)")
            # a twin's H-02 sits on the other agency's report, its scope naming both agencies
            db.execute("DELETE FROM checks WHERE level = 'archive' AND check_id = 'H-02' AND "
                       "EXISTS (SELECT 1 FROM reports r JOIN temp.touched_reports t "
                       "USING (report_id) WHERE r.agency_name_printed IS NOT NULL AND "
                       "(checks.scope LIKE r.agency_name_printed || ' | %' OR "
                       "checks.scope LIKE '% | ' || r.agency_name_printed))")
        year_pairs = [(p["prev_report_id"], p["report_id"], cross_year_checks)
                      for p in db.query(f"SELECT report_id, prev_report_id FROM report_pairs"
                                        f"{agencies}")]
        twin_pairs = [(p["scope"], p["report_id"], duplicate_checks) for p in
                      db.query(f"SELECT report_id, scope FROM check_h_02{twins}")]
        count = 0
        cache: dict[str, Report] = {}
        replace = (f"INSERT OR REPLACE INTO checks ({', '.join(CHECK_COLUMNS)}) "
                   f"VALUES ({', '.join('?' * len(CHECK_COLUMNS))})")

        def report(report_id: str) -> Report:
            if report_id not in cache:
                cache[report_id] = report_from_db(db, report_id)
            return cache[report_id]

        for other_id, report_id, rule in year_pairs + twin_pairs:
            rows = check_tuples(report_id, rule(report(other_id), report(report_id)))
            # a report's later instance of a (check, scope) replaces an earlier one
            db.conn.executemany(replace, rows)
            count += len(rows)
    return count


def mark_touched_agencies(db: sqlite_utils.Database, report_ids: list[str]) -> None:
    """temp.touched_agencies: the agencies of these reports; temp.touched_reports: every
    report of those agencies."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS touched_ids (report_id TEXT PRIMARY KEY)")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS touched_agencies (agency_id PRIMARY KEY)")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS touched_reports (report_id TEXT PRIMARY KEY)")
    for table in ("touched_ids", "touched_agencies", "touched_reports"):
        db.execute(f"DELETE FROM temp.{table}")
    db.conn.executemany("INSERT OR IGNORE INTO temp.touched_ids VALUES (?)",
                        [(r,) for r in report_ids])
    db.execute("INSERT OR IGNORE INTO temp.touched_agencies SELECT DISTINCT r.agency_id FROM "
               "reports r JOIN temp.touched_ids t USING (report_id) "
               "WHERE r.agency_id IS NOT NULL")
    db.execute("INSERT OR IGNORE INTO temp.touched_reports SELECT r.report_id FROM reports r "
               "WHERE r.agency_id IN (SELECT agency_id FROM temp.touched_agencies)")
    db.execute("INSERT OR IGNORE INTO temp.touched_reports SELECT report_id FROM "
               "temp.touched_ids")


def touched_reports(db: sqlite_utils.Database, report_ids: list[str]) -> list[str]:
    """Every report whose archive-level checks a run storing ``report_ids`` can change."""
    with db.atomic():
        mark_touched_agencies(db, report_ids)
        ids = {r[0] for r in db.execute("SELECT report_id FROM temp.touched_reports")}
        ids |= {r[0] for r in db.execute(
            "SELECT report_id FROM check_h_02 WHERE agency_id IN (SELECT agency_id FROM "
            "temp.touched_agencies) OR other_agency_id IN (SELECT agency_id FROM "
            "temp.touched_agencies)")}
    return sorted(ids)


def mark_pending(db: sqlite_utils.Database, report_id: str) -> None:
    """``report_id`` was stored (or became current): its archive checks are to be computed,
    by this run or, if it dies first, by the next one."""
    db.conn.execute("INSERT OR IGNORE INTO pending_archive_checks VALUES (?)", [report_id])


def with_pending(db: sqlite_utils.Database, report_ids: list[str]) -> list[str]:
    """``report_ids`` and the reports a run that did not finish left pending, once each."""
    pending = [r for (r,) in db.conn.execute(
        "SELECT report_id FROM pending_archive_checks JOIN reports USING (report_id)")]
    return list(dict.fromkeys([*report_ids, *pending]))


def clear_pending(db: sqlite_utils.Database, report_ids: list[str]) -> None:
    """After the archive checks and check_disagreements of ``report_ids`` are stored."""
    with db.atomic():
        db.conn.executemany("DELETE FROM pending_archive_checks WHERE report_id = ?",
                            [(r,) for r in report_ids])
        db.conn.execute("DELETE FROM pending_archive_checks WHERE report_id NOT IN "
                        "(SELECT report_id FROM reports)")
