"""SQL views for people who query the archive (report-format.md §9.2).

Performance: a view's first page must come back at once on 100,000 reports, so nothing sorts
the whole cells table. Pivots group by the primary-key prefix (report_id, table_id, row_key) and
write ``+c.table_id`` so SQLite walks the primary key in order instead of the (table, row, col)
index; check views are one row per total cell with primary-key lookups for the parts.

Every key list comes from ``pipeline.template``: the SQL is generated, never retyped. The
``check_*`` views recompute document and archive checks in SQL so anyone can reproduce them in
Datasette; the ``check_disagreements`` table (archive/disagreements.py) holds where they differ
from the stored checks (it must stay empty).
"""

from __future__ import annotations

import sqlite_utils

from archive.check_views import BLANK_OK, document_check_views, sql_list
from pipeline.template import (
    ACTIVE_COLUMNS_2019, ACTIVE_COLUMNS_2021, APPLICANT_COLUMN_KEYS, APPLICATION_COLUMN_KEYS,
    APPLICATION_SUBTOTALS, REVIEW_COLUMN_KEYS, REVIEW_ROW_KEYS,
)

# Art. 49 (report-format.md §1.3): the agency's own deadline, else its level's; for a report
# aliased r, its agency a and deadline_rules d
DUE_DATE = "(r.year + 1) || '-' || COALESCE(a.deadline, d.deadline)"
DEADLINE_STATUS = f"""CASE WHEN COALESCE(a.deadline, d.deadline) IS NULL THEN 'no_deadline'
            WHEN r.published_date IS NULL THEN 'no_date'
            -- the date part only: a page may give 发布时间 with a time of day
            WHEN substr(r.published_date, 1, 10) > {DUE_DATE} THEN 'late'
            ELSE 'on_time' END"""


def pivot(keys, expr: str = "value", prefix: str = "") -> str:
    return ",\n       ".join(
        f"MAX(CASE WHEN col_key = '{k}' THEN {expr} END) AS [{prefix}{k}]" for k in keys)


def active_column_keys() -> list[str]:
    return list(dict.fromkeys(c.key for c in ACTIVE_COLUMNS_2021 + ACTIVE_COLUMNS_2019))


def views() -> dict[str, str]:
    app_cols = APPLICATION_COLUMN_KEYS
    lp = " + ".join(f"[{k}]" for k in APPLICANT_COLUMN_KEYS[1:])
    wide_cols = ", ".join(f"[{k}]" for k in app_cols)
    v: dict[str, str] = {}
    v["applications_wide"] = f"""
SELECT c.report_id, r.agency_id, r.year, r.applications_variant, r.is_current, c.row_key,
       {pivot(app_cols)},
       SUM(c.semantic = 'empty') AS blank_cells
FROM cells c JOIN reports r ON r.report_id = c.report_id
WHERE +c.table_id = 'applications'
GROUP BY c.report_id, c.table_id, c.row_key"""
    derived = []
    for key, rows in APPLICATION_SUBTOTALS.items():
        sums = ", ".join(f"SUM([{k}]) AS [{k}]" for k in app_cols)
        derived.append(f"""
SELECT report_id, agency_id, year, applications_variant, is_current, '{key}' AS row_key, {sums},
       SUM(blank_cells) AS blank_cells, 'derived' AS origin
FROM applications_wide WHERE row_key IN {sql_list(rows)}
GROUP BY report_id HAVING COUNT(*) > 0""")
    v["applications_harmonized"] = f"""
SELECT report_id, agency_id, year, applications_variant, is_current, row_key, {wide_cols},
       {lp} AS legal_person_subtotal, blank_cells, origin
FROM (
SELECT report_id, agency_id, year, applications_variant, is_current, row_key, {wide_cols},
       blank_cells, 'printed' AS origin
FROM applications_wide
UNION ALL""" + "\nUNION ALL".join(derived) + ")"
    v["active_disclosure_wide"] = f"""
SELECT c.report_id, r.agency_id, r.year, r.format, r.is_current, c.row_key,
       MAX(c.art20_item) AS art20_item,
       {pivot(active_column_keys())}
FROM cells c JOIN reports r ON r.report_id = c.report_id
WHERE +c.table_id = 'active_disclosure'
GROUP BY c.report_id, c.table_id, c.row_key"""
    review_cells = ",\n       ".join(
        f"MAX(CASE WHEN row_key = '{p}' AND col_key = '{c}' THEN value END) AS [{p}_{c}]"
        for p in REVIEW_ROW_KEYS for c in REVIEW_COLUMN_KEYS)
    v["review_litigation_wide"] = f"""
SELECT report_id, agency_id, year, is_current, {", ".join(
        f"[{p}_{c}]" for p in REVIEW_ROW_KEYS for c in REVIEW_COLUMN_KEYS)},
       lawsuit_direct_total + lawsuit_after_review_total AS lawsuit_total,
       review_total + lawsuit_direct_total + lawsuit_after_review_total AS all_cases
FROM (
SELECT c.report_id, r.agency_id, r.year, r.is_current,
       {review_cells}
FROM cells c JOIN reports r ON r.report_id = c.report_id
WHERE +c.table_id = 'review_litigation'
GROUP BY c.report_id, c.table_id)"""
    v.update(document_check_views())
    v.update(archive_views())
    return v


