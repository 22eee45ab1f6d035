"""Table 二 from a plain text layer: its values counted against the rows of exactly one format,
in line order where every row's values stand on a line of their own after its label; else
the rows whose own line holds their label and values, and the sub-tables whose printed
reading order leaves one assignment (``textlayer_captions``). See ``pipeline.tables.textlayer``."""

from __future__ import annotations

from pipeline import template as T
from pipeline.evidence import FoundTable
from pipeline.model import Cell, Table
from pipeline.tables.normalize import squash
from pipeline.tables.textitems import (Item, by_own_line, rows_by_line, rows_in_order,
                                       rows_without_own_label, values_in, region_text)
from pipeline.tables.textlayer_captions import read_by_captions

__all__ = ["read_active"]


def read_active(items: list[Item], region: tuple[int, int], warnings: list[str]) -> FoundTable:
    values = values_in(items, region)
    text = region_text(items, region)
    fits = [fmt for fmt in ("2021", "2019")
            if sum(len(r.columns) for r in T.active_rows(fmt)) == len(values)]
    named = [fmt for fmt, cols in (("2021", T.ACTIVE_COLUMNS_2021), ("2019", T.ACTIVE_COLUMNS_2019))
             if squash(cols[0].label) in text]
    by_headers = _headers_name(text)
    fmt = fits[0] if len(fits) == 1 else (named[0] if len(named) == 1 else
                                          by_headers[0] if len(by_headers) == 1 else "2021")
    plan = [(r.key, r.columns) for r in T.active_rows(fmt)]
    if fits == [fmt] and (not named or named == [fmt]) and rows_by_line(plan, values):
        table = rows_in_order(plan, values, warnings)
        labels = {r.key: r.label for r in T.active_rows(fmt)}
        for row in rows_without_own_label(items, region, plan, values, labels):
            warnings.append(f"text:line{region[0] + 1}: table 二 row {row}: its line of values "
                            "is not printed after its own label; cells missing")
            table[row] = {c: Cell.missing(f"text:line{region[0] + 1}") for c in table[row]}
    elif fits == [fmt] and (not named or named == [fmt]) and len({v.text for v in values}) == 1:
        # table 二 has no identities to check an order against: out of line order its values
        # are read only where the order can't matter
        warnings.append(f"text:line{region[0] + 1}: table 二 values are not printed row by row; "
                        f"all {len(values)} are {values[0].text!r}, so their order does not matter")
        table = rows_in_order(plan, values, warnings)
    else:
        warnings.append(f"text:line{region[0] + 1}: table 二 has {len(values)} values, which "
                        f"fit no single format in line order; only rows with their values on their "
                        "own line are read")
        table = by_own_line(items, region,
                             [(r.key, r.columns, r.label) for r in T.active_rows(fmt)], warnings)
        if fmt in fits or by_headers == [fmt]:
            _merge(table, read_by_captions(items, region, fmt, warnings), warnings)
    return FoundTable(T.ACTIVE, region[0], table, format=fmt, method="text")


def _headers_name(text: str) -> list[str]:
    """The formats whose own column headers the region prints (a header of one format that is
    part of the other's, 处理决定数量 in 本年处理决定数量, names neither)."""
    labels = {fmt: {squash(c.label) for c in cols} for fmt, cols in
              (("2021", T.ACTIVE_COLUMNS_2021), ("2019", T.ACTIVE_COLUMNS_2019))}
    own = {fmt: {x for x in mine if not any(x in y for other, theirs in labels.items()
                                            if other != fmt for y in theirs)}
           for fmt, mine in labels.items()}
    return [fmt for fmt, mine in own.items() if any(x in text for x in mine)]


def _merge(table: Table, read: Table, warnings: list[str]) -> None:
    """Cells another rule read put where ``table`` is missing; a cell two rules read
    differently is missing (neither reading is sure)."""
    for row, cells in read.items():
        for col, cell in cells.items():
            have = table.get(row, {}).get(col)
            if have is None or have.semantic == "missing":
                table.setdefault(row, {})[col] = cell
            elif have.raw != cell.raw:
                warnings.append(f"{cell.locator}: table 二 {row}.{col} read as {have.raw!r} on "
                                f"its row's line and {cell.raw!r} in reading order; missing")
                table[row][col] = Cell.missing(cell.locator)
