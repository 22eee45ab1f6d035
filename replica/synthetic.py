"""Synthetic reports for the archive's tests and benchmarks, from the replica's report generator.

The numbers are the replica generator's (``replica.numbers``: the same tables the portal
replica prints, every 勾稽 identity holding, each year's carried_over equal to the previous
year's carried_forward, table 二 continuing the previous year's in_force); this module only
turns them into ``Report`` objects without rendering and re-parsing a document, which the
archive's tests and a 100,000-report benchmark do not need. A "broken" report has one part
cell raised by one after the totals were made: exactly T3-02 (natural_person) and T3-03
(granted) fail. The checks listed are those the construction guarantees, so the archive's SQL
check views can be compared with them.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from pipeline.model import Cell, Check, Claim, Report, Section, Source
from pipeline.template import (
    ACTIVE, APPLICANT_COLUMN_KEYS, APPLICATION_COLUMN_KEYS, APPLICATIONS, REVIEW,
    REVIEW_OUTCOME_KEYS, SECTION_HEADINGS, result_rows,
)
from replica import numbers

BROKEN_CELL = ("granted", "natural_person")
BROKEN_CHECKS = {("T3-02", "natural_person"), ("T3-03", "granted")}
#: the agency level whose activity scale the generator uses for every synthetic agency
LEVEL = "department"


@dataclass
class YearState:
    """What carries from one year's report of an agency to the next."""

    carried_forward: dict[str, int]
    active: dict[str, dict[str, int]]
    fmt: str


def number(value: int | float) -> Cell:
    return Cell(value, str(value), "number")


def make_report(rng: random.Random, agency: str, year: int, prev: YearState | None = None,
                broken: bool = False) -> tuple[Report, YearState]:
    fmt = "2021" if year >= 2021 else "2019"
    variant = fmt
    carried = dict(prev.carried_forward) if prev else {}
    apps = numbers.applications(rng, LEVEL, variant, carried)
    state_apps = {c: apps["carried_forward"][c] for c in APPLICANT_COLUMN_KEYS}
    active = numbers.active(rng, fmt, False, LEVEL,
                            prev.active if prev and prev.fmt == fmt else None)
    review = numbers.review(rng, LEVEL)
    state = YearState(state_apps, {k: dict(v) for k, v in active.items()}, fmt)
    if broken:
        apps[BROKEN_CELL[0]][BROKEN_CELL[1]] += 1
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
    return report, state


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
