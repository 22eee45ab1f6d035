"""Find the three statistics tables in a Document and match them to canonical keys.

Every table-like block (a grid from HTML/DOCX, a run of table text) is tried by each matcher;
what a matcher recognises by its own labels is that table, wherever it sits (tables lost after
the signature are found like any other). Fragments of one table in several blocks are joined.
Chart data rendered as text names no table labels and is never taken.
"""

from __future__ import annotations

from pipeline import template as T
from pipeline.document import Document, TableBlock, TextTableBlock
from pipeline.evidence import FoundTable
from pipeline.tables.normalize import squash
from pipeline.tables import active, applications, review
from pipeline.tables.textdoc import with_text_layer
from pipeline.tables.common import Match
from pipeline.tables.tokens import grid_tokens, text_tokens

__all__ = ["find_tables"]

#: phrases only table 三 prints (its header and first rows); a chart of outcomes has none
_APPLICATIONS_FINGERPRINT = ("本年新收", "上年结转", "勾稽关系", "申请人情况", "本年度办理结果")
_ORDER = {T.ACTIVE: 0, T.APPLICATIONS: 1, T.REVIEW: 2}


def _match_block(block, ocr: bool) -> list[Match]:
    if isinstance(block, TableBlock):
        tokens = grid_tokens(block.grid)
        grid = block.grid
    else:
        tokens, grid = text_tokens(block), None
    text = "".join(squash(t.text) for t in tokens if t.kind == "text")
    found: list[Match] = []
    method = "grid" if grid is not None else "text"
    # a grid OCR'd from a picture (locator ocr:…, or cells with a confidence): a lone 一 is a dash
    ocr = ocr or (grid is not None and (grid.locator.startswith("ocr:") or any(
        cell.confidence is not None for row in grid.rows[:3] for cell in row)))
    if any(p in text for p in _APPLICATIONS_FINGERPRINT) or "予以公开" in text:
        m = (applications.match_grid(grid, tokens, ocr) if grid else None) or \
            applications.match_tokens(tokens, ocr)
        complete = sum(all(c.semantic != "missing" for c in row.values())
                       for row in m.table.values())
        if not m.empty and (complete >= 2 or any(p in text for p in _APPLICATIONS_FINGERPRINT)):
            found.append(m)
    if review.is_review_table(tokens):
        m = (review.match_grid(grid, tokens, ocr) if grid else None) or \
            review.match_tokens(tokens, ocr)
        if not m.empty:
            found.append(m)
    if "信息内容" in text or "第二十条" in text:
        m = active.match_tokens(tokens, ocr)
        if not m.empty:
            found.append(m)
    for m in found:  # how the cells were read: from markup, OCR'd pictures, or table text
        m.method = "ocr" if ocr and grid is not None else method
    return found


def _missing_and_duplicates(table_id: str, match: Match, fmt: str | None,
                            variant: str | None) -> tuple[list[str], list[str]]:
    if table_id == T.APPLICATIONS:
        rows = {r.key: r.label for r in T.application_rows(variant or "2021")
                if variant or r.variant == "both"}
        cols = {c.key: c.label for c in T.APPLICATION_COLUMNS}
    elif table_id == T.REVIEW:
        rows = {r.key: r.label for r in T.REVIEW_ROWS}
        cols = {}
    else:
        rows = {r.key: r.label for r in T.active_rows(fmt or "2021")}
        cols = {}
    missing = [f"{key}: {label}" for key, label in rows.items() if key not in match.table]
    if match.columns:
        missing += [f"column {key}: {label}" for key, label in cols.items()
                    if key not in match.columns]
    duplicates = [f"{key}: {rows.get(key, key)} (matched {n} times)"
                  for key, n in match.row_hits.items() if n > 1]
    duplicates += [f"column {key}: {cols.get(key, key)} (named by several header cells)"
                   for key in match.duplicate_columns]
    return missing, duplicates


def _variant(table: dict) -> str | None:
    if any(k in table for k in T.APPLICATION_SUBTOTALS["other_handling"]):
        return "2021"
    return "2019" if "other_handling" in table else None


def find_tables(doc: Document, *, ocr: bool = False) -> list[FoundTable]:
    """The statistics tables of ``doc``, one FoundTable per table id, in document order.

    Matcher warnings (rows read as missing, unusual headers) are appended to ``doc.warnings``.
    """
    merged: dict[str, tuple[int, Match]] = {}
    for index, block in enumerate(doc.blocks):
        if not isinstance(block, (TableBlock, TextTableBlock)):
            continue
        for match in _match_block(block, ocr or doc.source_kind == "ocr"):
            doc.warnings.extend(match.warnings)
            if match.table_id not in merged:
                merged[match.table_id] = (index, match)
                continue
            first = merged[match.table_id][1]
            doc.warnings.append(f"{match.table_id}: continued in a second table "
                                f"(block {index}); fragments joined")
            for key, cells in match.table.items():
                for _ in range(match.row_hits.get(key, 1)):
                    first.add_row(key, cells)
            first.subtotals.update(match.subtotals)
            first.columns = list(dict.fromkeys(first.columns + match.columns))
            first.format = first.format or match.format
    found: list[FoundTable] = []
    for table_id, (index, match) in sorted(merged.items(), key=lambda kv: kv[1][0]):
        variant = _variant(match.table) if table_id == T.APPLICATIONS else None
        missing, duplicates = _missing_and_duplicates(table_id, match, match.format, variant)
        found.append(FoundTable(
            table_id=table_id, block_index=index, table=match.table, format=match.format,
            variant=variant, missing_labels=missing, duplicate_labels=duplicates,
            subtotals=match.subtotals, method=match.method,
        ))
    if doc.source_kind == "text":
        found = with_text_layer(doc, found)
    return found


