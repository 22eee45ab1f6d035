"""Every table reading checked against a second one: where a document has a text layer besides
its tables (a PDF's ruled or positional reading), the text-layer reconstructor reads the same
tables again and the two are compared cell by cell.

The first reading stays what the report says; a cell the two read differently gets a warning
naming the cell, both locators and both printed texts, so the disagreement is seen, never
silently resolved. Cells either reading left ``missing`` are not compared (nothing to weigh).
"""

from __future__ import annotations

from pipeline.document import Document
from pipeline.evidence import FoundTable
from pipeline.model import Cell


def cross_check(doc: Document, found: list[FoundTable]) -> list[str]:
    """Warnings for the cells of ``found`` that the text layer of ``doc`` reads differently."""
    if not doc.text_layer or not found:
        return []
    from pipeline.tables.textlayer import reconstruct
    second = {t.table_id: t.table for t in reconstruct(doc.text_layer)}
    warnings = []
    for table in found:
        other = second.get(table.table_id, {})
        for row, cols in table.table.items():
            for col, cell in cols.items():
                theirs = other.get(row, {}).get(col)
                if theirs is not None and _disagree(cell, theirs):
                    warnings.append(
                        f"cross-check {table.table_id}.{row}.{col}: {cell.locator} reads "
                        f"{_shown(cell)}, the text layer ({theirs.locator}) reads {_shown(theirs)}")
    return warnings


def _disagree(a: Cell, b: Cell) -> bool:
    if "missing" in (a.semantic, b.semantic):
        return False
    return (a.semantic, a.value) != (b.semantic, b.value)


def _shown(cell: Cell) -> str:
    return repr(cell.raw if cell.raw is not None else "")
