"""T3-01…06: the arithmetic of table 三 (勾稽关系, report-format.md §6.3)."""

from __future__ import annotations

from pipeline import template as T
from pipeline.checks.values import (applications_variant, at_most, group_refs, identity, read,
                                    same, table_present)
from pipeline.evidence import Evidence
from pipeline.model import Check, Report

A = T.APPLICATIONS


def _t3_04(report: Report, evidence: Evidence) -> list[Check]:
    """Printed subtotal rows / 法人或其他组织小计 column against the sums of their parts."""
    checks = []
    for found in (f for f in evidence.tables if f.table_id == A):
        for name, printed in found.subtotals.items():
            mismatches, unusable = [], []
            for key, value in printed.items():
                if name in T.APPLICATION_SUBTOTALS:  # a row subtotal: key is a column
                    parts = group_refs(report, name, key)
                else:  # the legal-person column: key is a row
                    parts = [(A, key, c) for c in T.APPLICANT_COLUMN_KEYS[1:]]
                ops = read(report, parts)
                if value is None or not ops.ok:
                    unusable.append(key)
                elif not same(ops.total, value):
                    mismatches.append((key, ops.total, value))
            if mismatches:
                key, expected, actual = mismatches[0]
                checks.append(Check("T3-04", "fail", name, expected, actual,
                                    f"{key}: parts sum to {expected}, printed {actual}"))
            elif unusable:
                checks.append(Check("T3-04", "not_assessable", name,
                                    message="unreadable: " + ", ".join(unusable)))
            else:
                checks.append(Check("T3-04", "pass", name, message=f"{len(printed)} values agree"))
    return checks


def _t3_05(report: Report) -> list[Check]:
    variant = report.applications_variant
    if variant not in ("2019", "2021") or report.year is None:
        return [Check("T3-05", "not_assessable", None,
                      message="其他处理 rows not visible or year unknown")]
    expected = "2021" if report.year >= 2021 else "2019"
    status = "pass" if variant == expected else "warn"
    return [Check("T3-05", status, None, message=f"{variant} variant in a {report.year} report")]


def application_checks(report: Report, evidence: Evidence) -> list[Check]:
    if not table_present(report, A):
        return [Check(i, "not_assessable", None, message="table 三 not found in the document")
                for i in ("T3-01", "T3-02", "T3-03", "T3-05", "T3-06")]
    variant = applications_variant(report)
    results = T.result_rows(variant)
    checks: list[Check] = []
    for col in T.APPLICATION_COLUMN_KEYS:
        checks.append(identity("T3-01", col, report,
                               [(A, "new_received", col), (A, "carried_over", col)],
                               [(A, "results_total", col), (A, "carried_forward", col)]))
    for col in T.APPLICATION_COLUMN_KEYS:
        checks.append(identity("T3-02", col, report, [(A, r, col) for r in results],
                               [(A, "results_total", col)]))
    for row in T.application_rows(variant):
        checks.append(identity("T3-03", row.key, report,
                               [(A, row.key, c) for c in T.APPLICANT_COLUMN_KEYS],
                               [(A, row.key, "total")]))
    checks += _t3_04(report, evidence) + _t3_05(report)
    inflow = [(A, "new_received", "total"), (A, "carried_over", "total")]
    for row in ("results_total", "carried_forward"):
        checks.append(at_most("T3-06", row, report, [(A, row, "total")], inflow))
    return checks
