"""Human review of one check instance (report-format.md §6.1).

A review is keyed by the instance's ``inputs_hash``: it stays attached while re-processing
yields the same judgement on the same values, and falls back to ``pending`` when they change.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlite_utils

HUMAN_STATUSES = ("pending", "confirmed", "dismissed")


class ReviewError(ValueError):
    pass


def review_check(db: sqlite_utils.Database, report_id: str, check_id: str, scope: str | None,
                 human_status: str, note: str = "", reviewer: str = "") -> dict:
    if human_status not in HUMAN_STATUSES:
        raise ReviewError(f"status must be one of {', '.join(HUMAN_STATUSES)}")
    row = db.execute("SELECT inputs_hash FROM checks WHERE report_id = ? AND check_id = ? "
                     "AND scope = ?", [report_id, check_id, scope or ""]).fetchone()
    if row is None:
        raise ReviewError(f"no check {check_id} (scope {scope or 'none'}) on report {report_id}")
    review = {"report_id": report_id, "check_id": check_id, "scope": scope or "",
              "inputs_hash": row[0], "human_status": human_status, "note": note,
              "reviewer": reviewer,
              "reviewed_at": datetime.now(UTC).isoformat(timespec="seconds")}
    db["check_reviews"].upsert(review, pk=("report_id", "check_id", "scope", "inputs_hash"))
    return review
