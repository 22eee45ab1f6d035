"""OCR'd tables are only trusted when their arithmetic holds (T3/T4 identities).

A misread digit (6 for 9) yields a plausible number, so recognition confidence alone cannot
catch it; the national tables are full of sums, which can. A table read by OCR whose identities
fail is kept, but flagged for review (``FoundTable.needs_review``) with a warning per failure.
Table 二 has no identity at all, and a failing identity does not say which cell slipped: a
number the recogniser itself doubted (a score under ``DOUBTFUL_SCORE``) is named in a warning of
its own, whatever the arithmetic says.
"""

from __future__ import annotations

from pipeline import template as T
from pipeline.document import Document, TableBlock
from pipeline.evidence import FoundTable
from pipeline.model import Table

#: a number cell OCR read below this score is doubtful (the recogniser's digits of a clean
#: page read at ≥ 0.98; a rule's anti-aliased edge beside a digit pulls its score down)
DOUBTFUL_SCORE = 0.9


def _value(table: Table, row: str, col: str) -> float | None:
    cell = table.get(row, {}).get(col)
    if cell is None:
        return None  # a row or column not read (cut by the page's edge): unknown, not 0
    if cell.semantic in ("empty", "na"):
        return 0  # a printed blank or dash adds nothing to a sum
    return cell.value if cell.semantic == "number" else None


def _sum(values: list[float | None]) -> float | None:
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


def arithmetic_failures(table_id: str, table: Table, variant: str | None = None) -> list[str]:
    """Identities that do not hold: row totals (C6 / review outcomes), the results column sums
    and the balance new + carried over = handled + carried forward. Unknown cells are skipped."""
    failures: list[str] = []

    def check(label: str, parts: list[float | None], total: float | None) -> None:
        s = _sum(parts)
        if s is not None and total is not None and abs(s - total) > 1e-6:
            failures.append(f"{label}: parts sum to {s:g}, total printed {total:g}")

    if table_id == T.APPLICATIONS:
        for row in table:
            check(f"{row} row", [_value(table, row, c) for c in T.APPLICANT_COLUMN_KEYS],
                  _value(table, row, "total"))
        rows = T.result_rows(variant or ("2019" if "other_handling" in table else "2021"))
        for col in T.APPLICATION_COLUMN_KEYS:
            if "results_total" in table:
                check(f"results_total/{col}", [_value(table, r, col) for r in rows if r in table],
                      _value(table, "results_total", col))
            if all(k in table for k in ("new_received", "carried_over", "carried_forward",
                                        "results_total")):
                check(f"balance/{col}", [_value(table, "new_received", col),
                                         _value(table, "carried_over", col)],
                      _sum([_value(table, "results_total", col),
                            _value(table, "carried_forward", col)]))
    elif table_id == T.REVIEW:
        for row in table:
            check(f"{row} row", [_value(table, row, c) for c in T.REVIEW_OUTCOME_KEYS],
                  _value(table, row, "total"))
    return failures


def flag_for_review(found: FoundTable) -> list[str]:
    """Set ``needs_review`` on an OCR'd table whose arithmetic fails; the warnings to report."""
    if found.method != "ocr":
        return []
    failures = arithmetic_failures(found.table_id, found.table, found.variant)
    if failures:
        found.needs_review = True
    return [f"{found.table_id} read by OCR needs review: {f}" for f in failures]


def doubtful_cells(found: FoundTable, scores: dict[str, float | None]) -> list[str]:
    """Warnings naming the number cells of an OCR'd table read with a score under
    ``DOUBTFUL_SCORE`` (``scores``: recognition score by grid cell locator); the table is
    flagged for review when there is one."""
    out = []
    for row, cols in found.table.items():
        for col, cell in cols.items():
            score = scores.get(cell.locator or "")
            if cell.semantic == "number" and score is not None and score < DOUBTFUL_SCORE:
                out.append(f"{found.table_id}.{row}.{col} read by OCR needs review: "
                           f"{cell.raw!r} read at score {score:.2f} ({cell.locator})")
    if out:
        found.needs_review = True
    return out


def review_ocr_tables(doc: Document, found: list[FoundTable]) -> list[str]:
    """Mark the tables matched from OCR'd grids (``ocr:`` locators) as read by OCR and flag
    those whose arithmetic fails or whose numbers OCR doubted; the warnings to add to the
    report."""
    scores = {cell.locator: cell.confidence for block in doc.blocks
              if isinstance(block, TableBlock) and block.grid.locator.startswith("ocr:")
              for row in block.grid.rows for cell in row}
    warnings: list[str] = []
    for table in found:
        block = doc.blocks[table.block_index] if table.block_index < len(doc.blocks) else None
        if isinstance(block, TableBlock) and block.grid.locator.startswith("ocr:"):
            table.method = "ocr"
            warnings += flag_for_review(table)
            warnings += doubtful_cells(table, scores)
    return warnings
