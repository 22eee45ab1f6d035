"""CELL-01…06: every cell parses, is non-negative, has the right kind of number and unit;
blank counts; every expected label matched exactly once (report-format.md §6.2).

A table whose cells all pass gets one ``pass`` instance scoped to the table id; each violating
cell gets its own instance scoped ``table.row.col``.
"""

from __future__ import annotations

from pipeline import template as T
from pipeline.checks.values import applications_variant
from pipeline.evidence import Evidence, FoundTable
from pipeline.model import Cell, Check, Report

#: CELL-05 warns when more than this share of a table's cells is blank or na
BLANK_SHARE_WARN = 0.5


def _cells(report: Report, table_id: str) -> list[tuple[str, Cell]]:
    return [(f"{table_id}.{r}.{c}", cell)
            for r, cols in report.tables.get(table_id, {}).items() for c, cell in cols.items()]


def _per_cell(check_id: str, table_id: str, bad: list[Check], ok_message: str) -> list[Check]:
    return bad or [Check(check_id, "pass", table_id, message=ok_message)]


def _cell01(table_id: str, cells: list[tuple[str, Cell]]) -> list[Check]:
    bad = [Check("CELL-01", "fail", scope, message=f"does not parse: {cell.raw!r}")
           for scope, cell in cells if cell.semantic == "text"]
    missing = [scope for scope, cell in cells if cell.semantic == "missing"]
    if not bad and missing:
        return [Check("CELL-01", "not_assessable", table_id,
                      message=f"{len(missing)} cells missing (unreadable or partly recovered)")]
    return _per_cell("CELL-01", table_id, bad, f"{len(cells)} cells parse")


def _cell02(table_id: str, cells: list[tuple[str, Cell]]) -> list[Check]:
    bad = [Check("CELL-02", "fail", scope, 0, cell.value, f"negative value {cell.value}")
           for scope, cell in cells if cell.is_number and cell.value is not None
           and cell.value < 0 and scope.split(".")[2] not in T.SIGNED_COLUMNS]
    return _per_cell("CELL-02", table_id, bad, "no negative value")


def _cell03(table_id: str, cells: list[tuple[str, Cell]]) -> list[Check]:
    bad = []
    for scope, cell in cells:
        if not cell.is_number or cell.value is None:
            continue
        if scope.split(".")[2] in T.MONEY_COLUMNS:
            if round(cell.value, 4) != cell.value:
                bad.append(Check("CELL-03", "warn", scope, None, cell.value,
                                 "amount with more than 4 decimals"))
        elif not float(cell.value).is_integer():
            bad.append(Check("CELL-03", "fail", scope, None, cell.value, "count is not an integer"))
    return _per_cell("CELL-03", table_id, bad, "counts are integers, amounts ≤ 4 decimals")


def _cell04(table_id: str, cells: list[tuple[str, Cell]]) -> list[Check]:
    money = [(s, c) for s, c in cells if s.endswith(".amount_wan_yuan")]
    if not money:
        return []
    bad = [Check("CELL-04", "warn", scope, message=f"元 written in a 万元 cell: {cell.raw!r}")
           for scope, cell in money if cell.raw and "元" in cell.raw and "万" not in cell.raw]
    return _per_cell("CELL-04", table_id, bad, "万元 cells carry no 元 unit")


def _cell05(table_id: str, cells: list[tuple[str, Cell]], share_warn: float) -> list[Check]:
    blank = sum(cell.semantic in ("empty", "na") for _, cell in cells)
    share = blank / len(cells) if cells else 0
    status = "warn" if share > share_warn else "info"
    return [Check("CELL-05", status, table_id, None, blank,
                  f"{blank} of {len(cells)} cells blank or na ({share:.0%})")]


def _expected(report: Report, table_id: str, found: FoundTable | None) -> dict[str, tuple]:
    fmt = (found.format if found else None) or report.format
    return T.expected_cells(table_id, fmt if fmt in ("2019", "2021") else None,
                            applications_variant(report))


def _cell06(report: Report, table_id: str, found: FoundTable | None) -> list[Check]:
    table = report.tables[table_id]
    missing = list(found.missing_labels) if found else []
    duplicate = list(found.duplicate_labels) if found else []
    for row, cols in _expected(report, table_id, found).items():
        if row not in table:
            missing.append(row)
        else:
            missing += [f"{row}.{c}" for c in cols if c not in table[row]]
    missing = list(dict.fromkeys(missing))
    if missing or duplicate:
        parts = ([f"missing {', '.join(missing[:8])}"] if missing else []) + \
                ([f"duplicated {', '.join(duplicate[:8])}"] if duplicate else [])
        return [Check("CELL-06", "fail", table_id, None, None, "; ".join(parts))]
    return [Check("CELL-06", "pass", table_id, message="every expected row and column once")]


def cell_checks(report: Report, evidence: Evidence) -> list[Check]:
    share = float(evidence.agency_context.get("blank_share_warn", BLANK_SHARE_WARN))
    found = {f.table_id: f for f in evidence.tables}
    checks: list[Check] = []
    for table_id in T.TABLE_IDS:
        cells = _cells(report, table_id)
        if not cells:
            checks += [Check(i, "not_assessable", table_id, message="table not found in the document")
                       for i in ("CELL-01", "CELL-02", "CELL-03", "CELL-05", "CELL-06")]
            continue
        checks += _cell01(table_id, cells) + _cell02(table_id, cells) + _cell03(table_id, cells)
        checks += _cell04(table_id, cells) + _cell05(table_id, cells, share)
        checks += _cell06(report, table_id, found.get(table_id))
    return checks
