"""Reading operands under the blank policy (report-format.md §5.3) and comparing them.

- a number is a number; an explicit 0 is a number;
- a blank (``empty``) *total* cell is never 0: the check is ``not_assessable``;
- a blank *part* cell reads as 0 and the message says so;
- ``na``/``text``/``missing`` and absent cells make the check ``not_assessable``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline import template as T
from pipeline.model import Check, Report

Ref = tuple[str, str, str]  # (table_id, row_key, col_key)
MONEY_PLACES = 4


def _table_id(ref: Ref) -> str:
    """The canonical table id (cross-year pairs prefix it with ``prev:``/``cur:``)."""
    return ref[0].rsplit(":", 1)[-1]


def ref_name(ref: Ref) -> str:
    return ".".join(ref)


@dataclass
class Operands:
    """Values of several cells, with why they cannot be used and which blanks became 0."""

    values: list[float | int] = field(default_factory=list)
    unusable: list[str] = field(default_factory=list)
    blanks: list[str] = field(default_factory=list)

    @property
    def total(self) -> float | int:
        return sum(self.values)

    @property
    def ok(self) -> bool:
        return not self.unusable


def read(report: Report, refs: list[Ref] | tuple[Ref, ...]) -> Operands:
    ops = Operands()
    for ref in refs:
        cell = report.cell(*ref)
        if cell is None:
            ops.unusable.append(f"{ref_name(ref)} absent")
        elif cell.semantic == "number" and cell.value is not None:
            ops.values.append(cell.value)
        elif cell.semantic == "empty" and not T.is_total_cell(_table_id(ref), ref[1], ref[2]):
            ops.values.append(0)
            ops.blanks.append(ref_name(ref))
        elif cell.semantic == "empty":
            ops.unusable.append(f"{ref_name(ref)} blank total")
        else:
            ops.unusable.append(f"{ref_name(ref)} {cell.semantic}")
    return ops


def same(a: float | int, b: float | int, money: bool = False) -> bool:
    return round(a - b, MONEY_PLACES) == 0 if money else a == b


def fmt(values: list[float | int]) -> str:
    return " + ".join(str(v) for v in values) if values else "0"


def blank_note(*ops: Operands) -> str:
    blanks = [b for o in ops for b in o.blanks]
    return f"; blanks read as 0: {', '.join(blanks)}" if blanks else ""


def not_assessable(check_id: str, scope: str | None, *ops: Operands, why: str = "") -> Check:
    reasons = [u for o in ops for u in o.unusable]
    message = why or ("not assessable: " + ", ".join(reasons[:5])
                      + (f" (+{len(reasons) - 5} more)" if len(reasons) > 5 else ""))
    return Check(check_id, "not_assessable", scope, None, None, message)


def identity(check_id: str, scope: str | None, report: Report, parts: list[Ref],
             totals: list[Ref], *, violation: str = "fail", money: bool = False) -> Check:
    """sum(parts) = sum(totals); ``expected`` is the parts' sum, ``actual`` the printed side."""
    p, t = read(report, parts), read(report, totals)
    if not (p.ok and t.ok):
        return not_assessable(check_id, scope, p, t)
    holds = same(p.total, t.total, money)
    text = f"{fmt(p.values)} {'=' if holds else '≠'} {fmt(t.values)}{blank_note(p, t)}"
    return Check(check_id, "pass" if holds else violation, scope, p.total, t.total, text)


def at_most(check_id: str, scope: str | None, report: Report, lower: list[Ref],
            upper: list[Ref], *, violation: str = "fail") -> Check:
    """sum(lower) ≤ sum(upper); ``expected`` is the bound, ``actual`` the bounded value."""
    lo, up = read(report, lower), read(report, upper)
    if not (lo.ok and up.ok):
        return not_assessable(check_id, scope, lo, up)
    holds = lo.total <= up.total
    text = f"{fmt(lo.values)} {'≤' if holds else '>'} {fmt(up.values)}{blank_note(lo, up)}"
    return Check(check_id, "pass" if holds else violation, scope, up.total, lo.total, text)


def applications_variant(report: Report) -> str:
    """The variant whose rows the table holds; the format (else 2021) when not visible."""
    if report.applications_variant in ("2019", "2021"):
        return report.applications_variant
    rows = report.tables.get(T.APPLICATIONS, {})
    if "other_handling" in rows:
        return "2019"
    if any(k in rows for k in T.APPLICATION_SUBTOTALS["other_handling"]):
        return "2021"
    return "2019" if report.format == "2019" else "2021"


def group_refs(report: Report, group: str, col: str) -> list[Ref]:
    """Cells of a derived subtotal (denied_subtotal… other_handling) for the report's variant."""
    if group == "other_handling" and applications_variant(report) == "2019":
        return [(T.APPLICATIONS, "other_handling", col)]
    return [(T.APPLICATIONS, row, col) for row in T.APPLICATION_SUBTOTALS[group]]


def table_present(report: Report, table_id: str) -> bool:
    return bool(report.tables.get(table_id))
