"""Document checks recomputed in SQL (T3-01/02/03, T4-01), so anyone can reproduce the stored
judgements in Datasette (archive/disagreements.py compares the two).

The blank policy is report-format.md §5.3: blank parts count as 0; a blank total, or a part that
is absent, ``na``, ``text`` or ``missing``, makes the instance ``not_assessable``.
"""

from __future__ import annotations

from pipeline.template import APPLICANT_COLUMN_KEYS, REVIEW_OUTCOME_KEYS, result_rows

BLANK_OK = "('number', 'empty')"


def sql_list(keys) -> str:
    return "(" + ", ".join(f"'{k}'" for k in keys) + ")"


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
WHERE t.table_id = 'applications' AND t.row_key = 'results_total')"""
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
