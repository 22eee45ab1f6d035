"""The printed layout of the three national tables: rows of spanning cells.

One layout feeds every renderer (DOCX merged cells, HTML rowspan/colspan, the PNG picture and
the text convention), so the renderings of a spec never disagree about what is printed where.
Labels and their order come from ``pipeline.template``.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.template import (
    ACTIVE,
    APPLICANT_COLUMN_KEYS,
    APPLICANT_GROUP,
    APPLICATION_COLUMNS,
    APPLICATION_GROUPS,
    APPLICATIONS,
    APPLICATIONS_HEADER,
    APPLICATIONS_HEADER_NOTE,
    DENIED,
    NOT_PROCESSED,
    RESULTS_GROUP,
    UNABLE,
    ART20_CAPTION,
    ART20_ROMAN,
    ITEM_HEADER,
    LEGAL_PERSON_SUBTOTAL_LABEL,
    LITIGATION_GROUP,
    REVIEW,
    REVIEW_COLUMNS,
    REVIEW_GROUP,
    REVIEW_ROWS,
    active_columns,
    active_rows,
    application_rows,
)
from replica.spec import ReportSpec, Value

#: labels a Word template typically breaks over two lines (split_labels)
SPLITS = {
    "要求行政机关确认或重新出具已获取信息": "要求行政机关确认或重新\n出具已获取信息",
    "无正当理由大量反复申请": "无正当理由大量反复申\n请",
    "结果维持": "结果\n维持", "尚未审结": "尚未\n审结", "总计": "总\n计",
    "其他结果": "其他\n结果", "自然人": "自\n然\n人",
    "本年新公开数量": "本年新\n公开数量", "对外公开总数量": "对外公开\n总数量",
}
#: shortened labels of local templates (local_labels; report-format.md §4.2.3)
LOCAL_LABELS = {"总计": "合计", "社会公益组织": "社会公益"}
#: bookmark ids a Word template leaves on labels (bookmarks)
BOOKMARKED = {"new_received": "_Hlk66973412", "partially_granted": "_Hlk66973981",
              "denied_law_prohibited": "_Hlk66974104", "unable_needs_creation": "_Hlk66975392"}
SUBTOTAL_ROW_LABEL = "小计"
#: the row whose label loses a character under ``label_typo`` (report-format.md §4.2.3)
TYPO_ROW = "denied_law_prohibited"


@dataclass
class PCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    #: caption, header, label, value
    kind: str = "value"
    bookmark: str | None = None
    letter_spaced: bool = False


PRow = list[PCell]


def format_value(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def table_grids(spec: ReportSpec, table_id: str) -> list[list[PRow]]:
    """The printed tables of one table id (several when ``separate_tables`` splits table 二)."""
    if table_id == APPLICATIONS:
        return [_applications(spec)]
    if table_id == REVIEW:
        return [_review(spec)]
    blocks = _active_blocks(spec)
    return blocks if spec.layout.separate_tables else [[row for b in blocks for row in b]]


def _label(spec: ReportSpec, text: str) -> str:
    if spec.layout.local_labels:
        text = LOCAL_LABELS.get(text, text)
    return SPLITS.get(text, text) if spec.layout.split_labels else text


def _value(v: Value) -> PCell:
    return PCell(format_value(v))


def _applications(spec: ReportSpec) -> list[PRow]:
    lay = spec.layout
    values = spec.tables.get(APPLICATIONS, {})
    rows = [r for r in application_rows(spec.variant) if r.key in values]
    n_parts = len(APPLICANT_COLUMN_KEYS) - 1 + (1 if lay.subtotal_column else 0)
    n_values = len(APPLICATION_COLUMNS) + (1 if lay.subtotal_column else 0)
    person = APPLICATION_COLUMNS[0].label
    out: list[PRow] = [
        [PCell(APPLICATIONS_HEADER_NOTE, 3, 3, "header"),
         PCell(APPLICATIONS_HEADER, 1, n_values, "header")],
        [PCell(_label(spec, person), 2, 1, "header"), PCell(APPLICANT_GROUP, 1, n_parts, "header"),
         PCell(_label(spec, "总计"), 2, 1, "header")],
        [PCell(_label(spec, c.label), kind="header") for c in APPLICATION_COLUMNS[1:-1]]
        + ([PCell(LEGAL_PERSON_SUBTOTAL_LABEL, kind="header")] if lay.subtotal_column else []),
    ]
    groups = {label: (num, label) for num, label, _ in APPLICATION_GROUPS}
    body: list[tuple[int, PRow, str | None]] = []  # (depth, cells, group)
    for row in rows:
        cells = [_value(values[row.key].get(c.key)) for c in APPLICATION_COLUMNS]
        if lay.subtotal_column:
            cells.insert(-1, _value(_sum([values[row.key].get(k) for k in APPLICANT_COLUMN_KEYS[1:]])))
        text = row.label
        if lay.label_typo and row.key == TYPO_ROW:  # a character dropped from a fixed label
            text = text[: len(text) // 2] + text[len(text) // 2 + 1:]
        label = PCell(row.numbering + _label(spec, text), kind="label",
                      bookmark=BOOKMARKED.get(row.key) if lay.bookmarks else None)
        depth = 0 if row.group is None else (1 if row.group == RESULTS_GROUP else 2)
        body.append((depth, [label] + cells, row.group))
        if lay.group_subtotal_rows and row.group in (DENIED, UNABLE, NOT_PROCESSED) and \
                row is [r for r in rows if r.group == row.group][-1]:
            members = [r.key for r in rows if r.group == row.group]
            sums = [_value(_sum([values[k].get(c.key) for k in members])) for c in APPLICATION_COLUMNS]
            if lay.subtotal_column:
                sums.insert(-1, _value(_sum([values[k].get(c) for k in members
                                             for c in APPLICANT_COLUMN_KEYS[1:]])))
            body.append((2, [PCell(SUBTOTAL_ROW_LABEL, kind="label")] + sums, row.group))
    # lay out the label columns: depth 0 spans 3, depth 1 spans 2 under 三、, depth 2 sits in
    # column 3 under its group header, which spans its members vertically
    i = 0
    results = [k for k, (d, _, g) in enumerate(body) if d > 0]
    while i < len(body):
        depth, cells, group = body[i]
        label, rest = cells[0], cells[1:]
        prefix: list[PCell] = []
        if depth > 0 and i == results[0]:
            num, text = groups[RESULTS_GROUP]
            spaced = " ".join(text) if lay.letter_spaced_labels else text
            prefix.append(PCell(num + spaced, len(results), 1, "label",
                                letter_spaced=lay.letter_spaced_labels))
        if depth == 2 and (i == 0 or body[i - 1][2] != group):
            span = sum(1 for d, _, g in body if d == 2 and g == group)
            num, text = groups[group]
            prefix.append(PCell(num + text, span, 1, "label"))
        label.colspan = {0: 3, 1: 2, 2: 1}[depth]
        out.append(prefix + [label] + rest)
        i += 1
    return out


def _sum(values: list[Value]) -> Value:
    if any(isinstance(v, str) for v in values) or not any(v is not None for v in values):
        return None
    return sum(v or 0 for v in values)


def _review(spec: ReportSpec) -> list[PRow]:
    values = spec.tables.get(REVIEW, {})
    n = len(REVIEW_COLUMNS)
    outcomes = [PCell(_label(spec, c.label), kind="header") for c in REVIEW_COLUMNS]
    return [
        [PCell(REVIEW_GROUP, 1, n, "header"), PCell(LITIGATION_GROUP, 1, 2 * n, "header")],
        [PCell(_label(spec, c.label), 2, 1, "header") for c in REVIEW_COLUMNS]
        + [PCell(r.label, 1, n, "header") for r in REVIEW_ROWS[1:]],
        [PCell(o.text, kind="header") for o in outcomes] * 2,
        [_value(values.get(r.key, {}).get(c.key)) for r in REVIEW_ROWS for c in REVIEW_COLUMNS],
    ]


def _active_blocks(spec: ReportSpec) -> list[list[PRow]]:
    values = spec.tables.get(ACTIVE, {})
    columns = active_columns(spec.format)
    blocks: list[list[PRow]] = []
    rows = [r for r in active_rows(spec.format) if r.key in values]
    for item in dict.fromkeys(r.art20_item for r in rows):
        members = [r for r in rows if r.art20_item == item]
        keys = members[0].columns
        block: list[PRow] = [
            [PCell(ART20_CAPTION.format(item=ART20_ROMAN[item]), 1, 4, "caption")],
            [PCell(ITEM_HEADER, kind="header")] + _fill([PCell(columns[k].label, kind="header")
                                                         for k in keys]),
        ]
        for row in members:
            block.append([PCell(row.label, kind="label")]
                         + _fill([_value(values[row.key].get(k)) for k in row.columns]))
        blocks.append(block)
    return blocks


def _fill(cells: list[PCell]) -> list[PCell]:
    """Value cells of a 第二十条 block fill three grid columns; the last one spans the rest."""
    cells[-1].colspan = 3 - (len(cells) - 1)
    return cells


def grid_width(rows: list[PRow]) -> int:
    return sum(c.colspan for c in rows[0])


def anchors(rows: list[PRow]) -> list[list[tuple[int, PCell]]]:
    """Per printed row, the (grid column, cell) of each cell anchored in it."""
    occupied: dict[tuple[int, int], bool] = {}
    out = []
    for r, row in enumerate(rows):
        placed, c = [], 0
        for cell in row:
            while occupied.get((r, c)):
                c += 1
            placed.append((c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    occupied[(r + dr, c + dc)] = True
            c += cell.colspan
        out.append(placed)
    return out


def continuations(rows: list[PRow]) -> list[list[tuple[int, PCell, bool]]]:
    """Per printed row, every merged cell in column order: (grid column, cell, anchored) with
    anchored False for the vertical continuation of a cell anchored above (what Word's vMerge
    prints as an empty cell)."""
    placed = anchors(rows)
    cover: dict[tuple[int, int], PCell] = {}
    for r, row in enumerate(placed):
        for c, cell in row:
            for dr in range(1, cell.rowspan):
                cover[(r + dr, c)] = cell
    out = []
    for r, row in enumerate(placed):
        items = [(c, cell, True) for c, cell in row]
        items += [(c, cell, False) for (rr, c), cell in cover.items() if rr == r]
        out.append(sorted(items, key=lambda t: t[0]))
    return out
