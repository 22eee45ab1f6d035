"""The three national tables as the format prints them: header rows and the label cells of
each data row, with their spans, built from ``pipeline.template`` (never retyped).

A layout is a list of header rows and a list of body rows. A header row is a list of
``Label``; a body row is ``BodyRow`` whose ``labels`` come first and whose ``cells`` are the
(row_key, col_key) slots the page fills with values. Rows that only head a group (（三）不予公开)
are label cells spanning the rows under them, as printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.template import (
    ACTIVE, APPLICATION_COLUMNS, APPLICATION_GROUPS, APPLICATIONS, APPLICATIONS_HEADER,
    ART20_CAPTION, ITEM_HEADER, LITIGATION_GROUP, RESULTS_GROUP, REVIEW, REVIEW_COLUMNS,
    REVIEW_GROUP, REVIEW_ROWS, SECTION_HEADINGS, TABLE_SECTION, active_columns, active_rows,
    application_rows,
)

NUMERALS = {2: "二", 3: "三", 4: "四"}


@dataclass
class Label:
    text: str
    rowspan: int = 1
    colspan: int = 1
    kind: str = "label"  # label, header, caption


@dataclass
class BodyRow:
    labels: list[Label]
    #: (table_id, row_key, col_key) of each value cell
    cells: list[tuple[str, str, str]] = field(default_factory=list)
    #: colspan of each value cell (table 二's narrower blocks stretch their last column)
    spans: list[int] | None = None


@dataclass
class Layout:
    table_id: str
    title: str
    header: list[list[Label]]
    body: list[BodyRow]


def title_of(table_id: str) -> str:
    n = TABLE_SECTION[table_id]
    return f"{NUMERALS[n]}、{SECTION_HEADINGS[n]}"


def applications_layout(variant: str) -> Layout:
    cols = APPLICATION_COLUMNS
    grouped = [c for c in cols if c.group]
    header = [
        [Label("", 3, 3, "header"), Label(APPLICATIONS_HEADER, 1, len(cols), "header")],
        [Label(cols[0].label, 2, 1, "header"), Label(grouped[0].group, 1, len(grouped), "header"),
         Label(cols[-1].label, 2, 1, "header")],
        [Label(c.label, 1, 1, "header") for c in grouped],
    ]
    rows = application_rows(variant)
    keys = [r.key for r in rows]
    results = rows[keys.index("carried_over") + 1: keys.index("carried_forward")]
    group_heads = {label: numbering for numbering, label, _ in APPLICATION_GROUPS}
    body = []
    seen_groups: set[str] = set()
    for row in rows:
        labels: list[Label] = []
        if row in results and row is results[0]:
            labels.append(Label(group_heads[RESULTS_GROUP] + RESULTS_GROUP, len(results)))
        if row.group is None:
            labels.append(Label(row.numbering + row.label, colspan=3))
        elif row.group == RESULTS_GROUP:
            labels.append(Label(row.numbering + row.label, colspan=2))
        else:
            if row.group not in seen_groups:
                seen_groups.add(row.group)
                size = sum(1 for r in rows if r.group == row.group)
                labels.append(Label(group_heads[row.group] + row.group, size))
            labels.append(Label(row.numbering + row.label))
        body.append(BodyRow(labels, [(APPLICATIONS, row.key, c.key) for c in cols]))
    return Layout(APPLICATIONS, title_of(APPLICATIONS), header, body)


def review_layout() -> Layout:
    cols = REVIEW_COLUMNS
    review, *lawsuits = REVIEW_ROWS
    header = [
        [Label(REVIEW_GROUP, 2, len(cols), "header"),
         Label(LITIGATION_GROUP, 1, len(cols) * len(lawsuits), "header")],
        [Label(r.label, 1, len(cols), "header") for r in lawsuits],
        [Label(c.label, 1, 1, "header") for _ in REVIEW_ROWS for c in cols],
    ]
    body = [BodyRow([], [(REVIEW, r.key, c.key) for r in REVIEW_ROWS for c in cols])]
    return Layout(REVIEW, title_of(REVIEW), header, body)


def active_layout(fmt: str) -> Layout:
    """Table 二 prints one block per 第二十条 item, each with its own column headers."""
    columns = active_columns(fmt)
    width = max(len(r.columns) for r in active_rows(fmt))
    body: list[BodyRow] = []
    blocks: list[list] = []
    for row in active_rows(fmt):
        if blocks and blocks[-1][0] == row.art20_item and blocks[-1][1] == row.columns:
            blocks[-1][2].append(row)
        else:
            blocks.append([row.art20_item, row.columns, [row]])
    for item, col_keys, rows in blocks:
        caption = ART20_CAPTION.format(item=item)
        body.append(BodyRow([Label(caption, colspan=width + 1, kind="caption")]))
        heads = [Label(ITEM_HEADER, kind="header")]
        heads += [Label(columns[k].label, colspan=_stretch(i, len(col_keys), width),
                        kind="header") for i, k in enumerate(col_keys)]
        body.append(BodyRow(heads))
        for row in rows:
            body.append(BodyRow([Label(row.label)], [(ACTIVE, row.key, k) for k in col_keys],
                                [_stretch(i, len(col_keys), width) for i in range(len(col_keys))]))
    return Layout(ACTIVE, title_of(ACTIVE), [], body)


def _stretch(i: int, n: int, width: int) -> int:
    """A block with fewer columns than the widest lets its last column fill the row."""
    return width - n + 1 if i == n - 1 else 1


def layouts(fmt: str | None, variant: str | None) -> list[Layout]:
    fmt = fmt if fmt in ("2019", "2021") else "2021"
    variant = variant if variant in ("2019", "2021") else "2021"
    return [active_layout(fmt), applications_layout(variant), review_layout()]
