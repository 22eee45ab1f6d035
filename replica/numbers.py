"""Consistent statistics for generated reports, deliberate breakage, and the identities.

``applications`` satisfies T3-01/02/03 by construction (columns are drawn first, the total
column is their sum, results are a partition of what was available); ``review_litigation``
satisfies T4-01; carried_over of year t is carried_forward of year t−1 for the same agency.
``failing_identities`` evaluates the table identities on the printed values, so the ground truth
of a broken report is whatever its perturbation actually breaks — exactly.
"""

from __future__ import annotations

import random

from pipeline.template import (
    APPLICANT_COLUMN_KEYS,
    APPLICATION_COLUMN_KEYS,
    APPLICATIONS,
    REVIEW,
    REVIEW_OUTCOME_KEYS,
    REVIEW_ROW_KEYS,
    active_rows,
    application_rows,
    result_rows,
)
from replica.spec import GroundTruth, TableValues, Value

#: relative frequency of each outcome row among handled requests
OUTCOME_WEIGHTS = {"granted": 40, "partially_granted": 8, "unable_not_held": 20,
                   "unable_needs_creation": 3, "unable_still_unclear": 2, "denied_third_party": 3,
                   "denied_internal_affairs": 2, "denied_process_info": 3,
                   "denied_enforcement_file": 1, "denied_state_secret": 1,
                   "not_processed_petition": 3, "not_processed_duplicate": 3,
                   "not_processed_confirmation": 2, "other_handling": 4,
                   "other_no_correction": 3, "other_fee_unpaid": 1, "other_other": 1}
SCALE = {"government": 60, "department": 12, "committee": 25, "township": 4, "subdistrict": 3}


def applications(rng: random.Random, level: str, variant: str,
                 carried_over: dict[str, int] | None) -> TableValues:
    rows = [r.key for r in application_rows(variant)]
    outcome_rows = result_rows(variant)
    scale = SCALE.get(level, 8)
    table: dict[str, dict[str, Value]] = {k: {} for k in rows}
    quiet = rng.random() < 0.2  # many small agencies receive nothing at all
    for col in APPLICANT_COLUMN_KEYS:
        share = 1.0 if col == "natural_person" else rng.choice((0, 0, 0.05, 0.1, 0.2))
        new = 0 if quiet else int(rng.expovariate(1 / (scale * share))) if share else 0
        over = (carried_over or {}).get(col, 0)
        forward = min(new + over, rng.choice((0, 0, 0, 1, 2)))
        handled = new + over - forward
        counts = dict.fromkeys(outcome_rows, 0)
        weights = [OUTCOME_WEIGHTS.get(k, 0.3) for k in outcome_rows]
        for key in rng.choices(outcome_rows, weights, k=handled):
            counts[key] += 1
        for key in rows:
            table[key][col] = {"new_received": new, "carried_over": over,
                               "carried_forward": forward, "results_total": handled}.get(
                key, counts.get(key, 0))
    for key in rows:
        table[key]["total"] = sum(table[key][c] for c in APPLICANT_COLUMN_KEYS)
        table[key] = {c: table[key][c] for c in APPLICATION_COLUMN_KEYS}
    return table


def review(rng: random.Random, level: str) -> TableValues:
    table: TableValues = {}
    busy = SCALE.get(level, 8) / 60
    for key in REVIEW_ROW_KEYS:
        outcomes = {o: (int(rng.expovariate(1 / (2 * busy))) if rng.random() < busy else 0)
                    for o in REVIEW_OUTCOME_KEYS}
        table[key] = {**outcomes, "total": sum(outcomes.values())}
    return table


