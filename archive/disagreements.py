"""The ``check_disagreements`` table: stored checks whose SQL recomputation (the ``check_*``
views) differs, or that have no SQL instance. It must stay empty (tested).

Comparing every stored check with its view is a full pass over the archive (minutes at 100,000
reports), so it is not a view: ``xxgk process`` refreshes the rows of what it just stored —
document checks of the reports it loaded, archive checks whenever it recomputes them — and
readers get a table lookup.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

#: check views recomputing document checks (they change only when their report is stored) and
#: archive checks (recomputed by every ``xxgk process``)
DOCUMENT_CHECK_VIEWS = ("check_t3_01", "check_t3_02", "check_t3_03", "check_t4_01")
ARCHIVE_CHECK_VIEWS = ("check_x_01", "check_x_02", "check_h_02")

#: check view -> the cell every instance hangs on (table, row, col; "scope" = the instance scope)
ANCHORS = {
    "check_t3_01": ("applications", "'results_total'", "s.scope"),
    "check_t3_02": ("applications", "'results_total'", "s.scope"),
    "check_t3_03": ("applications", "s.scope", "'total'"),
    "check_t4_01": ("review_litigation", "s.scope", "'total'"),
    "check_x_01": ("applications", "'carried_over'", "s.scope"),
}

COLUMNS = ("check_id", "report_id", "scope", "stored_status", "view_status", "stored_expected",
           "view_expected", "stored_actual", "view_actual")


def check_id(view: str) -> str:
    return view.removeprefix("check_").upper().replace("_", "-")


def comparisons(view: str, one_report: bool) -> list[str]:
    """SELECTs of COLUMNS for one check view; for the report ``:report_id`` only if asked
    (a parameter, not an IN list: SQLite pushes only simple terms into grouped views)."""
    cid = check_id(view)

    def only(alias: str) -> str:
        return f" AND {alias}.report_id = :report_id" if one_report else ""

    selects = [f"""
SELECT '{cid}', v.report_id, v.scope, s.status, v.status, s.expected, v.expected, s.actual,
       v.actual
FROM {view} v
CROSS JOIN checks s  -- CROSS: SQLite keeps the view as the outer loop
  ON s.report_id = v.report_id AND s.check_id = '{cid}' AND s.scope = v.scope
WHERE s.status <> v.status{only("v")}"""]
    if view in ANCHORS:
        # a stored judgement without the cell its instance hangs on
        table, row, col = ANCHORS[view]
        selects.append(f"""
SELECT '{cid}', s.report_id, s.scope, s.status, NULL, s.expected, NULL, s.actual, NULL
FROM checks s
WHERE s.check_id = '{cid}' AND s.status <> 'not_assessable'{only("s")}
  AND NOT EXISTS (SELECT 1 FROM cells a WHERE a.report_id = s.report_id
                  AND a.table_id = '{table}' AND a.row_key = {row} AND a.col_key = {col})""")
    return selects


def refresh_disagreements(db: sqlite_utils.Database, views: Iterable[str],
                          report_ids: Iterable[str] | None = None) -> int:
    """Recompute the disagreements of these check views for these reports (a full pass when
    None); returns how many rows it wrote."""
    views = list(views)
    ids = ", ".join(f"'{check_id(v)}'" for v in views)
    insert = f"INSERT OR REPLACE INTO check_disagreements ({', '.join(COLUMNS)})"
    count = 0
    with db.atomic():
        if report_ids is None:
            db.execute(f"DELETE FROM check_disagreements WHERE check_id IN ({ids})")
            for view in views:
                for select in comparisons(view, one_report=False):
                    count += db.execute(f"{insert} {select}").rowcount
            return count
        statements = [f"{insert} {select}" for view in views
                      for select in comparisons(view, one_report=True)]
        for report_id in dict.fromkeys(report_ids):  # a report stored twice in a run: once
            param = {"report_id": report_id}
            db.execute(f"DELETE FROM check_disagreements WHERE report_id = :report_id "
                       f"AND check_id IN ({ids})", param)
            for statement in statements:
                count += db.execute(statement, param).rowcount
    return count
