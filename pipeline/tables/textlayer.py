"""Tables 二, 三 and 四 rebuilt from a plain text layer (pdfplumber, pypdf, pdftotext, pasted
text, Markdown), from the national template rather than from line shapes.

A text layer keeps the order of the printed numbers but not the table's geometry: labels wrap,
headers interleave character by character, page footers fall between rows, and pdftotext may
print all labels of a page before all its numbers. What survives every one of these is the
sequence of values inside a table, so the reconstructor

1. finds each table's region by the phrases only that table prints (第二十条/信息内容,
   勾稽关系/申请人情况, 行政复议 + 行政诉讼),
2. collects the value tokens of the region in order (page footers, Markdown rules and prose
   lines removed),
3. fits that count to the template: the fixed rows and column counts (7 in 三, 15 in 四,
   3/1/1 in 二) of exactly one format or variant, plus the printed 小计 rows (or 小计 column)
   the region names,
4. assigns the values to the rows in order, trusted as printed when every row's values stand
   on a line of their own, else only where the T3/T4 identities hold (in 三 rows on two or
   three lines of their own, a value wrapped in its cell: ``textlayer_wrapped``). Where the
   count fits no reading nothing is placed by position: rows whose own line holds a label and
   exactly their number of values are still read, everything else is ``missing`` with a
   warning.

Where several readings fit (小计 placements, a 小计 column or not, the column a text layer
dropped as blank), the identities choose only when exactly one reading satisfies them, and
the warnings say so. Table 二 lives in ``textlayer_active``, 三 in
``textlayer_applications``, the pieces and placement helpers in ``textitems``.
"""

from __future__ import annotations

from functools import partial

from pipeline import template as T
from pipeline.evidence import FoundTable
from pipeline.tables.textitems import Item, text_items, values_in
from pipeline.tables.textlayer_active import read_active
from pipeline.tables.textlayer_applications import read_applications
from pipeline.tables.textlayer_review import read_review, review_run_end

__all__ = ["reconstruct", "reconstruct_with_warnings", "table_spans"]

#: lines a table header may span (pdftotext prints a header column by column)
_HEADER_LINES = 60
_ACTIVE_START = ("第二十条", "信息内容")
_APPLICATIONS_START = ("勾稽关系", "申请人情况", "本年新收")
#: phrases of table 三's header and first rows (where its values begin)
_APPLICATIONS_HEADER = ("申请人情况", "自然人", "法人或其他组织", "本年新收", "勾稽关系")
_REVIEW_LOWER_HEADER = ("未经复议直接起诉", "复议后起诉")


def _first_line(items: list[Item], after: int, phrases: tuple[str, ...],
                also: str | None = None) -> int | None:
    """First line after ``after`` whose label text holds one of ``phrases`` (and, with
    ``also``, whose text or that of the header lines after it holds ``also``): a table start."""
    texts: dict[int, str] = {}
    for item in items:  # one pass: a text layer has thousands of pieces
        if item.line > after:
            texts[item.line] = texts.get(item.line, "") + ("" if item.value else item.text)
    lines = sorted(texts)
    for k, n in enumerate(lines):
        text = texts[n]
        if len(text) > 40 or "情况" in text and not text.startswith(("（", "申请人情况")):
            continue  # a section heading or prose naming the table's subject
        if any(p in text for p in phrases):
            if also is None or any(also in texts[m] for m in lines[k:k + _HEADER_LINES]):
                return n
    return None


def _regions(items: list[Item]) -> dict[str, tuple[int, int]]:
    """table id -> (first line, one past the last line) of its region."""
    end = (items[-1].line + 1) if items else 0
    starts: dict[str, int] = {}
    active = _first_line(items, -1, _ACTIVE_START)
    if active is not None:
        starts[T.ACTIVE] = active
    apps = _first_line(items, active if active is not None else -1, _APPLICATIONS_START)
    if apps is None and active is not None:
        apps = _first_line(items, -1, _APPLICATIONS_START)
    if apps is not None:
        starts[T.APPLICATIONS] = apps
    after = apps if apps is not None else -1
    review = _first_line(items, after, (T.REVIEW_GROUP,), also=T.LITIGATION_GROUP)
    # pdftotext may print table 四's lower header and first values before its heading
    lower = _first_line(items, after, _REVIEW_LOWER_HEADER)
    if lower is not None and (review is None or lower < review):
        review = lower
    if review is not None:
        starts[T.REVIEW] = review
    ordered = sorted(starts.items(), key=lambda kv: kv[1])
    return {tid: (start, ordered[k + 1][1] if k + 1 < len(ordered) else end)
            for k, (tid, start) in enumerate(ordered)}