def archive_views() -> dict[str, str]:
    v = {}
    # consecutive years of one agency (current versions only). An agency may have two current
    # reports for one year (a copy on another portal, a re-posting): they are the previous
    # year only if their tables agree; if not, which one to compare with would be a guess, so
    # there is no pair (coverage.reports shows the count)
    v["report_pairs"] = """
SELECT cur.report_id, prev.report_id AS prev_report_id, cur.agency_id, cur.year,
       cur.format, prev.format AS prev_format
FROM reports cur
JOIN reports prev ON prev.report_id = (
  SELECT p.report_id FROM reports p
  WHERE p.agency_id = cur.agency_id AND p.year = cur.year - 1 AND p.is_current = 1
  ORDER BY p.published_date DESC, p.report_id DESC LIMIT 1)
WHERE cur.is_current = 1
  AND NOT EXISTS (SELECT 1 FROM reports o WHERE o.agency_id = cur.agency_id
                  AND o.year = cur.year - 1 AND o.is_current = 1
                  AND o.tables_hash IS NOT prev.tables_hash)"""
    v["carry_over_reconciliation"] = """
SELECT p.agency_id, a.name AS agency, p.year, p.report_id, p.prev_report_id, c.col_key,
       f.value AS prev_carried_forward, f.semantic AS prev_semantic,
       c.value AS carried_over, c.semantic,
       COALESCE(c.value, 0) - COALESCE(f.value, 0) AS difference
FROM report_pairs p
JOIN agencies a ON a.agency_id = p.agency_id
JOIN cells c ON c.report_id = p.report_id AND c.table_id = 'applications'
 AND c.row_key = 'carried_over'
LEFT JOIN cells f ON f.report_id = p.prev_report_id AND f.table_id = 'applications'
 AND f.row_key = 'carried_forward' AND f.col_key = c.col_key"""
    v["check_x_01"] = f"""
SELECT report_id, col_key AS scope,
       CASE WHEN prev_semantic IS NULL OR prev_semantic NOT IN {BLANK_OK}
              OR semantic NOT IN {BLANK_OK} THEN 'not_assessable'
            WHEN difference = 0 THEN 'pass' ELSE 'fail' END AS status,
       prev_carried_forward AS expected, carried_over AS actual
FROM carry_over_reconciliation"""
    cell = ("(SELECT value FROM cells WHERE report_id = {rid} AND table_id = 'active_disclosure' "
            "AND row_key = k.row_key AND col_key = '{col}' AND semantic IN {ok})")

    def d(rid: str, col: str) -> str:
        return cell.format(rid=rid, col=col, ok=BLANK_OK)

    v["check_x_02"] = f"""
SELECT report_id, row_key AS scope,
       CASE WHEN prev_in_force IS NULL OR in_force IS NULL OR issued IS NULL OR repealed IS NULL
              THEN 'not_assessable'
            WHEN COALESCE(prev_in_force, 0) + COALESCE(issued, 0) - COALESCE(repealed, 0)
               = COALESCE(in_force, 0) THEN 'pass' ELSE 'warn' END AS status,
       COALESCE(prev_in_force, 0) + COALESCE(issued, 0) - COALESCE(repealed, 0) AS expected,
       in_force AS actual
FROM (
SELECT p.report_id, k.row_key,
       {d('p.prev_report_id', 'in_force')} AS prev_in_force,
       {d('p.report_id', 'in_force')} AS in_force,
       {d('p.report_id', 'issued')} AS issued,
       {d('p.report_id', 'repealed')} AS repealed
FROM report_pairs p
CROSS JOIN (SELECT 'rules' AS row_key UNION ALL SELECT 'normative_docs') k
WHERE p.format = '2021' AND p.prev_format = '2021')"""
    v["deadlines"] = f"""
SELECT r.report_id, r.agency_id, a.name AS agency, a.level, r.year, r.published_date,
       r.published_date_source, COALESCE(a.deadline, d.deadline) AS deadline,
       {DUE_DATE} AS due_date, {DEADLINE_STATUS} AS status,
       CAST(julianday(substr(r.published_date, 1, 10)) - julianday({DUE_DATE}) AS INTEGER)
         AS days_after_deadline
FROM reports r
JOIN agencies a ON a.agency_id = r.agency_id
LEFT JOIN deadline_rules d ON d.level = a.level
WHERE r.is_current = 1"""
    # one row per agency and year, built without GROUP BY so its first page streams: agencies
    # in key order, each year's current report found through the (agency_id, year) index
    # every year from the first to the last archived one: a year nobody published is a gap too
    v["archive_years"] = """
WITH RECURSIVE y(year) AS (
  SELECT MIN(year) FROM reports
  UNION ALL SELECT year + 1 FROM y WHERE year < (SELECT MAX(year) FROM reports)
)
SELECT year FROM y WHERE year IS NOT NULL"""
    v["coverage"] = f"""
SELECT a.agency_id, a.agency, a.level, a.year,
       CASE WHEN a.report_id IS NULL THEN 'missing'
            WHEN {DEADLINE_STATUS} = 'late' THEN 'late' ELSE 'present' END AS status,
       a.reports, r.published_date, CASE WHEN a.report_id IS NOT NULL THEN {DUE_DATE} END
         AS due_date, r.cell_count > 0 AS tables_readable,
       (SELECT COUNT(*) FROM checks k WHERE k.report_id = a.report_id
         AND k.status = 'fail') AS failing_checks, a.report_id
FROM (
  SELECT a.agency_id, a.name AS agency, a.level, a.deadline, y.year,
         (SELECT COUNT(*) FROM reports r WHERE r.agency_id = a.agency_id AND r.year = y.year
           AND r.is_current = 1) AS reports,
         (SELECT r.report_id FROM reports r WHERE r.agency_id = a.agency_id AND r.year = y.year
           AND r.is_current = 1 ORDER BY r.published_date LIMIT 1) AS report_id
  FROM agencies a CROSS JOIN archive_years y
  LIMIT -1
) a
LEFT JOIN reports r ON r.report_id = a.report_id
LEFT JOIN deadline_rules d ON d.level = a.level"""
    v["checks_reviewed"] = """
SELECT c.report_id, a.name AS agency, r.year, c.check_id, k.title_zh, c.scope, c.status,
       c.expected, c.actual, c.message, c.level, c.rule_version, c.inputs_hash,
       COALESCE(v.human_status, 'pending') AS review_status, v.note AS review_note,
       v.reviewer, v.reviewed_at
FROM checks c
CROSS JOIN reports r ON r.report_id = c.report_id  -- CROSS: filters on checks drive the plan
LEFT JOIN agencies a ON a.agency_id = r.agency_id
LEFT JOIN check_catalogue k ON k.check_id = c.check_id
LEFT JOIN check_reviews v ON v.report_id = c.report_id AND v.check_id = c.check_id
 AND v.scope = c.scope AND v.inputs_hash = c.inputs_hash
WHERE r.is_current = 1"""
    v["failing_checks"] = "SELECT * FROM checks_reviewed WHERE status = 'fail'"
    # H-02: the same tables published under two agencies (scope: the other report)
    v["check_h_02"] = """
SELECT a.report_id, b.report_id AS scope, 'warn' AS status, NULL AS expected, NULL AS actual,
       a.agency_id, b.agency_id AS other_agency_id, a.year, b.year AS other_year
FROM reports a
JOIN reports b ON b.tables_hash = a.tables_hash AND b.agency_id <> a.agency_id
 AND b.is_current = 1
WHERE a.is_current = 1 AND a.tables_hash IS NOT NULL"""
    return v


def install_views(db: sqlite_utils.Database) -> None:
    """(Re)create every view; views hold no data, so recreating them is always safe."""
    for name, sql in views().items():
        db.execute(f"DROP VIEW IF EXISTS [{name}]")
        db.execute(f"CREATE VIEW [{name}] AS {sql}")
