"""Cross-document rules over two ``Report``s (report-format.md §6.8, §6.9).

``cross_year_checks(prev, cur)``: X-01…X-06 and T2-05 for one agency, years t−1 and t.
``duplicate_checks(a, b)``: H-02 for two agencies. ``expectations(report)``: what a report's own
claims imply about last year's (or next year's) tables, kept until that report is archived.
The archive (``db``) decides which reports to pair; these functions only compare.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from pipeline import template as T
from pipeline.checks.values import Ref, identity, read, same
from pipeline.model import Check, Report

A, L, D = T.APPLICATIONS, T.REVIEW, T.ACTIVE
JUMP = 5.0
#: headline cells for X-05 (T2-05 covers table 二's decisions and amounts)
HEADLINES: list[Ref] = [(A, "new_received", "total"), (A, "results_total", "total"),
                        (L, "review", "total"), (L, "lawsuit_direct", "total")]
ACTIVE_HEADLINES = [(D, r, c) for r, c in (("admin_licensing", "decisions"),
                                           ("admin_penalty", "decisions"),
                                           ("admin_coercion", "decisions"),
                                           ("admin_fees", "amount_wan_yuan"))]
APPLICATION_SUBJECT = re.compile(r"申请|办件")


def _pair(prev: Report, cur: Report) -> Report:
    """Both years' tables under ``prev:``/``cur:`` ids, so one identity can mix the years."""
    tables = {f"prev:{k}": v for k, v in prev.tables.items()}
    tables.update({f"cur:{k}": v for k, v in cur.tables.items()})
    return Report(source=cur.source, format=cur.format, year=cur.year, tables=tables)


def _x01(prev: Report, cur: Report, pair: Report) -> list[Check]:
    if not (prev.tables.get(A) and cur.tables.get(A)):
        return [Check("X-01", "not_assessable", None, message="table 三 missing in one year")]
    return [identity("X-01", col, pair, [(f"prev:{A}", "carried_forward", col)],
                     [(f"cur:{A}", "carried_over", col)]) for col in T.APPLICATION_COLUMN_KEYS]


def _x02(prev: Report, cur: Report, pair: Report) -> list[Check]:
    if not (prev.format == cur.format == "2021" and prev.tables.get(D) and cur.tables.get(D)):
        return []
    checks = []
    for row in ("rules", "normative_docs"):
        p = read(pair, [(f"prev:{D}", row, "in_force"), (f"cur:{D}", row, "issued")])
        r = read(pair, [(f"cur:{D}", row, "repealed")])
        t = read(pair, [(f"cur:{D}", row, "in_force")])
        if not (p.ok and r.ok and t.ok):
            checks.append(Check("X-02", "not_assessable", row, message="cells unreadable"))
            continue
        expected = p.total - r.total
        ok = same(expected, t.total)
        checks.append(Check("X-02", "pass" if ok else "warn", row, expected, t.total,
                            f"{p.values[0]} + {p.values[1]} − {r.total} "
                            f"{'=' if ok else '≠'} {t.total}"))
    return checks


def _x03(prev: Report, cur: Report, pair: Report) -> list[Check]:
    if not (prev.format == cur.format == "2019" and prev.tables.get(D) and cur.tables.get(D)):
        return []
    rows = [r.key for r in T.active_rows("2019") if "prev_year_items" in r.columns]
    return [identity("X-03", row, pair, [(f"prev:{D}", row, "prev_year_items"),
                                         (f"prev:{D}", row, "items_change")],
                     [(f"cur:{D}", row, "prev_year_items")], violation="warn") for row in rows]


def _received(report: Report) -> float | int | None:
    ops = read(report, [(A, "new_received", "total")])
    if ops.ok:
        return ops.total
    claim = next((c for c in report.claims if c.key == "applications_received"), None)
    return claim.value if claim else None


def _decimals(value: float | int) -> int:
    text = repr(float(value)).rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def percent_fits(prev: float | int, cur: float | int, percent: float | int) -> bool:
    """abs(100·(cur/prev − 1) − p) ≤ 10^−k, k = decimals printed in p."""
    if not prev:
        return False
    return abs(100 * (cur / prev - 1) - percent) <= 10 ** -_decimals(percent) + 1e-9


def _yoy_claims(report: Report):
    return [c for c in report.claims if c.key in ("yoy_change_percent", "yoy_change_count")
            and APPLICATION_SUBJECT.search(c.text)]


def _x04(prev: Report, cur: Report) -> list[Check]:
    checks = []
    v_prev, v_cur = _received(prev), _received(cur)
    seen: set[str] = set()
    for claim in _yoy_claims(cur):
        if claim.key in seen:
            continue
        seen.add(claim.key)
        if v_prev is None or v_cur is None:
            checks.append(Check("X-04", "not_assessable", claim.key, None, claim.value,
                                "requests received unreadable in one year"))
            continue
        if claim.key == "yoy_change_percent":
            ok = percent_fits(v_prev, v_cur, claim.value)
            actual = round(100 * (v_cur / v_prev - 1), 1) if v_prev else None
        else:
            ok, actual = same(v_cur - v_prev, claim.value), v_cur - v_prev
        checks.append(Check("X-04", "pass" if ok else "warn", claim.key, claim.value, actual,
                            f"claimed {claim.value}{claim.unit or ''}; tables {v_prev} → {v_cur}"))
    return checks