def _displaced_active(items: list[Item], regions: dict[str, tuple[int, int]],
                      warnings: list[str]) -> dict[str, list[Item]]:
    """Table 二's values where pdftotext prints them inside table 三's region (tables set
    after the signature: all labels of the page first, then 二's captions and values, then
    三's header and values). The block from 二's first 第二十条 caption inside 三's region to
    三's next header phrase goes to 二 (its region stretched over it), and out of 三's values.
    Nothing else moves: a count that then fits neither table leaves both missing."""
    if T.ACTIVE not in regions or T.APPLICATIONS not in regions:
        return {}
    (a0, a1), (p0, p1) = regions[T.ACTIVE], regions[T.APPLICATIONS]
    if a1 != p0 or values_in(items, (a0, a1)):
        return {}
    texts: dict[int, str] = {}
    for item in items:
        if p0 < item.line < p1 and not item.value:
            texts[item.line] = texts.get(item.line, "") + item.text
    start = next((n for n in sorted(texts) if texts[n].startswith("第二十条")), None)
    if start is None:
        return {}
    end = next((n for n in sorted(texts) if n > start and
                any(p in texts[n] for p in _APPLICATIONS_HEADER)), p1)
    regions[T.ACTIVE] = (a0, end)
    warnings.append(f"text:line{start + 1}: table 二's values are printed inside table 三 "
                    f"(lines {start + 1}–{end}); read as table 二's")
    return {T.ACTIVE: [i for i in items if a0 <= i.line < a1 or start <= i.line < end],
            T.APPLICATIONS: [i for i in items if not start <= i.line < end]}


def table_spans(lines: list[str]) -> dict[str, tuple[int, int]]:
    """table id -> (first, last) 0-based line of each table a text layer prints: from the
    line that starts it to its last value line (table 四: the end of its one row). The text
    reader keeps these lines out of the prose."""
    items = text_items(lines)
    spans: dict[str, tuple[int, int]] = {}
    for table_id, region in _regions(items).items():
        if table_id == T.REVIEW:
            last = review_run_end(items, region)
        else:
            last = max((i.line for i in values_in(items, region)), default=None)
        if last is not None:
            spans[table_id] = (region[0], last)
    return spans


def reconstruct(lines: list[str]) -> list[FoundTable]:
    """Tables 二, 三 and 四 of a plain text layer, in the order they are printed.

    ``lines`` are the text lines as printed (a PDF's text layer, a pasted report, Markdown;
    tabs, pipes and runs of spaces all separate pieces). Each result is the ``FoundTable`` the
    other readers produce: ``table`` {row_key: {col_key: Cell}} with ``text:lineN`` locators
    (1-based line numbers of ``lines``), ``block_index`` the 0-based line where the table
    starts, ``method`` "text", and for table 三 its variant and printed 小计 rows in
    ``subtotals``. A cell that can't be placed with certainty is ``missing``; the reasons
    (one line each, naming the line) come from ``reconstruct_with_warnings``.

    For a PDF: ``reconstruct(page_text.split("\n"))`` on the joined text layer of its pages
    gives a reading to compare cell by cell with the ruled or positional one.
    """
    return reconstruct_with_warnings(lines)[0]


def reconstruct_with_warnings(lines: list[str]) -> tuple[list[FoundTable], list[str]]:
    """``reconstruct`` plus the warnings (one line each, naming the line) it produced."""
    warnings: list[str] = []
    items = text_items(lines, warnings)
    found: list[FoundTable] = []
    # tab-indented cells are a table export's own cell order, not a text layer's reading order
    in_order = any(line.startswith("\t") for line in lines)
    blank = frozenset(n for n, line in enumerate(lines) if not line.strip())
    readers = {T.ACTIVE: read_active, T.REVIEW: partial(read_review, blank_lines=blank),
               T.APPLICATIONS: partial(read_applications, cells_in_order=in_order)}
    regions = _regions(items)
    pieces = _displaced_active(items, regions, warnings)
    for table_id, region in sorted(regions.items(), key=lambda kv: kv[1][0]):
        table = readers[table_id](pieces.get(table_id, items), region, warnings)
        # rows none of whose cells could be placed: CELL-06 reports them like unfound labels
        table.missing_labels = [f"{row}: not placed in the text layer"
                                for row, cells in table.table.items()
                                if cells and all(c.semantic == "missing" for c in cells.values())]
        found.append(table)
    return found, warnings
