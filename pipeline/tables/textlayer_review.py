"""Table 四 from a plain text layer: one row of fifteen values (行政复议 and the two 行政诉讼
groups, each 结果维持 / 结果纠正 / 其他结果 / 尚未审结 / 总计). Printed on one line they are in
template order; printed line by line (pdftotext without ``-layout`` reads the row block by
block under its vertical headers) the order of the lines is not the cells', and the values
are read only where every order the printed lines allow (``flow_orders``) that satisfies the
three 总计 identities gives the same value. See ``pipeline.tables.textlayer``."""

from __future__ import annotations

import re

from pipeline import template as T
from pipeline.evidence import FoundTable
from pipeline.model import Cell, Table
from pipeline.tables.flow_orders import MAX_THREADS, agreed_cells
from pipeline.tables.textitems import Item, cell_of

__all__ = ["read_review", "review_run_end"]

_SECTION = re.compile(r"^[五六七八九十]、")  # the sections after table 四
_ORDER = [(r, c) for r in T.REVIEW_ROW_KEYS for c in T.REVIEW_COLUMN_KEYS]
_GROUPS = [len(T.REVIEW_COLUMN_KEYS)] * len(T.REVIEW_ROW_KEYS)
#: the group headings and the groups (rows of the template) printed under each
_HEADINGS = ((T.REVIEW_GROUP, (0,)), (T.LITIGATION_GROUP, (1, 2)), ("未经复议直接起诉", (1,)),
             ("复议后起诉", (2,)))


def _first_run(items: list[Item], region: tuple[int, int]) -> list[Item]:
    """The region's first run of values with no label piece between them."""
    inside = [i for i in items if region[0] <= i.line < region[1]]
    first = next((n for n, i in enumerate(inside) if i.value), None)
    run: list[Item] = []
    if first is not None:
        for item in inside[first:]:
            if not item.value:
                break
            run.append(item)
    return run


def _section_values(items: list[Item], region: tuple[int, int]) -> list[Item]:
    """The values of a region up to the next numbered section heading (五、存在的主要问题…):
    the values a table printed out of order can have, without the prose and signature after."""
    out = []
    for item in items:
        if not region[0] <= item.line < region[1]:
            continue
        if not item.value and _SECTION.match(item.text) and item.line > region[0]:
            break
        if item.value:
            out.append(item)
    return out


def _all_missing(where: str) -> Table:
    return {r: {c: Cell.missing(where) for c in T.REVIEW_COLUMN_KEYS} for r in T.REVIEW_ROW_KEYS}


def read_review(items: list[Item], region: tuple[int, int], warnings: list[str],
                blank_lines: frozenset[int] = frozenset()) -> FoundTable:
    """Table 四 of a region; ``blank_lines``: the empty lines of the text (they end a block;
    a dropped page footer does not: poppler ends the block before a page's footer with a
    blank line of its own, and a footer put between two lines of a block is no cell edge)."""
    where = f"text:line{region[0] + 1}"
    run = _first_run(items, region)
    scattered = _section_values(items, region)
    values = run if len(run) == len(_ORDER) else scattered
    table: Table = _all_missing(where)
    if len(values) != len(_ORDER):
        warnings.append(f"{where}: table 四 has {len(run)} values in its row for "
                        f"{len(_ORDER)} columns; cells missing")
    elif len({i.line for i in values}) == 1:  # one line: left to right, the template's order
        for item, (r, c) in zip(values, _ORDER):
            table[r][c] = cell_of(item, c, warnings)
    elif len({i.text for i in values}) == 1:
        # fifteen equal values read the same in any order (a dash too, which no sum checks)
        warnings.append(f"{where}: table 四 values are printed line by line; all "
                        f"{len(_ORDER)} are {values[0].text!r}, so their order does not matter")
        for item, (r, c) in zip(values, _ORDER):
            table[r][c] = cell_of(item, c, warnings)
    else:
        inside = [i for i in items if region[0] <= i.line < region[1]]
        _by_identities(values, inside, table, where, warnings, blank_lines)
    return FoundTable(T.REVIEW, region[0], table, method="text")


def _blocks(items: list[Item], values: list[Item], blank_lines: frozenset[int]
            ) -> tuple[list[int], dict[int, frozenset[int]]]:
    """Per value its block (pieces on lines with no blank line between), and for
    each block printing a group heading, the cells under it and their neighbours (a block
    joins words side by side: a heading's block may hold the value of the column next to it)."""
    block_of: dict[int, int] = {}
    block, previous = -1, None
    for item in items:
        if previous is None or any(n in blank_lines for n in range(previous + 1, item.line)):
            block += 1
        block_of[item.line] = block
        previous = item.line
    spans: dict[int, set[int]] = {}
    width = len(T.REVIEW_COLUMN_KEYS)
    for item in items:
        for heading, groups in _HEADINGS:
            if not item.value and heading in item.text:
                spans.setdefault(block_of[item.line], set()).update(
                    c for g in groups for c in range(g * width - 1, (g + 1) * width + 1))
    return [block_of[v.line] for v in values], {b: frozenset(c) for b, c in spans.items()}


def _by_identities(values: list[Item], items: list[Item], table: Table, where: str,
                   warnings: list[str], blank_lines: frozenset[int]) -> None:
    blocks, spans = _blocks(items, values, blank_lines)
    found = agreed_cells(values, _GROUPS, blocks, spans)
    if found is None:
        warnings.append(f"{where}: table 四 values are printed line by line and no order of "
                        f"its lines (blocks of neighbouring cells, a merge of up to {MAX_THREADS} left-to-right runs) "
                        "satisfies its three 总计 identities; cells missing")
        return
    agreed, count = found
    read, disputed = [], []
    for item, (r, c) in zip(agreed, _ORDER):
        if item is None:
            disputed.append(f"{r}.{c}")
        else:
            table[r][c] = cell_of(item, c, warnings)
            read.append(f"{r}.{c}")
    warnings.append(f"{where}: table 四 values are printed line by line, not in one row; "
                    f"{count} orders of its lines satisfy its three 总计 identities; chosen by "
                    f"them where all agree: {', '.join(read) or 'no cell'}"
                    + (f"; missing where they disagree: {', '.join(disputed)}" if disputed else ""))


def review_run_end(items: list[Item], region: tuple[int, int]) -> int | None:
    """The line of the last value of table 四's row: its first run of values, or where that
    run is short of the row, the last value before the next section (a row printed block by
    block)."""
    run = _first_run(items, region)
    if len(run) < len(_ORDER):
        scattered = _section_values(items, region)
        if len(scattered) == len(_ORDER):
            return scattered[-1].line
    return run[-1].line if run else None
