"""Table 二 of an unruled PDF → one grid, from word positions, sub-table by sub-table.

Table 二 is a stack of sub-tables, each opened by its caption (第二十条第（五）项), then a
header row (信息内容 and one header per value column), then its rows: a label and as many
numbers as the sub-table has columns (3, 1, 1, 1 and 2 in the 2021 template). The columns of one
sub-table are the x ranges its own numbers occupy (``pdf_positions``); its header words stand
over them (each wrapped line of a header centred, flush left or right over its column alike),
its labels wrap to the left of them (行政 / 许可, with the numbers on neither line when the cell
is centred vertically). The grid gives each sub-table a caption row, a header row and its rows,
the last value cell spanning to the table's widest sub-table: the matcher reads the header's
column names, never positions.

A header word over the centres of two columns is two headers read as one: both columns stay
without a header, so the row has more values than named columns and its cells are missing. A
row whose label belongs to another item than the caption above it (a caption lost, or the
header of another sub-table repeated after a page break) is left out, never read under the
wrong header.
"""

from __future__ import annotations

import re

from pipeline import template as T
from pipeline.document import Grid, GridCell
from pipeline.readers.pdf_headers import Word
from pipeline.readers.pdf_layout import column_of, label_blocks, label_rows, value_columns, values
from pipeline.tables.normalize import squash

_CAPTION = re.compile(r"第二十条第[（(]([一二三四五六七八九十]+)[)）]项")
_ITEM = {roman: item for item, roman in T.ART20_ROMAN.items()}
#: row label -> the 第二十条 items it is printed under (both formats)
_ROW_ITEMS: dict[str, set[int]] = {}
for _row in T.ACTIVE_ROWS_2021 + T.ACTIVE_ROWS_2019:
    _ROW_ITEMS.setdefault(squash(_row.label), set()).add(_row.art20_item)
#: the texts of the label column: 信息内容 over the row labels
_LABEL_TEXTS = (T.ITEM_HEADER, *_ROW_ITEMS)


def is_active_start(text: str) -> bool:
    return bool(_CAPTION.search(text))


def names_active_row(texts: list[str]) -> bool:
    """Do these lines print a row label of table 二 (wrapped or not: 行政事 / 业性收 / 费)?"""
    joined = squash("".join(texts))
    return any(label in joined for label in _ROW_ITEMS)


def active_grid(lines: list[list[Word]], locator: str) -> Grid | None:
    """The sub-tables of table 二 stacked in one grid; None without any number."""
    parts: list[tuple[str, int | None, list[list[GridCell]]]] = []
    start = None
    for i, ln in enumerate(lines + [[]]):
        text = "".join(w.text for w in ln)
        if i == len(lines) or _CAPTION.search(text):
            if start is not None:
                caption = "".join(w.text for w in lines[start])
                found = _CAPTION.search(caption)
                item = _ITEM.get(found.group(1)) if found else None
                rows = _sub_table(lines[start + 1:i])
                if rows:
                    parts.append((caption, item, rows))
            start = i
    if not parts:
        return None
    width = max(len(row) for _, _, rows in parts for row in rows)
    out: list[list[GridCell]] = []
    for caption, item, rows in parts:
        r = len(out)
        cell = GridCell(caption, r, 0, 1, width, f"{locator}/r{r + 1}/c1")
        out.append([cell] * width)
        for k, row in enumerate(rows):
            label = squash(row[0].text)
            if k > 0 and item is not None and label in _ROW_ITEMS \
                    and item not in _ROW_ITEMS[label]:
                continue  # a row of another item: never read under this caption's header
            r = len(out)
            cells = [GridCell(c.text, r, j, 1, 1 if j < len(row) - 1 else width - j,
                              f"{locator}/r{r + 1}/c{j + 1}") for j, c in enumerate(row)]
            out.append(cells + [cells[-1]] * (width - len(row)))
    return Grid(out, locator)


def _is_label_piece(w: Word) -> bool:
    text = squash(w.text)
    return bool(text) and any(text in label for label in _LABEL_TEXTS)


def _sub_table(lines: list[list[Word]]) -> list[list[GridCell]]:
    """A sub-table below its caption: [header row, data rows…], each a label cell and one cell
    per value column; [] without any number. The label column ends with the template's label
    texts (信息内容, 行政许可 …): a header set left in a wide cell over numbers set right stays
    a header. Headers go by the value column their centre stands over."""
    data = [i for i, ln in enumerate(lines) if values(ln)]
    if not data:
        return []
    rows = [lines[i] for i in data]
    cols = value_columns(rows)
    edge = max((w.x1 for ln in lines for w in ln if w.x1 <= cols[0][0] and _is_label_piece(w)),
               default=cols[0][0] - 1.0)

    def in_labels(w: Word) -> bool:
        return w.x0 < edge - 0.5 and w.x1 <= cols[0][0]

    body = _header_end(lines, data[0], in_labels)
    tops = [min(w.top for w in ln) for ln in rows]
    blocks = label_blocks([w for ln in lines[body:] for w in ln if in_labels(w)], tops,
                          tuple(_ROW_ITEMS))
    blocks = [b for b in blocks if b.top <= tops[-1] + 3 * b.size]
    centres = [(a + b) / 2 for a, b in cols]
    label = "".join(w.text for ln in lines[:body] for w in ln if in_labels(w))
    heads = [""] * len(cols)
    merged: set[int] = set()
    for w in sorted((w for ln in lines[:body] for w in ln if not in_labels(w)),
                    key=lambda w: (w.top, w.x0)):
        over = [i for i, x in enumerate(centres) if w.x0 <= x <= w.x1]
        if len(over) > 1:
            merged.update(over)
            continue
        c = over[0] if over else min(range(len(cols)),
                                     key=lambda i: abs(centres[i] - (w.x0 + w.x1) / 2))
        heads[c] += w.text
    out = [[GridCell(label, 0, 0)] + [GridCell("" if c in merged else h, 0, c + 1)
                                      for c, h in enumerate(heads)]]
    for k, ln in enumerate(rows):
        row = [GridCell("", k + 1, c) for c in range(len(cols) + 1)]
        for w in values(ln):
            c = column_of(w, cols)
            if c is not None and not row[c + 1].text:
                row[c + 1].text = w.text
        out.append(row)
    for block in sorted(blocks, key=lambda b: b.top):
        k = label_rows(block, tops, False)[0]
        out[k + 1][0].text += block.text
    return out


def _header_end(lines: list[list[Word]], first: int, in_labels) -> int:
    """The first line of a sub-table's body: its header is the lines with words over the value
    columns, or label text going on with 信息内容 (信息内 / 容); a label's first line set above
    its numbers (行政 / 19 / 许可) is the body."""
    head = ""
    for i, ln in enumerate(lines[:first]):
        left = "".join(w.text for w in ln if in_labels(w))
        if any(not in_labels(w) for w in ln) or (
                left and T.ITEM_HEADER.startswith(squash(head + left))):
            head += left
            continue
        return i
    return first