def active(rng: random.Random, fmt: str, rule_making: bool, level: str,
           previous: TableValues | None) -> TableValues:
    """Table 二; in_force (2021) and prev_year_items (2019) continue the previous year's."""
    prev = previous or {}
    scale = SCALE.get(level, 8)
    table: TableValues = {}
    for row in active_rows(fmt):
        values: dict[str, Value] = {}
        if row.key == "rules" and not rule_making:
            values = dict.fromkeys(row.columns, 0)
        elif "issued" in row.columns:
            issued, repealed = rng.randint(0, scale // 4 + 2), rng.randint(0, 2)
            base = prev.get(row.key, {}).get("in_force")
            base = base if isinstance(base, int) else rng.randint(repealed, 30)
            values = {"issued": issued, "repealed": repealed,
                      "in_force": max(base + issued - repealed, issued)}
        elif "newly_made" in row.columns:
            made = rng.randint(0, scale // 4 + 2)
            values = {"newly_made": made, "newly_published": made,
                      "total_published": made + rng.randint(0, 40)}
        elif "prev_year_items" in row.columns:
            before = prev.get(row.key, {})
            items = before.get("prev_year_items")
            change = before.get("items_change")
            items = (items + change if isinstance(items, int) and isinstance(change, int)
                     else rng.randint(0, 60))
            values = {"prev_year_items": items, "items_change": rng.randint(-min(items, 5), 5)}
            if "decisions" in row.columns:
                values["decisions"] = int(rng.expovariate(1 / (scale * 10)))
        elif row.columns == ("decisions",):
            values = {"decisions": int(rng.expovariate(1 / (scale * 10)))}
        elif row.columns == ("amount_wan_yuan",):
            values = {"amount_wan_yuan": rng.choice((0, 0, round(rng.uniform(0, 900), 2)))}
        else:  # 政府集中采购: items and amount (万元)
            values = {"procurement_items": rng.randint(0, 20),
                      "procurement_amount": round(rng.uniform(0, 500), 2)}
        table[row.key] = values
    return table


def as_number(value: Value) -> float:
    """A printed value for arithmetic: blanks and non-numbers count 0."""
    return GroundTruth.expected_cell(value)[0] or 0


def failing_identities(tables: dict[str, TableValues], variant: str) -> set[tuple[str, str]]:
    """T3-01/02/03 and T4-01 instances that fail on the printed values (blank policy: an
    instance with a blank total cell is not assessable and never fails)."""
    fails: set[tuple[str, str]] = set()
    a = tables.get(APPLICATIONS, {})
    if a:
        for col in APPLICATION_COLUMN_KEYS:
            cells = {r: a[r][col] for r in a}
            blank = {r for r, v in cells.items() if v is None}
            if col == "total" and blank or "results_total" in blank:
                continue
            v = {r: as_number(x) for r, x in cells.items()}
            if v["new_received"] + v["carried_over"] != v["results_total"] + v["carried_forward"]:
                fails.add(("T3-01", col))
            if sum(v[r] for r in result_rows(variant)) != v["results_total"]:
                fails.add(("T3-02", col))
        for key, row in a.items():
            if row["total"] is not None and sum(
                    as_number(row[c]) for c in APPLICANT_COLUMN_KEYS) != as_number(row["total"]):
                fails.add(("T3-03", key))
    for key, row in tables.get(REVIEW, {}).items():
        if row["total"] is not None and sum(as_number(row[c]) for c in REVIEW_OUTCOME_KEYS) != as_number(row["total"]):
            fails.add(("T4-01", key))
    return fails


BREAKAGES = ("T3-03", "T3-02", "T3-01", "T4-01")


def perturb(rng: random.Random, tables: dict[str, TableValues], variant: str, kind: str) -> str:
    """Break one identity on purpose (in place); returns a note saying what was changed."""
    a = tables[APPLICATIONS]
    if kind == "T3-03":  # a row sum off by one: the printed total of one result row
        row = rng.choice(result_rows(variant))
        a[row]["total"] = as_number(a[row]["total"]) + 1
        return f"applications.{row}.total +1"
    if kind == "T3-02":  # a result cell and its total moved together: a column sum breaks
        row, col = rng.choice(result_rows(variant)), rng.choice(APPLICANT_COLUMN_KEYS)
        a[row][col] = as_number(a[row][col]) + 1
        a[row]["total"] = as_number(a[row]["total"]) + 1
        return f"applications.{row}.{col} and total +1"
    if kind == "T3-01":  # new requests miscounted in one column (and its total)
        col = rng.choice(APPLICANT_COLUMN_KEYS)
        a["new_received"][col] = as_number(a["new_received"][col]) + 1
        a["new_received"]["total"] = as_number(a["new_received"]["total"]) + 1
        return f"applications.new_received.{col} and total +1"
    row = rng.choice(REVIEW_ROW_KEYS)  # T4-01
    tables[REVIEW][row]["total"] = as_number(tables[REVIEW][row]["total"]) + 1
    return f"review_litigation.{row}.total +1"


def shift_carry_over(tables: dict[str, TableValues], col: str) -> str:
    """X-01 breakage: one more request carried over and granted in one column, so the report
    itself stays consistent but disagrees with last year's carried_forward."""
    a = tables[APPLICATIONS]
    for row in ("carried_over", "granted", "results_total"):
        a[row][col] = as_number(a[row][col]) + 1
        a[row]["total"] = as_number(a[row]["total"]) + 1
    return f"applications.carried_over.{col} +1 (granted +1)"
