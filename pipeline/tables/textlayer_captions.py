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


def _after_prefix(lines: Lines, k: int, prefixes: list[str]) -> list[int]:
    """Where the header may start: at ``k``, or after label lines spelling one of
    ``prefixes`` (信息内容 and a single row's label, which stand left of the values)."""
    out = [k]
    for prefix in prefixes:
        end = _header(lines, k, prefix)
        if end is not None:
            out.append(end)
    return out


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


def _in_cell_order(lines: Lines, k: int, rows, labels: list[str]) -> list[list[Item]] | None:
    """The sub-table printed in its own cell order from line ``k`` (after its caption):
    信息内容 and the column headers, then each row's label followed by its values (one per
    line, or all on one line), blank lines anywhere. The rows' values, or None."""
    expected = [squash(T.ITEM_HEADER) + "".join(labels)] + [squash(r.label) for r in rows]
    out: list[list[Item]] = []
    for n, label in enumerate(expected):
        got = ""
        while k < len(lines) and got != label:
            text = _label(lines[k][1])
            if text is None or not label.startswith(got + text):
                return None
            got += text
            k += 1
        if got != label:
            return None
        if n == 0:
            continue
        values: list[Item] = []
        while k < len(lines) and _label(lines[k][1]) is None:
            values += lines[k][1]
            k += 1
        shape = {len(lines_of) for lines_of in _by_line(values)}
        if len(values) != len(rows[n - 1].columns) or shape - {1, len(values)} \
                or len(shape) > 1:
            return None
        out.append(values)
    return out


def _by_line(values: list[Item]) -> list[list[Item]]:
    lines: dict[int, list[Item]] = {}
    for v in values:
        lines.setdefault(v.line, []).append(v)
    return list(lines.values())


def _ends_cleanly(lines: Lines, last: Item, wider: list[str]) -> bool:
    """What follows a sub-table's last value is not the next column header of a wider
    sub-table whose headers begin with this one's (2019: (八)'s two columns begin (五)'s and
    (六)'s three): those values would belong to it, printed after a stray caption."""
    k = next(n for n, (number, _) in enumerate(lines) if number == last.line) + 1
    text = _label(lines[k][1]) if k < len(lines) else None
    return not text or not any(h.startswith(text) or text.startswith(h) for h in wider)


def read_by_captions(items: list[Item], region: tuple[int, int], fmt: str,
                     warnings: list[str]) -> dict[str, dict[str, Cell]]:
    """{row: {col: Cell}} of the sub-tables of table 二 (format ``fmt``) that follow one of the
    rules above; each read sub-table gets a warning naming its caption line and the rule."""
    lines = _lines(items, region)
    columns = T.active_columns(fmt)
    headers = {r.art20_item: [squash(columns[c].label) for c in r.columns]
               for r in T.active_rows(fmt)}
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
        ordered = _in_cell_order(lines, k, rows, labels)
        if ordered is not None:
            placed = [(r.key, c, v) for r, vals in zip(rows, ordered)
                      for c, v in zip(r.columns, vals)]
            rule = "in its own cell order: headers, then each row's label and its values"
        elif len(cols) == 1 or len(rows) == 1:
            item_header = squash(T.ITEM_HEADER)
            prefixes = [item_header] + ([item_header + squash(rows[0].label)]
                                        if len(rows) == 1 else [])
            found = [f for f in (_one_column(lines, at, labels[0], len(rows)) if len(cols) == 1
                                 else _one_row(lines, at, labels)
                                 for at in _after_prefix(lines, k, prefixes)) if f is not None]
            if len({tuple(i.line for i in f) for f in found}) != 1:
                continue
            found = found[0]
            if len(cols) == 1:
                placed = [(r.key, cols[0], v) for r, v in zip(rows, found)]
                rule = "one column: its caption, its header, then its values top to bottom"
            else:
                placed = [(rows[0].key, c, v) for c, v in zip(cols, found)]
                rule = "one row: each value after its column's header, left to right"
            wider = [h[len(labels)] for h in headers.values()
                     if len(h) > len(labels) and h[:len(labels)] == labels]
            if not _ends_cleanly(lines, found[-1], wider):
                continue
        else:
            continue  # cells side by side and one below the other: poppler's order is not fixed
        for row, col, value in placed:
            table.setdefault(row, {})[col] = cell_of(value, col, warnings)
        warnings.append(f"text:line{lines[starts[0]][0] + 1}: table 二 "
                        f"{T.ART20_CAPTION.format(item=T.ART20_ROMAN[item])} read from the "
                        f"printed reading order ({rule})")
    return table
