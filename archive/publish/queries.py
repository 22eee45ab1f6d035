"""Canned queries: the questions people ask the archive, each with its own URL."""

from __future__ import annotations

from pipeline.template import APPLICATIONS

#: the cells people quote, looked up by primary key (two lookups per agency and headline: two
#: headlines keep the query well under a second on 100,000 reports)
HEADLINE_CELLS = " UNION ALL ".join(
    f"SELECT '{APPLICATIONS}' AS table_id, '{r}' AS row_key, 'total' AS col_key"
    for r in ("new_received", "results_total"))

QUERIES = {
    "failing_checks": {
        "title": "未通过的勾稽检查 / Reports failing a check",
        "description": "Check instances with status fail, with their human review state. "
                       "Leave check_id empty for all checks.",
        "sql": """SELECT report_id, agency, year, check_id, title_zh, scope, expected, actual,
       message, review_status, review_note
FROM failing_checks
WHERE (:check_id = '' OR check_id = :check_id)
ORDER BY year DESC, agency, check_id, scope
LIMIT 500""",
    },
    "carry_over_mismatches": {
        "title": "上年结转不一致 / Carry-over mismatches",
        "description": "This year's 上年结转 differs from last year's 结转下年度继续办理 (X-01).",
        # the stored X-01 failures (indexed), not the reconciliation view (a full scan)
        "sql": """SELECT a.name AS agency, r.year, c.scope AS col_key,
       c.expected AS prev_carried_forward, c.actual AS carried_over,
       c.actual - c.expected AS difference, c.report_id
FROM checks c
CROSS JOIN reports r ON r.report_id = c.report_id
CROSS JOIN agencies a ON a.agency_id = r.agency_id
WHERE c.check_id = 'X-01' AND c.status = 'fail' AND r.is_current = 1
ORDER BY ABS(c.actual - c.expected) DESC, agency, r.year
LIMIT 500""",
    },
    "missing_and_late": {
        "title": "缺失和逾期的年报 / Missing and late reports",
        "description": "Agencies without a report for a year, or whose report came after the "
                       "Art. 49 deadline. Leave year empty for all years.",
        # the same answer as the coverage view, by index lookups for the asked year only
        "sql": """SELECT * FROM (
  SELECT a.name AS agency, a.level, y.year, 'missing' AS status, NULL AS published_date,
         NULL AS due_date
  FROM archive_years y CROSS JOIN agencies a
  WHERE (:year = '' OR y.year = CAST(:year AS INTEGER))
    AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.agency_id = a.agency_id
                    AND r.year = y.year AND r.is_current = 1)
  UNION ALL
  SELECT agency, level, year, status, published_date, due_date
  FROM deadlines
  WHERE status = 'late' AND (:year = '' OR year = CAST(:year AS INTEGER))
)
ORDER BY year DESC, status, agency
LIMIT 1000""",
    },
    "agency_history": {
        "title": "某机关历年年报 / One agency across years",
        "description": "Every archived report of one agency (name as printed, or part of it).",
        "sql": """SELECT r.year, r.report_id, r.title, r.format, r.applications_variant,
       r.published_date, r.is_current, r.cell_count,
       (SELECT COUNT(*) FROM checks c WHERE c.report_id = r.report_id
         AND c.status = 'fail') AS failing_checks,
       (SELECT value FROM cells c WHERE c.report_id = r.report_id AND c.table_id = 'applications'
         AND c.row_key = 'new_received' AND c.col_key = 'total') AS new_received_total
FROM reports r JOIN agencies a ON a.agency_id = r.agency_id
WHERE a.name = :agency
   OR (length(:agency) >= 2 AND a.name LIKE '%' || :agency || '%'
       AND a.agency_id = (SELECT agency_id FROM agencies WHERE name LIKE '%' || :agency || '%'
                          ORDER BY length(name) LIMIT 1))
ORDER BY r.year, r.first_seen""",
    },
    "largest_changes": {
        "title": "同比变化最大 / Largest year-on-year changes",
        "description": "Headline totals (applications received and handled) that changed "
                       "most from the previous year of the same agency, for one year.",
        "sql": f"""SELECT a.name AS agency, p.year, h.table_id, h.row_key, h.col_key,
       f.value AS previous, c.value AS current, c.value - f.value AS change,
       CASE WHEN f.value > 0 THEN ROUND(c.value * 1.0 / f.value, 2) END AS ratio,
       p.report_id
FROM report_pairs p
JOIN agencies a ON a.agency_id = p.agency_id
CROSS JOIN ({HEADLINE_CELLS}) h
JOIN cells c ON c.report_id = p.report_id AND c.table_id = h.table_id
 AND c.row_key = h.row_key AND c.col_key = h.col_key
JOIN cells f ON f.report_id = p.prev_report_id AND f.table_id = h.table_id
 AND f.row_key = h.row_key AND f.col_key = h.col_key
WHERE p.year = CAST(:year AS INTEGER) AND c.semantic = 'number' AND f.semantic = 'number'
ORDER BY ABS(c.value - f.value) DESC
LIMIT 100""",
    },
    "search_short": {
        "title": "短词检索 / Search with one or two characters",
        "description": "Full-text search needs three characters (trigram); this LIKE search "
                       "covers shorter queries.",
        "sql": """SELECT report_id, title, year
FROM reports
WHERE :q <> '' AND (title LIKE '%' || :q || '%' OR text LIKE '%' || :q || '%')
ORDER BY year DESC
LIMIT 100""",
    },
}
