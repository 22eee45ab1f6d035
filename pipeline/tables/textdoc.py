"""Tables of a text document: the label matchers' reading and the template reconstructor's
(``pipeline.tables.textlayer``), checked against each other.

In a plain text layer (no tab-indented cells, no pipe rows: pdftotext, pdfplumber, pypdf,
pasted text) a label matcher pairs a label with whatever values follow it, and pdftotext
without -layout prints values column by column, far from their labels; there a matched row
stands only where its values follow the last fragment of its own label. Where both readings
hold a cell and disagree, the cell is ``missing`` with a warning naming both readings, never a
silent pick; a cell only one of them placed is taken from that one.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline import template as T
from pipeline.document import Document, Paragraph, TextTableBlock
from pipeline.evidence import FoundTable
from pipeline.model import Cell
from pipeline.tables.normalize import is_value_text, norm_label
from pipeline.tables import textlayer

__all__ = ["is_plain_layer", "with_text_layer"]


def is_plain_layer(doc: Document) -> bool:
    """No tab-indented cell and no Markdown pipe row in any table text of the document."""
    return not any(line.startswith("\t") or line.lstrip(" ").startswith("|")
                   for block in doc.blocks if isinstance(block, TextTableBlock)
                   for line in block.lines)


def text_lines(doc: Document) -> tuple[list[str], list[int]]:
    """The document's lines at their source line numbers (``text:lineN`` locators stay
    true), with the index of the block each came from; lines no block kept are blank."""
    lines: list[str] = []
    owners: list[int] = []
    for index, block in enumerate(doc.blocks):
        if isinstance(block, TextTableBlock):
            first, texts = block.first_line, block.lines
        elif isinstance(block, Paragraph) and block.locator.startswith("text:line"):
            first, texts = int(block.locator[len("text:line"):]), [block.text]
        else:
            continue
        while len(lines) < first - 1:
            lines.append("")
            owners.append(index)
        lines[first - 1:first - 1 + len(texts)] = texts
        owners[first - 1:first - 1 + len(texts)] = [index] * len(texts)
    return lines, owners


def _row_label(table_id: str, row: str) -> str:
    rows = {T.ACTIVE: T.ACTIVE_ROWS_2021 + T.ACTIVE_ROWS_2019, T.REVIEW: T.REVIEW_ROWS,
            T.APPLICATIONS: T.APPLICATION_ROWS}[table_id]
    return " ".join(norm_label(r.label) for r in rows if r.key == row)


def _label_adjacent(matched: FoundTable, lines: list[str], warnings: list[str]) -> FoundTable:
    """A plain layer's matched rows, kept only where the line before a row's first value is
    the end of that row's label (table 四: any label text, its header) and the row's values
    stand on one line (or are all equal, so that their order does not matter)."""
    table = {}
    unplaced = []
    for row, cells in matched.table.items():
        placed = [c for c in cells.values() if _placed(c) and c.locator and
                  c.locator.startswith("text:line")]
        if not placed:  # a row read as missing (a partial row) stays as the matcher read it
            table[row] = cells
            continue
        n = min(int(c.locator[len("text:line"):].split("/")[0]) for c in placed) - 2
        while 0 <= n < len(lines) and not norm_label(lines[n]):
            n -= 1  # blank lines, and a closing quote printed on a line of its own
        prev = norm_label(lines[n]) if 0 <= n < len(lines) else ""
        label = _row_label(matched.table_id, row)
        ok = bool(prev) and not is_value_text(lines[n].strip()) and (
            matched.table_id == T.REVIEW or len(prev) >= 2 and prev in label)
        # values on one line are printed left to right; values on lines of their own come
        # in poppler's reading order, which does not fix the order of cells side by side
        spread = len({c.locator.split("/")[0] for c in placed}) > 1 and \
            len({c.raw for c in placed}) > 1
        if ok and spread:
            warnings.append(f"{placed[0].locator}: {matched.table_id} row {row}: its values "
                            "stand on lines of their own after its label, in an order the "
                            "text layer does not fix; not read")
            unplaced.append(f"{row}: values not on one line")
        elif ok:
            table[row] = cells
        else:
            where = placed[0].locator
            warnings.append(f"{where}: {matched.table_id} row {row}: its values do not follow "
                            "its label in the text layer; not read")
            unplaced.append(f"{row}: values not next to its label")  # nor its column keys
    return replace(matched, table=table, missing_labels=matched.missing_labels + unplaced)


def _placed(cell: Cell | None) -> bool:
    return cell is not None and cell.semantic != "missing"


def _cross_check(matched: FoundTable, rebuilt: FoundTable, warnings: list[str]) -> FoundTable:
    table = {row: dict(cells) for row, cells in matched.table.items()}
    for row, cells in rebuilt.table.items():
        for col, cell in cells.items():
            mine = table.get(row, {}).get(col)
            if not _placed(cell):
                continue
            if not _placed(mine):
                table.setdefault(row, {})[col] = cell
            elif (mine.value, mine.semantic) != (cell.value, cell.semantic):
                warnings.append(f"{mine.locator}: {matched.table_id} {row}.{col}: the label "
                                f"reading {mine.raw!r} and the template reading {cell.raw!r} "
                                f"({cell.locator}) disagree; cell missing")
                table[row][col] = Cell.missing(mine.locator)
    placed_rows = {r for r, cells in table.items() if any(_placed(c) for c in cells.values())}
    return replace(matched, table=table,
                   missing_labels=[m for m in matched.missing_labels
                                   if m.split(":")[0] not in placed_rows],
                   variant=matched.variant or rebuilt.variant,
                   subtotals={**rebuilt.subtotals, **matched.subtotals})


def with_text_layer(doc: Document, found: list[FoundTable]) -> list[FoundTable]:
    """``found`` (the label matchers' tables) completed and checked by the reconstructor."""
    lines, owners = text_lines(doc)
    rebuilt, warnings = textlayer.reconstruct_with_warnings(lines)
    notes: list[str] = []
    if is_plain_layer(doc):
        found = [_label_adjacent(t, lines, notes) for t in found]
    by_id = {t.table_id: t for t in found}
    for table in rebuilt:
        table.block_index = owners[table.block_index] if owners else 0
        current = by_id.get(table.table_id)
        by_id[table.table_id] = table if current is None else \
            _cross_check(current, table, notes)
        if current is None or any(not _placed(c) for cells in current.table.values()
                                  for c in cells.values()):
            notes += [w for w in warnings if _names(w, table.table_id)]
    doc.warnings.extend(dict.fromkeys(notes))
    return sorted(by_id.values(), key=lambda t: t.block_index)


_NAMES = {"active_disclosure": "table 二", "applications": "table 三", "review_litigation": "table 四"}


def _names(warning: str, table_id: str) -> bool:
    return _NAMES[table_id] in warning
