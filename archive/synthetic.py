"""Synthetic reports with consistent numbers, for the archive's tests and benchmarks.

Numbers are drawn at random, then the totals are built from them so every 勾稽 identity holds
and each year's carried_over equals the previous year's carried_forward. A "broken" report has
one part cell raised by one after the totals were made: exactly T3-02 (natural_person) and
T3-03 (granted) fail. The checks listed are those the construction guarantees, so the archive's
SQL check views can be compared with them.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from pipeline.model import Cell, Check, Claim, Report, Section, Source
from pipeline.template import (
    ACTIVE, APPLICANT_COLUMN_KEYS, APPLICATION_COLUMN_KEYS, APPLICATIONS, REVIEW,
    REVIEW_OUTCOME_KEYS, REVIEW_ROW_KEYS, SECTION_HEADINGS, active_rows, application_rows,
    result_rows,
)

BROKEN_CELL = ("granted", "natural_person")
BROKEN_CHECKS = {("T3-02", "natural_person"), ("T3-03", "granted")}


@dataclass
class YearState:
    """What carries from one year's report of an agency to the next."""

    carried_forward: dict[str, int]
    in_force: dict[str, int]


def number(value: int | float) -> Cell:
    return Cell(value, str(value), "number")


def build_applications(rng: random.Random, variant: str, carried_over: dict[str, int]):
    results = [r for r in result_rows(variant)]
    table: dict[str, dict[str, int]] = {r.key: {} for r in application_rows(variant)}
    for c in APPLICANT_COLUMN_KEYS:
        scale = rng.choice((0, 1, 3, 10)) if c != "natural_person" else rng.choice((2, 10, 40))
        for r in results:
            table[r][c] = rng.randint(0, scale) if rng.random() < 0.5 else 0
        table["results_total"][c] = sum(table[r][c] for r in results)
        table["carried_over"][c] = carried_over.get(c, 0)
        table["carried_forward"][c] = rng.randint(0, 2) if rng.random() < 0.2 else 0
        table["new_received"][c] = max(
            0, table["results_total"][c] + table["carried_forward"][c] - table["carried_over"][c])
        # keep T3-01 exact when the carry-over exceeds this year's work
        gap = (table["new_received"][c] + table["carried_over"][c]
               - table["results_total"][c] - table["carried_forward"][c])
        table["carried_forward"][c] += gap
    for row in table.values():
        row["total"] = sum(row[c] for c in APPLICANT_COLUMN_KEYS)
    return table


def make_report(rng: random.Random, agency: str, year: int, prev: YearState | None = None,
                broken: bool = False) -> tuple[Report, YearState]:
    fmt = "2021" if year >= 2021 else "2019"
    variant = fmt
    apps = build_applications(rng, variant, prev.carried_forward if prev else {})
    if broken:
        apps[BROKEN_CELL[0]][BROKEN_CELL[1]] += 1
    review = {}
    for p in REVIEW_ROW_KEYS:
        review[p] = {o: (rng.randint(0, 2) if rng.random() < 0.3 else 0) for o in REVIEW_OUTCOME_KEYS}
        review[p]["total"] = sum(review[p].values())
    active: dict[str, dict[str, int]] = {}
    in_force = dict(prev.in_force) if prev else {}
    for row in active_rows(fmt):
        vals = {c: rng.randint(0, 30) for c in row.columns}
        if fmt == "2021" and "in_force" in vals:
            vals["in_force"] = in_force.get(row.key, rng.randint(5, 50)) + vals["issued"] - min(
                vals["repealed"], in_force.get(row.key, 0))
            vals["repealed"] = min(vals["repealed"], in_force.get(row.key, 0))
            in_force[row.key] = vals["in_force"]
        if row.key == "rules":
            vals = {c: 0 for c in row.columns}  # only the city government makes 规章
        active[row.key] = vals
    body = f"{agency}{year}{broken}{rng.random()}".encode()
    sha = hashlib.sha256(body).hexdigest()
    report = Report(
        source=Source(sha256=sha, media_type="text/html", url=f"synthetic://{sha[:12]}"),
        format=fmt, title=f"{agency}{year}年政府信息公开工作年度报告", agency=agency, year=year,
        published_date=f"{year + 1}-01-{rng.randint(10, 28):02d}",
        period={"start": f"{year}-01-01", "end": f"{year}-12-31"}, applications_variant=variant,
        sections=[Section(n, h, True) for n, h in SECTION_HEADINGS.items()],
        tables={
            ACTIVE: {r: {c: number(v) for c, v in cols.items()} for r, cols in active.items()},
            APPLICATIONS: {r: {c: number(v) for c, v in cols.items()} for r, cols in apps.items()},
            REVIEW: {r: {c: number(v) for c, v in cols.items()} for r, cols in review.items()},
        },
        claims=[Claim("applications_received", apps["new_received"]["total"], "件",
                      text=f"收到政府信息公开申请{apps['new_received']['total']}件", section=1)],
    )
    report.checks = construction_checks(apps, review, variant, broken)
    return report, YearState(apps["carried_forward"], in_force)


def construction_checks(apps, review, variant: str, broken: bool) -> list[Check]:
    """T3-01/02/03 and T4-01 as the construction guarantees them."""
    checks = []

    def add(check_id: str, scope: str, expected: int, actual: int) -> None:
        status = "fail" if broken and (check_id, scope) in BROKEN_CHECKS else "pass"
        checks.append(Check(check_id, status, scope, expected, actual))

    results = result_rows(variant)
    for c in APPLICATION_COLUMN_KEYS:
        add("T3-01", c, apps["results_total"][c] + apps["carried_forward"][c],
            apps["results_total"][c] + apps["carried_forward"][c])
        add("T3-02", c, sum(apps[r][c] for r in results), apps["results_total"][c])
    for r, cols in apps.items():
        add("T3-03", r, sum(cols[c] for c in APPLICANT_COLUMN_KEYS), cols["total"])
    for p, cols in review.items():
        add("T4-01", p, sum(cols[o] for o in REVIEW_OUTCOME_KEYS), cols["total"])
    return checks


def agency_names(n: int) -> list[str]:
    """n distinct agency names of every level."""
    kinds = ("人民政府", "工业和信息化局", "教育局", "镇人民政府", "街道办事处", "管理委员会")
    return [f"威海市测试{i:05d}{'区' if k == '人民政府' else ''}{k}" for i in range(n)
            for k in kinds[i % len(kinds): i % len(kinds) + 1]]