def _jumps(check_id: str, prev: Report, cur: Report, refs: list[Ref]) -> list[Check]:
    checks = []
    for ref in refs:
        p, c = read(prev, [ref]), read(cur, [ref])
        if not (p.ok and c.ok) or not p.total or not c.total:
            continue  # absent, unreadable or zero: no ratio
        ratio = c.total / p.total
        jump = ratio > JUMP or ratio < 1 / JUMP
        checks.append(Check(check_id, "info" if jump else "pass", ".".join(ref), p.total,
                            c.total, f"×{ratio:.3g} year on year"
                            + (" (scope change or 元/万元 mix-up?)" if jump else "")))
    return checks


def _x06(prev: Report, cur: Report) -> list[Check]:
    problems = []
    for r in (prev, cur):
        if r.year and r.format == "2021" and r.year < 2021:
            problems.append(f"2021 layout in a {r.year} report")
    if prev.format == "2021" and cur.format == "2019":
        problems.append("2019 layout after a 2021 layout")
    return [Check("X-06", "warn" if problems else "pass", None,
                  message="; ".join(problems) or f"{prev.format} → {cur.format}")]


def cross_year_checks(prev: Report, cur: Report) -> list[Check]:
    """X-01…X-06 and T2-05 for the same agency's reports of years t−1 (prev) and t (cur)."""
    pair = _pair(prev, cur)
    return (_x01(prev, cur, pair) + _x02(prev, cur, pair) + _x03(prev, cur, pair)
            + _x04(prev, cur) + _jumps("X-05", prev, cur, HEADLINES)
            + (_jumps("T2-05", prev, cur, ACTIVE_HEADLINES) if prev.format == cur.format else [])
            + _x06(prev, cur))


def _cells_equal(a: Report, b: Report) -> bool:
    def values(r: Report):
        return {t: {row: {c: (cell.semantic, cell.value) for c, cell in cols.items()}
                    for row, cols in rows.items()} for t, rows in r.tables.items()}
    return bool(a.tables) and values(a) == values(b)


def duplicate_checks(a: Report, b: Report, shared_template_ids: int = 0) -> list[Check]:
    """H-02 for two reports of different agencies. ``shared_template_ids``: how many Word
    bookmark ids (``lineage.template_ids`` of each file) the two documents share."""
    scope = f"{a.agency} | {b.agency}"
    if a.source.sha256 == b.source.sha256:
        return [Check("H-02", "warn", scope, message="the same file under two agencies")]
    if _cells_equal(a, b) and (a.agency != b.agency or a.year == b.year):
        return [Check("H-02", "warn", scope, message="identical tables under two agencies")]
    if shared_template_ids:
        return [Check("H-02", "info", scope, None, shared_template_ids,
                      f"same Word template ({shared_template_ids} shared bookmark ids); "
                      "different files and tables")]
    return []


@dataclass
class Expectation:
    """What a report's own statements imply for a report not yet archived."""

    check_id: str
    year: int
    ref: Ref
    values: list[float | int] = field(default_factory=list)
    text: str = ""


def _candidates(cur: float | int, percent: float | int) -> list[int]:
    if percent <= -100:
        return []
    centre = cur / (1 + percent / 100)
    return [n for n in range(max(1, math.floor(centre * 0.9) - 1), math.ceil(centre * 1.1) + 2)
            if percent_fits(n, cur, percent)]


def expectations(report: Report, charts: list | None = None) -> list[Expectation]:
    """X-04 (last year's requests from a claimed change), X-01 (next year's carried_over row
    from this year's carried_forward) and chart series naming earlier years (``Prose.charts``)."""
    out: list[Expectation] = []
    year = report.year
    if year is None:
        return out
    cur = _received(report)
    for claim in _yoy_claims(report):
        if cur is None:
            continue
        values = (_candidates(cur, claim.value) if claim.key == "yoy_change_percent"
                  else [cur - claim.value])
        out.append(Expectation("X-04", year - 1, (A, "new_received", "total"), values, claim.text))
        break
    forward = report.tables.get(A, {}).get("carried_forward", {})
    for col, cell in forward.items():
        if cell.is_number:
            out.append(Expectation("X-01", year + 1, (A, "carried_over", col), [cell.value],
                                   f"carried_forward.{col} of {year}"))
    for chart in charts or []:
        for name, values in chart.series.items():
            if name in ("办件量", "申请量"):
                for category, value in zip(chart.categories, values):
                    if category.isdigit() and int(category) < year:
                        out.append(Expectation("X-04", int(category), (A, "new_received", "total"),
                                               [value], f"chart “{chart.title}”: {name} {category}"))
    return out


def aggregate_check(parent: Report, children: list[Report]) -> list[Check]:
    """H-01 for a parent report that explicitly aggregates its area: its headline cells against
    the sums of its children's. Always ``info`` (most government reports cover only the
    government itself, so a difference is an observation, not an error)."""
    checks = []
    for ref in HEADLINES:
        p = read(parent, [ref])
        kids = [read(child, [ref]) for child in children]
        if not p.ok or not kids or not all(k.ok for k in kids):
            continue
        total = sum(k.total for k in kids)
        checks.append(Check("H-01", "info", ".".join(ref), total, p.total,
                            f"parent {p.total}, {len(kids)} children sum to {total}"
                            + ("" if same(total, p.total) else " (the parent may cover only itself)")))
    return checks
