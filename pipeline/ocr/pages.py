"""Tables a page break cut in two, joined again from the page pictures of one PDF.

A PDF whose pages are read from their pictures gives one grid per page of a table that runs
over a page break: table 三's last rows, or table 四's numbers under a header left on the page
before, stand on the next page without the labels that name the table. A table continued on
the next page keeps its columns, so a grid that ends one page picture and a grid that starts
the next one with the same column rules (as far apart as the rendering's rounding) are one
table: the second one's rows are appended to the first.
"""

from __future__ import annotations

import re

from pipeline.document import Block, Grid, GridCell, ImageBlock, TableBlock

#: column rules of two pages' grids this many pixels apart are the same rule (the page
#: pictures are rendered at one scale; a rule's centre moves by a pixel or two)
SAME_RULE_PX = 6
_PAGE = re.compile(r"^pdf:p(\d+)$")
_CROP = re.compile(r"@(\d+),(\d+),(\d+),(\d+)$")


def column_rules(grid: Grid) -> list[int] | None:
    """The x of the grid's column rules, from its cells' crops (``…@x0,y0,x1,y1``); None when
    a cell has no crop."""
    edges: dict[int, int] = {}
    for row in grid.rows:
        for cell in row:
            found = _CROP.search(cell.locator)
            if found is None:
                return None
            x0, x1 = int(found.group(1)), int(found.group(3))
            edges.setdefault(cell.col, x0)
            edges[cell.col + cell.colspan] = x1
    if len(edges) != grid.n_cols + 1:
        return None
    return [edges[c] for c in sorted(edges)]


def continues(before: Grid, after: Grid) -> bool:
    a, b = column_rules(before), column_rules(after)
    return a is not None and b is not None and len(a) == len(b) and \
        all(abs(x - y) <= SAME_RULE_PX for x, y in zip(a, b))


def joined(before: Grid, after: Grid) -> Grid:
    """``before`` with the rows of ``after`` below it (cells keep their own locators)."""
    offset = before.n_rows
    copies: dict[int, GridCell] = {}
    rows = [list(row) for row in before.rows]
    for row in after.rows:
        out = []
        for cell in row:
            if id(cell) not in copies:
                copies[id(cell)] = GridCell(cell.text, cell.row + offset, cell.col,
                                            cell.rowspan, cell.colspan, cell.locator,
                                            cell.confidence)
            out.append(copies[id(cell)])
        rows.append(out)
    return Grid(rows, before.locator)


def join_page_breaks(read: list[tuple[ImageBlock, list[Block]]]) -> tuple[
        list[tuple[ImageBlock, list[Block]]], list[str]]:
    """What each picture read, with a table that ends one whole-page picture (``pdf:pN``)
    joined with a table that starts the next page's picture when their columns are the same;
    a note per join."""
    notes: list[str] = []
    for k in range(1, len(read)):
        (first, before), (second, after) = read[k - 1], read[k]
        pages = _PAGE.match(first.locator or ""), _PAGE.match(second.locator or "")
        if not all(pages) or int(pages[1].group(1)) != int(pages[0].group(1)) + 1:
            continue
        if not (before and after and isinstance(before[-1], TableBlock)
                and isinstance(after[0], TableBlock)):
            continue
        if continues(before[-1].grid, after[0].grid):
            notes.append(f"{after[0].grid.locator}: table continued from the page before "
                         f"({before[-1].grid.locator}); joined")
            before[-1] = TableBlock(joined(before[-1].grid, after[0].grid))
            del after[0]
    return read, notes
