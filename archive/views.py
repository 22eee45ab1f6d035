"""SQL views for people who query the archive (report-format.md §9.2).

Performance: a view's first page must come back at once on 100,000 reports, so nothing sorts
the whole cells table. Pivots group by the primary-key prefix (report_id, table_id, row_key) and
write ``+c.table_id`` so SQLite walks the primary key in order instead of the (table, row, col)
index; check views are one row per total cell with primary-key lookups for the parts.

Every key list comes from ``pipeline.template``: the SQL is generated, never retyped. The
``check_*`` views recompute document and archive checks in SQL so anyone can reproduce them in
Datasette; ``check_disagreements`` compares them with the stored checks (it must stay empty).
"""

from __future__ import annotations

import sqlite_utils

from pipeline.template import (
    ACTIVE_COLUMNS_2019, ACTIVE_COLUMNS_2021, APPLICANT_COLUMN_KEYS, APPLICATION_COLUMN_KEYS,
    APPLICATION_SUBTOTALS, REVIEW_COLUMN_KEYS, REVIEW_OUTCOME_KEYS, REVIEW_ROW_KEYS, result_rows,
)

BLANK_OK = "('number', 'empty')"

# Art. 49 (report-format.md §1.3): the agency's own deadline, else its level's; for a report
# aliased r, its agency a and deadline_rules d
DUE_DATE = "(r.year + 1) || '-' || COALESCE(a.deadline, d.deadline)"
DEADLINE_STATUS = f"""CASE WHEN COALESCE(a.deadline, d.deadline) IS NULL THEN 'no_deadline'
            WHEN r.published_date IS NULL THEN 'no_date'
            -- the date part only: a page may give 发布时间 with a time of day
            WHEN substr(r.published_date, 1, 10) > {DUE_DATE} THEN 'late'
            ELSE 'on_time' END"""


def sql_list(keys) -> str:
    return "(" + ", ".join(f"'{k}'" for k in keys) + ")"


def pivot(keys, expr: str = "value", prefix: str = "") -> str:
    return ",\n       ".join(
        f"MAX(CASE WHEN col_key = '{k}' THEN {expr} END) AS [{prefix}{k}]" for k in keys)


def active_column_keys() -> list[str]:
    return list(dict.fromkeys(c.key for c in ACTIVE_COLUMNS_2021 + ACTIVE_COLUMNS_2019))


def views() -> dict[str, str]:
    app_cols = APPLICATION_COLUMN_KEYS
    c6 = sql_list(APPLICANT_COLUMN_KEYS)
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
    v["check_disagreements"] = disagreements_view(
        ["check_t3_01", "check_t3_02", "check_t3_03", "check_t4_01", "check_x_01", "check_x_02",
         "check_h_02"])
    return v


def document_check_views() -> dict[str, str]:
    v = {}
    # T3-01: new_received + carried_over = results_total + carried_forward, per column; blanks
    # count as 0 except results_total, and the whole total column must be printed
    join = "".join(
        f"""
LEFT JOIN cells {a} ON {a}.report_id = t.report_id AND {a}.table_id = t.table_id
 AND {a}.row_key = '{row}' AND {a}.col_key = t.col_key"""
        for a, row in (("nr", "new_received"), ("co", "carried_over"), ("cf", "carried_forward")))
    parts = ("nr", "co", "cf")
    absent_or_bad = " OR ".join(
        f"{a}.semantic IS NULL OR {a}.semantic NOT IN {BLANK_OK}" for a in parts)
    total_col_blank = " OR ".join(f"{a}.semantic <> 'number'" for a in parts)
    expected = "COALESCE(nr.value, 0) + COALESCE(co.value, 0)"
    actual = "t.value + COALESCE(cf.value, 0)"
    v["check_t3_01"] = f"""
SELECT t.report_id, t.col_key AS scope,
       CASE WHEN t.semantic <> 'number' OR {absent_or_bad}
              OR (t.col_key = 'total' AND ({total_col_blank})) THEN 'not_assessable'
            WHEN {expected} = {actual} THEN 'pass' ELSE 'fail' END AS status,
       {expected} AS expected,
       CASE WHEN t.semantic = 'number' THEN {actual} END AS actual
FROM cells t{join}
WHERE t.table_id = 'applications' AND t.row_key = 'results_total'"""
    # T3-02: the result rows R of the report's variant sum to results_total, per column
    r19, r21 = sql_list(result_rows("2019")), sql_list(result_rows("2021"))
    rows_r = (f"(CASE WHEN COALESCE(r.applications_variant, '2021') = '2019' "
              f"THEN p.row_key IN {r19} ELSE p.row_key IN {r21} END)")
    n_r = (f"(CASE WHEN COALESCE(r.applications_variant, '2021') = '2019' "
           f"THEN {len(result_rows('2019'))} ELSE {len(result_rows('2021'))} END)")

    def over_r(aggregate: str) -> str:
        # the IN over both variants' rows lets SQLite look the rows up by primary key
        either = sql_list(dict.fromkeys(result_rows("2019") + result_rows("2021")))
        return (f"(SELECT {aggregate} FROM cells p WHERE p.report_id = t.report_id "
                f"AND p.table_id = t.table_id AND p.row_key IN {either} "
                f"AND p.col_key = t.col_key AND {rows_r})")

    v["check_t3_02"] = f"""
SELECT report_id, scope,
       CASE WHEN total_semantic <> 'number' OR n_parts < n_expected OR bad_parts > 0
              THEN 'not_assessable'
            WHEN expected = actual THEN 'pass' ELSE 'fail' END AS status,
       expected, actual
FROM (
SELECT t.report_id, t.col_key AS scope, t.semantic AS total_semantic, t.value AS actual,
       {over_r("COUNT(*)")} AS n_parts, {n_r} AS n_expected,
       {over_r(f"SUM(p.semantic NOT IN {BLANK_OK})")} AS bad_parts,
       {over_r("SUM(COALESCE(p.value, 0))")} AS expected
FROM cells t JOIN reports r ON r.report_id = t.report_id
WHERE t.table_id = 'applications' AND t.row_key = 'results_total'
LIMIT -1)  -- not flattened: each part subquery runs once per instance"""
    v["check_t3_03"] = row_sum_view("applications", APPLICANT_COLUMN_KEYS, "total")
    v["check_t4_01"] = row_sum_view("review_litigation", REVIEW_OUTCOME_KEYS, "total")
    return v


