"""T4-01, T4-02: the arithmetic of table 四 (report-format.md §6.4)."""

from __future__ import annotations

from pipeline import template as T
from pipeline.checks.values import identity, read, table_present
from pipeline.evidence import Evidence
from pipeline.model import Check, Report

L = T.REVIEW


def review_checks(report: Report, evidence: Evidence) -> list[Check]:
    if not table_present(report, L):
        return [Check(i, "not_assessable", None, message="table 四 not found in the document")
                for i in ("T4-01", "T4-02")]
    checks = [identity("T4-01", row, report, [(L, row, o) for o in T.REVIEW_OUTCOME_KEYS],
                       [(L, row, "total")]) for row in T.REVIEW_ROW_KEYS]
    after, review = read(report, [(L, "lawsuit_after_review", "total")]), read(
        report, [(L, "review", "total")])
    if not (after.ok and review.ok):
        checks.append(Check("T4-02", "not_assessable", None, message="totals unreadable"))
    elif after.total > 0 and review.total == 0:
        checks.append(Check("T4-02", "info", None, None, after.total,
                            f"{after.total} lawsuits after review, no review recorded this year "
                            "(decided elsewhere or last year?)"))
    else:
        checks.append(Check("T4-02", "pass", None, None, after.total,
                            "no lawsuit after review without a review"))
    return checks
