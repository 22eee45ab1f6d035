"""N-01…N-13: numbers stated in prose against the tables (report-format.md §6.6).

Prose is graded ``warn``, never ``fail``: it often has another scope or another base.
Approximate claims (``200余``) are reported as ``info`` without a strict comparison.
"""

from __future__ import annotations

import re

from pipeline import template as T
from pipeline.checks.values import Ref, group_refs, read, same
from pipeline.prose.claims import is_none_statement
from pipeline.evidence import Evidence
from pipeline.model import Check, Claim, Report
from pipeline.prose import Prose
from pipeline.prose.text import fold, years_named

A, L, D = T.APPLICATIONS, T.REVIEW, T.ACTIVE
NEW = (A, "new_received", "total")
CARRIED = (A, "carried_over", "total")
LAWSUITS = [(L, "lawsuit_direct", "total"), (L, "lawsuit_after_review", "total")]
LEGAL = T.APPLICANT_COLUMN_KEYS[1:]
ALL_DONE = re.compile(r"(?:所有|全部)[^,;。]{0,8}申请[^,;。]{0,4}均?已?(?:办结|按期答复|答复完毕)"
                      r"|均已(?:办结|按期答复)")

#: outcome claim key -> the row or derived subtotal it names (column total)
OUTCOMES = {"outcome_granted": "granted", "outcome_partially_granted": "partially_granted",
            "outcome_denied": "denied_subtotal", "outcome_unable": "unable_subtotal",
            "outcome_not_processed": "not_processed_subtotal", "outcome_other": "other_handling"}
#: chart label -> claim-like quantity
CHART_LABELS = {"予以公开": "outcome_granted", "部分公开": "outcome_partially_granted",
                "不予公开": "outcome_denied", "无法提供": "outcome_unable",
                "不予处理": "outcome_not_processed", "其他处理": "outcome_other",
                "办件量": "applications_received", "申请量": "applications_received",
                "收到申请": "applications_received", "新收申请": "applications_received"}


def _outcome_refs(report: Report, key: str) -> list[Ref]:
    target = OUTCOMES[key]
    if target in T.APPLICATION_SUBTOTALS:
        return group_refs(report, target, "total")
    return [(A, target, "total")]


def bases(report: Report, key: str) -> list[tuple[str, list[Ref]]]:
    """The table quantities a claim key may equal, each with a name for the message."""
    if key == "applications_received":
        return [("new_received", [NEW]), ("new_received + carried_over", [NEW, CARRIED])]
    if key == "applications_handled":
        return [("results_total", [(A, "results_total", "total")])]
    if key == "applications_carried_forward":
        return [("carried_forward", [(A, "carried_forward", "total")])]
    if key in OUTCOMES:
        return [(OUTCOMES[key], _outcome_refs(report, key))]
    if key == "applicants_natural_person":
        return [(f"{r}.natural_person", [(A, r, "natural_person") for r in rows])
                for r, rows in (("new_received", ["new_received"]),
                                ("new+carried", ["new_received", "carried_over"]))]
    if key == "applicants_legal_person":
        return [(f"{r}.legal_person_subtotal", [(A, x, c) for x in rows for c in LEGAL])
                for r, rows in (("new_received", ["new_received"]),
                                ("new+carried", ["new_received", "carried_over"]))]
    if key == "review_cases":
        return [("review.total", [(L, "review", "total")])]
    if key == "lawsuit_cases":
        return [("lawsuit_direct.total + lawsuit_after_review.total", LAWSUITS)]
    if key == "normative_docs_in_force" and report.format != "2019":
        return [("normative_docs.in_force", [(D, "normative_docs", "in_force")])]
    return []


def compare_claim(check_id: str, scope: str, report: Report, value: float | int,
                  approximate: bool, options: list[tuple[str, list[Ref]]]) -> Check:
    readable = [(name, read(report, refs)) for name, refs in options]
    readable = [(name, ops) for name, ops in readable if ops.ok]
    if not readable:
        return Check(check_id, "not_assessable", scope, None, value,
                     "table cells unreadable or absent")
    for name, ops in readable:
        if same(ops.total, value):
            return Check(check_id, "pass", scope, ops.total, value, f"prose {value} = {name}")
    name, ops = readable[0]
    status = "info" if approximate else "warn"
    return Check(check_id, status, scope, ops.total, value,
                 f"prose {'≈' if approximate else ''}{value} ≠ {name} {ops.total}")


def _first(claims: list[Claim], key: str, none: bool | None = None) -> Claim | None:
    return next((c for c in claims if c.key == key
                 and (none is None or is_none_statement(c) == none)), None)


