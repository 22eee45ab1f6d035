"""Table 二 sub-tables read from poppler's reading order (pdftotext without -layout).

Table 二 has no identity to check an order against, so its values are placed only where the
structure pdftotext prints leaves one assignment. Two rules of poppler's reading order hold in
every geometry tried (docs/accuracy.md, "Text layers and Markdown"):

- a cell is printed after the cells above it that overlap it horizontally: a sub-table's
  caption (第二十条第（五）项) comes before its column header, the header before the values
  under it, and a column's values come top to bottom;
- words on one baseline close together are one line, left to right.

What poppler does *not* fix is the order of cells side by side (a value may come before the
value left of it, and a value below-left may join the flow of the one above-right), so only
sub-tables whose values can't be confused that way are read:

- ``one column``: the caption, the header, then exactly the sub-table's rows of values, one
  per line, with nothing between (to the left of the values stand only labels);
- ``one row``: the caption, then for each column in order its header and its value with
  nothing between (flows may be cut by blank lines between columns), or the caption, the
  headers, then all the values on one line.

A sub-table printed any other way is left to the other readings (missing where none holds).
"""

from __future__ import annotations

from pipeline import template as T
from pipeline.model import Cell
from pipeline.tables.normalize import squash
from pipeline.tables.textitems import Item, cell_of

__all__ = ["read_by_captions"]

Lines = list[tuple[int, list[Item]]]


def _lines(items: list[Item], region: tuple[int, int]) -> Lines:
    out: dict[int, list[Item]] = {}
    for item in items:
        if region[0] <= item.line < region[1]:
            out.setdefault(item.line, []).append(item)
    return sorted(out.items())


def _label(line: list[Item]) -> str | None:
    """The squashed text of a line of labels only; None for a line holding a value."""
    if any(i.value for i in line):
        return None
    return squash("".join(i.text for i in line))


def _header(lines: Lines, k: int, wanted: str) -> int | None:
    """Index past the label lines from ``k`` on that spell exactly ``wanted`` (a header may
    wrap over several lines); None when they spell anything else or a line is skipped."""
    got = ""
    while k < len(lines) and got != wanted:
        text = _label(lines[k][1])
        if text is None or not wanted.startswith(got + text) or \
                k and got and lines[k][0] != lines[k - 1][0] + 1:
            return None
        got += text
        k += 1
    return k if got == wanted else None


def _values(lines: Lines, k: int) -> tuple[int, list[list[Item]]]:
    """The run of value-only lines from ``k`` on with no line between them (a blank line, a
    footer or a label ends a flow): (index past the run, the run's lines)."""
    run: list[list[Item]] = []
    while k < len(lines) and all(i.value for i in lines[k][1]):
        if run and lines[k][0] != lines[k - 1][0] + 1:
            break
        run.append(lines[k][1])
        k += 1
    return k, run


def _follows(lines: Lines, k: int) -> bool:
    """Line ``k`` comes right after line ``k - 1`` in the text (nothing skipped between)."""
    return k < len(lines) and lines[k][0] == lines[k - 1][0] + 1


def _one_column(lines: Lines, k: int, label: str, n_rows: int) -> list[Item] | None:
    end = _header(lines, k, label)
    if end is None or not _follows(lines, end):
        return None
    _, run = _values(lines, end)
    if len(run) != n_rows or any(len(line) != 1 for line in run):
        return None
    return [line[0] for line in run]


def _one_row(lines: Lines, k: int, labels: list[str]) -> list[Item] | None:
    end = _header(lines, k, "".join(labels))  # all headers, then one line of values
    if end is not None and _follows(lines, end):
        _, run = _values(lines, end)
        if len(run) == 1 and len(run[0]) == len(labels):
            return run[0]
    out: list[Item] = []
    for n, label in enumerate(labels):  # each header followed by its own value
        end = _header(lines, k, label)
        if end is None or not _follows(lines, end):
            return None
        k, run = _values(lines, end)
        if len(run) != 1 or len(run[0]) != 1:
            return None
        out.append(run[0][0])
        if n + 1 < len(labels) and k < len(lines) and _label(lines[k][1]) is None:
            return None
    return out


def read_by_captions(items: list[Item], region: tuple[int, int], fmt: str,
                     warnings: list[str]) -> dict[str, dict[str, Cell]]:
    """{row: {col: Cell}} of the sub-tables of table 二 (format ``fmt``) that follow one of the
    rules above; each read sub-table gets a warning naming its caption line and the rule."""
    lines = _lines(items, region)
    columns = T.active_columns(fmt)
    table: dict[str, dict[str, Cell]] = {}
    for item in sorted({r.art20_item for r in T.active_rows(fmt)}):
        rows = [r for r in T.active_rows(fmt) if r.art20_item == item]
        cols = rows[0].columns
        caption = squash(T.ART20_CAPTION.format(item=T.ART20_ROMAN[item]))
        starts = [k for k, (_, line) in enumerate(lines) if _label(line) == caption]
        if len(starts) != 1 or not _follows(lines, starts[0] + 1):
            continue  # a caption printed twice or not at all: which run is whose is unclear
        k = starts[0] + 1
        labels = [squash(columns[c].label) for c in cols]
        if len(cols) == 1:
            found = _one_column(lines, k, labels[0], len(rows))
            placed = None if found is None else [(r.key, cols[0], v) for r, v in zip(rows, found)]
            rule = "one column: its caption, its header, then its values top to bottom"
        elif len(rows) == 1:
            found = _one_row(lines, k, labels)
            placed = None if found is None else [(rows[0].key, c, v) for c, v in zip(cols, found)]
            rule = "one row: each value after its column's header, left to right"
        else:
            continue  # cells side by side and one below the other: poppler's order is not fixed
        if placed is None:
            continue
        for row, col, value in placed:
            table.setdefault(row, {})[col] = cell_of(value, col, warnings)
        warnings.append(f"text:line{lines[starts[0]][0] + 1}: table 二 "
                        f"{T.ART20_CAPTION.format(item=T.ART20_ROMAN[item])} read from the "
                        f"printed reading order ({rule})")
    return table
