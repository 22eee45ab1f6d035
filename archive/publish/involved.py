"""Which table cells a check instance is about, from the catalogue's scopes and the format's
identities (report-format.md §6), so the report page can mark the cells of a failing check."""

from __future__ import annotations

from pipeline.template import (
    ACTIVE, APPLICATION_COLUMN_KEYS, APPLICATIONS, REVIEW, REVIEW_COLUMN_KEYS, application_rows,
    result_rows,
)

Cell = tuple[str, str, str]

#: T3-01: 第一项 + 第二项 = 第三项 + 第四项, per column
T3_01_ROWS = ("new_received", "carried_over", "results_total", "carried_forward")
#: the 表二 columns each T2 identity compares, per row
T2_COLUMNS = {"T2-02": ("issued", "repealed", "in_force"),
              "T2-03": ("newly_published", "total_published"),
              "T2-01": ("issued", "repealed", "in_force", "newly_made", "newly_published",
                        "total_published")}


def cells_of_check(check_id: str, scope: str | None, variant: str | None) -> set[Cell]:
    scope = scope or ""
    variant = variant or "2021"
    if check_id.startswith("CELL-") or check_id in ("T2-05", "X-05"):
        parts = scope.split(".")
        return {tuple(parts)} if len(parts) == 3 else set()
    if check_id in ("T3-01", "X-01"):
        rows = T3_01_ROWS if check_id == "T3-01" else ("carried_over",)
        return {(APPLICATIONS, r, scope) for r in rows} if scope in APPLICATION_COLUMN_KEYS \
            else set()
    if check_id == "T3-02":
        rows = (*result_rows(variant), "results_total")
        return {(APPLICATIONS, r, scope) for r in rows} if scope in APPLICATION_COLUMN_KEYS \
            else set()
    if check_id == "T3-03":
        return {(APPLICATIONS, scope, c) for c in APPLICATION_COLUMN_KEYS}
    if check_id == "T3-06":
        return {(APPLICATIONS, r, "total") for r in ("new_received", "carried_over", scope)}
    if check_id == "T3-05":
        return {(APPLICATIONS, r.key, c) for r in application_rows(variant)
                if r.group == "其他处理" or r.key == "other_handling"
                for c in APPLICATION_COLUMN_KEYS}
    if check_id == "T4-01":
        return {(REVIEW, scope, c) for c in REVIEW_COLUMN_KEYS}
    if check_id == "T4-02":
        return {(REVIEW, "review", "total"), (REVIEW, "lawsuit_after_review", "total")}
    if check_id in T2_COLUMNS:
        return {(ACTIVE, scope, c) for c in T2_COLUMNS[check_id]}
    if check_id == "X-02":
        return {(ACTIVE, scope, "in_force")}
    if check_id == "X-03":
        return {(ACTIVE, scope, "prev_year_items")}
    return set()
