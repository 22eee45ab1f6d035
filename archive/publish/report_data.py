"""What the report page reads: every query is a primary-key or index lookup, so the page costs
the same on 100 reports as on 100,000 (benchmarks/db.py measures it)."""

from __future__ import annotations

REPORT = """SELECT r.report_id, r.agency_id, a.name AS agency, r.year, r.title, r.format,
       r.applications_variant, r.published_date, r.published_date_source, r.source_url,
       r.media_type, r.source_kind, r.source_capture_id, r.first_seen, r.is_current,
       r.cell_count, r.extractor_version, r.companion_sha256
FROM reports r LEFT JOIN agencies a ON a.agency_id = r.agency_id
WHERE r.report_id = ?"""
#: every capture of the report's address and of its bytes (the same body under another URL),
#: each with the report its body shows (documents.report_id: a sighting shows the version it
#: did not change)
CAPTURES = """SELECT c.capture_id, c.url, c.final_url, c.status, c.fetched_at, c.sha256,
       c.content_type, c.warc_file, c.kind, d.report_id AS shows, d.outcome
FROM (SELECT * FROM captures WHERE url = :url
      UNION SELECT * FROM captures WHERE sha256 = :sha) c
LEFT JOIN documents d ON d.sha256 = c.sha256
ORDER BY c.fetched_at, c.capture_id"""
#: the versions of the address the report is published under (for an attachment that is the
#: article page linking it, not the attachment's own URL)
VERSIONS = """SELECT source_url, version, report_id, first_seen, returned FROM report_versions
WHERE source_url = :url OR source_url IN (SELECT source_url FROM report_versions
                                           WHERE report_id = :report_id)
ORDER BY source_url, version"""
CELLS = """SELECT table_id, row_key, col_key, value, raw, semantic, unit, locator, source_kind
FROM cells WHERE report_id = ?"""
CHECKS = """SELECT c.check_id, c.scope, c.status, c.expected, c.actual, c.message,
       c.rule_version, k.title_zh, k.title_en,
       COALESCE(v.human_status, 'pending') AS review_status, v.note AS review_note,
       v.reviewer, v.reviewed_at
FROM checks c
LEFT JOIN check_catalogue k ON k.check_id = c.check_id
LEFT JOIN check_reviews v ON v.report_id = c.report_id AND v.check_id = c.check_id
 AND v.scope = c.scope AND v.inputs_hash = c.inputs_hash
WHERE c.report_id = ?
ORDER BY c.status = 'fail' DESC, c.check_id, c.scope"""
WARNINGS = "SELECT seq, text FROM warnings WHERE report_id = ? ORDER BY seq"
#: report_pairs for one report: the view's rule (one previous report, or none if two disagree)
PREVIOUS = "SELECT prev_report_id FROM report_pairs WHERE report_id = ?"


async def rows(db, sql: str, params) -> list[dict]:
    result = await db.execute(sql, params)
    return [dict(r) for r in result.rows]


async def load_report(db, report_id: str) -> dict | None:
    found = await rows(db, REPORT, [report_id])
    if not found:
        return None
    report = found[0]
    prev_id = (await rows(db, PREVIOUS, [report_id]) or [{}])[0].get("prev_report_id")
    prev = None
    if prev_id:
        prev = (await rows(db, REPORT, [prev_id]))[0]
        prev["cells"] = await rows(db, CELLS, [prev_id])
    versions = await rows(db, VERSIONS, {"url": report["source_url"] or "",
                                         "report_id": report_id})
    captures = await rows(db, CAPTURES, {"url": report["source_url"] or "", "sha": report_id})
    return {
        "report": report,
        "captures": label_captures(captures, label_returns(versions)),
        "versions": versions,
        "cells": await rows(db, CELLS, [report_id]),
        "checks": await rows(db, CHECKS, [report_id]),
        "warnings": await rows(db, WARNINGS, [report_id]),
        "prev": prev,
    }


def label_returns(versions: list[dict]) -> list[dict]:
    """Each version row gains ``returns_to``: for a return (the address serving again the
    report of an earlier row), that row's number."""
    first: dict[tuple, int] = {}
    for v in versions:
        key = (v["source_url"], v["report_id"])
        v["returns_to"] = first.get(key) if v["returned"] else None
        first.setdefault(key, v["version"])
    return versions


def label_captures(captures: list[dict], versions: list[dict]) -> list[dict]:
    """Each capture gains ``version``: the version its body shows at the time it was fetched
    (a body served again after another one is the return, not the first version)."""
    for c in captures:
        shown = [v for v in versions if v["report_id"] == c["shows"]]
        then = [v for v in shown if (v["first_seen"] or "") <= (c["fetched_at"] or "")]
        c["version"] = (then or shown or [None])[-1 if then else 0]
    return captures