def _claim_checks(report: Report) -> list[Check]:
    ids = {"applications_received": "N-01", "applications_handled": "N-02",
           "applications_carried_forward": "N-03", "applicants_natural_person": "N-05",
           "applicants_legal_person": "N-05", "review_cases": "N-06", "lawsuit_cases": "N-07",
           "normative_docs_in_force": "N-09", **{k: "N-04" for k in OUTCOMES}}
    checks = []
    for key, check_id in ids.items():
        claim = _first(report.claims, key)
        options = bases(report, key)
        if claim and options:
            checks.append(compare_claim(check_id, key, report, claim.value, claim.approximate,
                                        options))
            if check_id == "N-04" and checks[-1].status == "warn":
                checks[-1].message += _single_cell_hint(report, key, claim.value)
    return checks


def _single_cell_hint(report: Report, key: str, value: float | int) -> str:
    for ref in _outcome_refs(report, key):
        ops = read(report, [ref])
        if ops.ok and same(ops.total, value):
            return f"; equals the single row {ref[1]}"
    return ""


def _n08(report: Report) -> list[Check]:
    checks = []
    for key in ("review_cases", "lawsuit_cases", "applications_received"):
        claim = _first(report.claims, key, none=True)
        if claim is None:
            continue
        other = [y for y in years_named(claim.text) if report.year and y != report.year]
        if other:
            checks.append(Check("N-08", "not_assessable", key, None, 0,
                                f"the statement names {other[0]}, not {report.year}"))
            continue
        refs = [NEW] if key == "applications_received" else bases(report, key)[0][1]
        checks.append(compare_claim("N-08", key, report, 0, False, [("table", refs)]))
    return checks


def _n10(prose: Prose) -> list[Check]:
    checks, used = [], set()
    for s in prose.sums:
        scope = f"{fold(s.text)[:24]}…{s.total}{s.unit or ''}"
        while scope in used:
            scope += "+"
        used.add(scope)
        expected = sum(s.parts)
        holds = same(expected, s.total)
        checks.append(Check("N-10", "pass" if holds else "warn", scope, expected, s.total,
                            f"{' + '.join(map(str, s.parts))} {'=' if holds else '≠'} {s.total}"))
    return checks


def _n11(report: Report, prose: Prose) -> list[Check]:
    checks = []
    for chart in prose.charts:
        pairs = []  # (label, claim key, value)
        for name, values in chart.series.items():
            if name == "":
                pairs += [(label, CHART_LABELS[label], v)
                          for label, v in zip(chart.categories, values) if label in CHART_LABELS]
            elif name in CHART_LABELS and str(report.year) in chart.categories:
                v = values[chart.categories.index(str(report.year))]
                pairs.append((f"{name} {report.year}", CHART_LABELS[name], v))
        results = [(label, compare_claim("N-11", chart.title, report, v, False, bases(report, key)))
                   for label, key, v in pairs]
        if not results:
            continue
        worst = next((c for _, c in results if c.status == "warn"),
                     next((c for _, c in results if c.status == "not_assessable"), results[0][1]))
        worst.message = "; ".join(f"{label}: {c.message}" for label, c in results)
        checks.append(worst)
    return checks


def _n12(report: Report, prose: Prose) -> list[Check]:
    sentence = next((t for texts in prose.section_texts.values() for t in texts
                     if ALL_DONE.search(fold(t))), None)
    if sentence is None:
        return []
    ops = read(report, [(A, "carried_forward", "total")])
    if not ops.ok:
        return [Check("N-12", "not_assessable", None, message="carried_forward unreadable")]
    status = "warn" if ops.total > 0 else "pass"
    return [Check("N-12", status, None, 0, ops.total,
                  f"prose says all requests were handled; carried_forward = {ops.total}")]


def _n13(report: Report) -> list[Check]:
    fees = [c for c in report.claims if c.key == "info_processing_fee_yuan"]
    if not fees:
        return []
    charged = [c for c in fees if c.value > 0]
    if not charged:
        return [Check("N-13", "pass", "info_processing_fee_yuan", None, 0, "no fee charged")]
    fee = charged[0].value
    problems = []
    if fee % 10:
        problems.append(f"{fee} yuan is not a whole multiple of 10")
    if len(charged) < len(fees):
        problems.append("another sentence says no fee was charged")
    return [Check("N-13", "info" if problems else "pass", "info_processing_fee_yuan", None, fee,
                  "; ".join(problems) or f"{fee} yuan, a multiple of 10")]


def narrative_checks(report: Report, evidence: Evidence, prose: Prose) -> list[Check]:
    return (_claim_checks(report) + _n08(report) + _n10(prose) + _n11(report, prose)
            + _n12(report, prose) + _n13(report))