def row_sum_view(table_id: str, parts: tuple[str, ...], total: str) -> str:
    """Parts of a row (blank → 0) equal its printed total (the spec's T3-03 rule): one pass over
    the primary key, one group per printed row that has a total cell."""
    in_parts = f"col_key IN {sql_list(parts)}"
    expected = f"SUM(CASE WHEN {in_parts} THEN COALESCE(value, 0) ELSE 0 END)"
    actual = f"MAX(CASE WHEN col_key = '{total}' THEN value END)"
    return f"""
SELECT report_id, row_key AS scope,
       CASE WHEN MAX(col_key = '{total}' AND semantic = 'number') = 0
              OR SUM({in_parts}) < {len(parts)}
              OR SUM({in_parts} AND semantic NOT IN {BLANK_OK}) > 0 THEN 'not_assessable'
            WHEN {expected} = {actual} THEN 'pass' ELSE 'fail' END AS status,
       {expected} AS expected, {actual} AS actual
FROM cells
WHERE +table_id = '{table_id}'
GROUP BY report_id, table_id, row_key
HAVING SUM(col_key = '{total}') > 0"""


def archive_views() -> dict[str, str]:
    v = {}
    # consecutive years of one agency (current versions only)
    v["report_pairs"] = """
SELECT cur.report_id, prev.report_id AS prev_report_id, cur.agency_id, cur.year,
       cur.format, prev.format AS prev_format
FROM reports cur
JOIN reports prev ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1
 AND prev.is_current = 1
WHERE cur.is_current = 1"""
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
    # every year from the first to the last archived one: a year nobody published is a gap too
    # one row per agency and year, built without GROUP BY so its first page streams: agencies
    # in key order, each year's current report found through the (agency_id, year) index
    v["coverage"] = f"""
WITH RECURSIVE y(year) AS (
  SELECT MIN(year) FROM reports
  UNION ALL SELECT year + 1 FROM y WHERE year < (SELECT MAX(year) FROM reports)
)
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
  FROM agencies a CROSS JOIN y
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


#: check view -> the cell every instance hangs on (table, row, col; "scope" = the instance scope)
ANCHORS = {
    "check_t3_01": ("applications", "'results_total'", "s.scope"),
    "check_t3_02": ("applications", "'results_total'", "s.scope"),
    "check_t3_03": ("applications", "s.scope", "'total'"),
    "check_t4_01": ("review_litigation", "s.scope", "'total'"),
    "check_x_01": ("applications", "'carried_over'", "s.scope"),
}


def disagreements_view(view_names: list[str]) -> str:
    """Stored check instances whose SQL recomputation differs, or that have no SQL instance.

    Walks each view (cheap per instance) and looks the stored row up by primary key; a stored
    judgement without the cell its instance hangs on is a disagreement too."""
    parts = []
    for name in view_names:
        check_id = name.removeprefix("check_").upper().replace("_", "-")
        parts.append(f"""
SELECT '{check_id}' AS check_id, v.report_id, v.scope, s.status AS stored_status,
       v.status AS view_status, s.expected AS stored_expected, v.expected AS view_expected,
       s.actual AS stored_actual, v.actual AS view_actual
FROM {name} v
CROSS JOIN checks s  -- CROSS: SQLite keeps the view as the outer loop
  ON s.report_id = v.report_id AND s.check_id = '{check_id}' AND s.scope = v.scope
WHERE s.status <> v.status""")
        if name in ANCHORS:
            table, row, col = ANCHORS[name]
            parts.append(f"""
SELECT '{check_id}', s.report_id, s.scope, s.status, NULL, s.expected, NULL, s.actual, NULL
FROM checks s
WHERE s.check_id = '{check_id}' AND s.status <> 'not_assessable'
  AND NOT EXISTS (SELECT 1 FROM cells a WHERE a.report_id = s.report_id
                  AND a.table_id = '{table}' AND a.row_key = {row} AND a.col_key = {col})""")
    return "\nUNION ALL".join(parts)


def install_views(db: sqlite_utils.Database) -> None:
    """(Re)create every view; views hold no data, so recreating them is always safe."""
    for name, sql in views().items():
        db.execute(f"DROP VIEW IF EXISTS [{name}]")
        db.execute(f"CREATE VIEW [{name}] AS {sql}")
