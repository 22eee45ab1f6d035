"""T2-01…04: plausibility of table 二 within one document (report-format.md §6.5).

T2-05 compares two years and lives in ``cross.py``.
"""

from __future__ import annotations

import re

from pipeline import template as T
from pipeline.checks.values import at_most, read, table_present
from pipeline.evidence import Evidence
from pipeline.model import Check, Report

D = T.ACTIVE
#: 立法法: provinces, autonomous regions, municipalities and 设区的市 make 规章; counties,
#: districts, townships, departments and development-zone committees do not
RULE_MAKERS = re.compile(r"^(?:[^区县镇乡街]+省|[^区县镇乡街]+自治区|[^区县镇乡街]+市)人民政府$")


def has_rule_making_power(report: Report, evidence: Evidence) -> bool:
    known = evidence.agency_context.get("rule_making_power")
    if known is not None:
        return bool(known)
    return bool(report.agency and RULE_MAKERS.match(report.agency))


def _format(report: Report) -> str:
    return "2019" if report.format == "2019" else "2021"


def _t2_01(report: Report, evidence: Evidence) -> list[Check]:
    if has_rule_making_power(report, evidence):
        return []
    cols = T.active_columns(_format(report))
    refs = [(D, "rules", c) for c in next(r.columns for r in T.active_rows(_format(report))
                                          if r.key == "rules") if c in cols]
    ops = read(report, refs)
    if not ops.ok:
        return [Check("T2-01", "not_assessable", "rules", message=", ".join(ops.unusable))]
    nonzero = [v for v in ops.values if v]
    status = "warn" if nonzero else "pass"
    return [Check("T2-01", status, "rules", 0, max(ops.values, default=0),
                  "rules printed by an agency without rule-making power" if nonzero
                  else "no rules (agency without rule-making power)")]


def _t2_02(report: Report) -> list[Check]:
    return [at_most("T2-02", row, report, [(D, row, "issued")],
                    [(D, row, "in_force"), (D, row, "repealed")], violation="warn")
            for row in ("rules", "normative_docs")]


def _t2_03(report: Report) -> list[Check]:
    checks = []
    for row in ("rules", "normative_docs"):
        check = at_most("T2-03", row, report, [(D, row, "newly_published")],
                        [(D, row, "total_published")], violation="warn")
        made = read(report, [(D, row, "newly_made"), (D, row, "newly_published")])
        if check.status == "pass" and made.ok and made.values[1] > made.values[0]:
            check.status = "info"
            check.message += "; newly_published > newly_made (older documents published)"
        checks.append(check)
    return checks


def _t2_04(report: Report) -> list[Check]:
    fmt = _format(report)
    allowed = {r.key: set(r.columns) for r in T.active_rows(fmt)}
    checks = []
    for row, cols in report.tables[D].items():
        wrong = sorted(set(cols) - allowed.get(row, set()))
        if row not in allowed:
            checks.append(Check("T2-04", "fail", row, message=f"row not in the {fmt} layout"))
        elif wrong:
            checks.append(Check("T2-04", "fail", row,
                                message=f"columns {', '.join(wrong)} not in the {fmt} layout"))
        else:
            checks.append(Check("T2-04", "pass", row, message=f"columns of the {fmt} layout"))
    return checks


def active_checks(report: Report, evidence: Evidence) -> list[Check]:
    fmt = _format(report)
    if not table_present(report, D):
        ids = ["T2-01"] if not has_rule_making_power(report, evidence) else []
        ids += ["T2-02" if fmt == "2021" else "T2-03", "T2-04"]
        return [Check(i, "not_assessable", None, message="table 二 not found in the document")
                for i in ids]
    checks = _t2_01(report, evidence)
    checks += _t2_02(report) if fmt == "2021" else _t2_03(report)
    return checks + _t2_04(report)
