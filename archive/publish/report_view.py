"""The report page's tables: each national table laid out as printed, each cell with its value,
its marks (failing identity, warning, OCR) and a link to where it was read."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from archive.publish.involved import cells_of_check
from archive.publish.layout import layouts
from pipeline.template import (
    APPLICATION_COLUMN_KEYS, APPLICATION_COLUMNS, APPLICATION_ROWS, APPLICATIONS, REVIEW_ROWS,
    REVIEW_COLUMNS, active_columns, active_rows,
)

Key = tuple[str, str, str]
#: statuses that mark a cell, strongest first
MARKS = ("fail", "warn")
#: how many year-on-year changes the page lists
LARGEST_CHANGES = 10


@dataclass
class CellView:
    text: str
    classes: list[str] = field(default_factory=list)
    title: str = ""
    href: str | None = None
    prev: str | None = None
    colspan: int = 1


def number(value) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def shown(cell: dict | None) -> tuple[str, str]:
    """(text, class) of a stored cell: blank stays blank, na is a dash, missing is said."""
    if cell is None:
        return "", "absent"
    semantic = cell["semantic"]
    if semantic == "number":
        return number(cell["value"]), "number"
    if semantic == "na":
        return "—", "na"
    if semantic == "missing":
        return "缺 missing", "missing"
    if semantic == "text":
        return cell["raw"] or "", "text"
    return "", "empty"


def check_line(check: dict) -> str:
    parts = [f"{check['check_id']} {check['title_zh'] or ''}".strip()]
    if check["scope"]:
        parts.append(f"[{check['scope']}]")
    if check["expected"] is not None or check["actual"] is not None:
        parts.append(f"expected 应为 {number(check['expected'])}, "
                     f"actual 实为 {number(check['actual'])}")
    if check["message"]:
        parts.append(check["message"])
    return " ".join(parts)


def marks_by_cell(checks: list[dict], variant: str | None) -> dict[Key, list[dict]]:
    out: dict[Key, list[dict]] = {}
    for check in checks:
        if check["status"] in MARKS:
            for key in cells_of_check(check["check_id"], check["scope"], variant):
                out.setdefault(key, []).append(check)
    return out


def warned_locators(warnings: list[dict]) -> dict[str, list[str]]:
    """Warnings that start with a cell's locator ("ocr:image2/r5/c3@…: OCR read …")."""
    out: dict[str, list[str]] = {}
    for w in warnings:
        head = w["text"].split(": ", 1)[0]
        if "/" in head:
            out.setdefault(head, []).append(w["text"])
    return out


def provenance_href(report_id: str, key: Key) -> str:
    return "/-/cell/" + "/".join(quote(p, safe="") for p in (report_id, *key)) + "#xxgk-cell"


def cell_view(key: Key, cell: dict | None, prev: dict | None, marks: list[dict],
              warned: dict[str, list[str]], report_id: str, has_prev: bool) -> CellView:
    text, kind = shown(cell)
    view = CellView(text, [kind])
    notes = []
    if marks:
        view.classes.append("fail" if any(m["status"] == "fail" for m in marks) else "warn")
        notes += [check_line(m) for m in marks]
    if cell is not None:
        if cell["source_kind"] == "ocr" or (cell["locator"] or "").startswith("ocr:"):
            view.classes.append("ocr")
            notes.append("OCR 识别 (read from a picture)")
        for locator, texts in warned.items():
            if cell["locator"] and cell["locator"].startswith(locator):
                view.classes.append("warned")
                notes += texts
        if cell["raw"] not in (None, "") and cell["raw"] != text:
            notes.append(f"printed 原文: {cell['raw']}")
        if cell["locator"]:
            notes.append(f"locator: {cell['locator']}")
        view.href = provenance_href(report_id, key)
    if has_prev:
        view.prev = shown(prev)[0]
    view.title = "\n".join(notes)
    return view


def build_tables(data: dict) -> list[dict]:
    report = data["report"]
    cells = {(c["table_id"], c["row_key"], c["col_key"]): c for c in data["cells"]}
    prev_cells = {(c["table_id"], c["row_key"], c["col_key"]): c
                  for c in (data["prev"] or {}).get("cells", [])}
    marks = marks_by_cell(data["checks"], report["applications_variant"])
    warned = warned_locators(data["warnings"])
    tables = []
    for layout in layouts(report["format"], report["applications_variant"]):
        body = []
        for row in layout.body:
            spans = row.spans or [1] * len(row.cells)
            values = []
            for key, span in zip(row.cells, spans):
                view = cell_view(key, cells.get(key), prev_cells.get(key), marks.get(key, []),
                                 warned, report["report_id"], bool(prev_cells))
                view.colspan = span
                values.append(view)
            body.append({"labels": row.labels, "values": values})
        failing = [c for c in data["checks"] if c["status"] in MARKS and any(
            k[0] == layout.table_id for k in cells_of_check(
                c["check_id"], c["scope"], report["applications_variant"]))]
        present = any(k[0] == layout.table_id for k in cells)
        tables.append({"id": layout.table_id, "title": layout.title, "header": layout.header,
                       "body": body, "checks": failing, "present": present})
    return tables


def label_of(key: Key, fmt: str | None) -> str:
    table_id, row_key, col_key = key
    if table_id == APPLICATIONS:
        row = next((r for r in APPLICATION_ROWS if r.key == row_key), None)
        col = next((c for c in APPLICATION_COLUMNS if c.key == col_key), None)
    elif table_id == "review_litigation":
        row = next((r for r in REVIEW_ROWS if r.key == row_key), None)
        col = next((c for c in REVIEW_COLUMNS if c.key == col_key), None)
    else:
        row = next((r for r in active_rows(fmt or "2021") if r.key == row_key), None)
        col = active_columns(fmt or "2021").get(col_key)
    row_label = f"{row.numbering}{row.label}" if row else row_key
    col_label = (f"{col.group}·" if col and col.group else "") + (col.label if col else col_key)
    return f"{row_label} × {col_label}"


def year_on_year(data: dict) -> dict | None:
    """Carry-over (X-01) per column and the largest changes against the previous year."""
    prev = data["prev"]
    if not prev:
        return None
    now = {(c["table_id"], c["row_key"], c["col_key"]): c for c in data["cells"]}
    before = {(c["table_id"], c["row_key"], c["col_key"]): c for c in prev["cells"]}
    x01 = {c["scope"]: c for c in data["checks"] if c["check_id"] == "X-01"}
    carry = []
    for col in APPLICATION_COLUMN_KEYS:
        this = now.get((APPLICATIONS, "carried_over", col))
        last = before.get((APPLICATIONS, "carried_forward", col))
        check = x01.get(col)
        carry.append({"col": next(c.label for c in APPLICATION_COLUMNS if c.key == col),
                      "carried_over": shown(this)[0], "prev_carried_forward": shown(last)[0],
                      "status": check["status"] if check else "not_assessable"})
    changes = []
    for key, cell in now.items():
        old = before.get(key)
        if cell["semantic"] == "number" and old and old["semantic"] == "number" \
                and cell["value"] != old["value"]:
            changes.append({"label": label_of(key, data["report"]["format"]),
                            "previous": number(old["value"]), "current": number(cell["value"]),
                            "change": cell["value"] - old["value"]})
    changes.sort(key=lambda c: (-abs(c["change"]), c["label"]))
    for c in changes:
        c["change"] = ("+" if c["change"] > 0 else "") + number(c["change"])
    return {"prev": prev, "carry": carry, "changes": changes[:LARGEST_CHANGES]}
