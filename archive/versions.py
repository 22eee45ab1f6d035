"""Versions of a report address: a new body is a new version only when the report changed.

Portals re-serve a report page for reasons outside the report: a module page gains a year tab,
a visit counter ticks, a link carries a session token, a "related articles" box appears. The
archive keeps every such body (captures, documents), but only a body whose extracted report
differs from the version it follows becomes a new `report_versions` row; otherwise its
`documents` row is a `sighting` of that version. What counts is `fingerprint` (docs/archive.md).
An address that serves again the bytes of an earlier version (A, C, A) gets a row for the
return (``returned`` 1, the earlier report_id again): the rows are what the address served, in
order, and the last one is current (`follow_returns`).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

import sqlite_utils

from archive.cross import mark_pending
from archive.load import Provenance, delete_report_rows, load_report
from pipeline.model import Report

#: a locator at the head of a warning or inside it (html:table[3]/tr[4]/td[2], pdf:p3,
#: text:line12, docx:img2): where a reader found something, which moves when the page around
#: the report changes; what the warning says stays
_LOCATOR = re.compile(r"\b[a-z]+:[^\s:：,，;；]+")


def _number(value) -> str | None:
    # 3 and 3.0 are one value: SQLite's NUMERIC hands back either
    return None if value is None else repr(float(value))


def fingerprint(report: Report) -> str:
    """sha256 of what the report says: title, agency, year, dates and period, format and
    variant, the URLs it names, the sections (heading, presence), every paragraph of the
    document as the reader took it (for a page: its content block, opening and signature
    included), every cell (value, printed text, meaning), every claim, and the warnings
    without their locators. Left out: the bytes, cell locators, the checks (they follow from
    the rest) and the page around the report (navigation, counters, links, boxes outside
    the content block)."""
    cells = sorted(
        ((table_id, row_key, col_key, _number(cell.value), cell.raw, cell.semantic)
         for table_id, table in report.tables.items() for row_key, cols in table.items()
         for col_key, cell in cols.items()), key=lambda c: c[:3])
    payload = {
        "title": report.title, "agency": report.agency, "year": report.year,
        "published_date": report.published_date, "period": report.period,
        "format": report.format, "variant": report.applications_variant,
        "portal_urls": sorted(report.portal_urls),
        "sections": [(s.number, s.heading, bool(s.present)) for s in report.sections],
        # spacing is how a page was typeset, not what it says
        "prose": [" ".join(p.split()) for p in report.paragraphs if p.strip()],
        "cells": cells,
        "claims": [(c.key, _number(c.value), c.unit, bool(c.approximate), c.section, c.text)
                   for c in report.claims],
        "warnings": sorted({_LOCATOR.sub("@", w) for w in report.warnings}),
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


@dataclass
class Version:
    report_id: str
    first_seen: str
    content_hash: str | None


def versions_of(db: sqlite_utils.Database, url: str) -> list[Version]:
    return [Version(*row) for row in db.conn.execute(
        "SELECT v.report_id, v.first_seen, r.content_hash FROM report_versions v "
        "LEFT JOIN reports r USING (report_id) WHERE v.source_url = ? ORDER BY v.version",
        [url])]


def predecessor(versions: list[Version], report_id: str, first_seen: str) -> Version | None:
    """The version a body follows: the one before it when it is a version already (being
    re-extracted), else the last one first seen no later than it (capture order is not always
    time order: a merged node's captures come late)."""
    ids = [v.report_id for v in versions]
    if report_id in ids:
        index = ids.index(report_id)
        return versions[index - 1] if index else None
    earlier = [v for v in versions if (v.first_seen or "") <= (first_seen or "")]
    return earlier[-1] if earlier else None


def renumber(db: sqlite_utils.Database, url: str) -> None:
    """Versions 1, 2, … in order of first sighting; the last one is current. A row whose
    report is that of an earlier row is a return (``returned`` 1); one that follows a row of
    the same report is dropped (the address kept serving it: a fold leaves such pairs)."""
    rows = db.conn.execute("SELECT version, report_id, first_seen, returned FROM "
                           "report_versions WHERE source_url = ? ORDER BY version",
                           [url]).fetchall()
    ordered = sorted(rows, key=lambda r: (r[2] or "", r[0]))
    kept, seen = [], set()
    for row in ordered:
        if kept and kept[-1][1] == row[1]:
            continue
        kept.append((row[0], row[1], row[2], int(row[1] in seen)))
        seen.add(row[1])
    if kept != [(i, r[1], r[2], r[3]) for i, r in enumerate(rows, 1)]:
        db.execute("DELETE FROM report_versions WHERE source_url = ?", [url])
        db.conn.executemany(
            "INSERT INTO report_versions (source_url, version, report_id, first_seen, returned) "
            "VALUES (?, ?, ?, ?, ?)", [(url, i, r[1], r[2], r[3]) for i, r in enumerate(kept, 1)])
    if kept:
        ids = [r[1] for r in kept]
        # only rows that change: an UPDATE rewrites the row even when nothing differs
        db.conn.execute(f"UPDATE reports SET is_current = (report_id = ?) WHERE report_id IN "
                        f"({', '.join('?' * len(ids))}) AND is_current IS NOT (report_id = ?)",
                        [ids[-1], *ids, ids[-1]])


def follow_returns(db: sqlite_utils.Database, url: str,
                   served: list[tuple[str, str]]) -> str | None:
    """Bring the versions of ``url`` in line with what it served, ``served`` being its
    captures' (fetched_at, sha256) in time order: a capture showing an earlier version again
    after another one (an edit reverted) is a return, a row of its own, and the last shown
    is current. Returns the report now current when that changed, else None. Captures whose
    body is no version (unreadable, not a report) change nothing; nor does a timeline that
    misses a version (never a version lost)."""
    shows = dict(db.execute(
        f"SELECT sha256, report_id FROM documents WHERE sha256 IN "
        f"({', '.join('?' * len(served))})", [sha for _at, sha in served]).fetchall())
    rows = db.execute("SELECT report_id, first_seen, returned FROM report_versions "
                      "WHERE source_url = ? ORDER BY version", [url]).fetchall()
    first = {r[0]: r[1] for r in reversed(rows) if not r[2]}
    runs: list[tuple[str, str]] = []
    for at, sha in served:
        report_id = shows.get(sha)
        if report_id in first and (not runs or runs[-1][0] != report_id):
            runs.append((report_id, at))
    if [r for r, _at in runs] == [r[0] for r in rows] or set(first) - {r for r, _ in runs}:
        return None
    before = rows[-1][0] if rows else None
    seen: set[str] = set()
    db.execute("DELETE FROM report_versions WHERE source_url = ?", [url])
    for number, (report_id, at) in enumerate(runs, 1):
        db["report_versions"].insert({
            "source_url": url, "version": number, "report_id": report_id,
            "first_seen": at if report_id in seen else first[report_id],
            "returned": int(report_id in seen)})
        seen.add(report_id)
    renumber(db, url)
    if runs[-1][0] == before:
        return None
    mark_pending(db, runs[-1][0])
    return runs[-1][0]


def fold(db: sqlite_utils.Database, url: str, folded: str, kept: str) -> None:
    """Make the version ``folded`` a sighting of ``kept`` (the version it follows, with the
    same fingerprint): its documents point to ``kept``, its reviews carry over to the same
    check instances of ``kept``, its rows go. Bodies and captures are never touched."""
    db.execute(
        """INSERT OR IGNORE INTO check_reviews (report_id, check_id, scope, inputs_hash,
               human_status, note, reviewer, reviewed_at)
           SELECT k.report_id, k.check_id, k.scope, k.inputs_hash, r.human_status, r.note,
                  r.reviewer, r.reviewed_at
           FROM check_reviews r
           JOIN checks f ON f.report_id = r.report_id AND f.check_id = r.check_id
                AND f.scope = r.scope AND f.inputs_hash = r.inputs_hash
           JOIN checks k ON k.report_id = :kept AND k.check_id = f.check_id
                AND k.scope = f.scope AND k.status = f.status AND k.expected IS f.expected
                AND k.actual IS f.actual AND k.rule_version = f.rule_version
           WHERE r.report_id = :folded""", {"kept": kept, "folded": folded})
    db.execute("UPDATE documents SET report_id = ?, outcome = CASE outcome WHEN 'report' "
               "THEN 'sighting' ELSE outcome END WHERE report_id = ?", [kept, folded])
    db.execute("DELETE FROM report_versions WHERE source_url = ? AND report_id = ?",
               [url, folded])
    # the same body may be a version of another address too: then its report stays
    if not db.execute("SELECT 1 FROM report_versions WHERE report_id = ?", [folded]).fetchone():
        db.execute("DELETE FROM check_disagreements WHERE report_id = ?", [folded])
        delete_report_rows(db, folded)
        db.execute("DELETE FROM reports WHERE report_id = ?", [folded])
    renumber(db, url)


def unfingerprinted(db: sqlite_utils.Database) -> set[str]:
    """Versions of addresses with two or more whose reports were stored before fingerprints
    (migration m024): `--recheck-all` extracts them again, and folds the unchanged ones."""
    return {r[0] for r in db.execute(
        """SELECT v.report_id FROM report_versions v
           WHERE v.source_url IN (
             SELECT w.source_url FROM report_versions w JOIN reports r USING (report_id)
             GROUP BY w.source_url HAVING COUNT(*) > 1 AND COUNT(r.content_hash) < COUNT(*))""")}


#: what storing a group's report did
STORED, SIGHTING, FOLDED = "stored", "sighting", "folded"


def store_version(db: sqlite_utils.Database, url: str, report: Report,
                  prov: Provenance) -> tuple[str, str]:
    """Store ``report`` (found under the address ``url``) as a version, or as a sighting of
    the version it follows when it says the same. Returns (the report_id its documents point
    to, STORED | SIGHTING | FOLDED); FOLDED: it was a version and is now found unchanged."""
    report_id = report.source.sha256
    prov.content_hash = fingerprint(report)
    versions = versions_of(db, url)
    ids = [v.report_id for v in versions]
    before = predecessor(versions, report_id, prov.first_seen)
    if before is not None and before.content_hash == prov.content_hash:
        if report_id in ids:
            fold(db, url, report_id, before.report_id)
            mark_pending(db, before.report_id)
            return before.report_id, FOLDED
        return before.report_id, SIGHTING
    # re-extracting an old version must not make it current again
    prov.is_current = report_id not in ids or ids[-1] == report_id
    load_report(db, report, prov)
    mark_pending(db, report_id)
    if report_id not in ids:
        db.conn.execute("INSERT INTO report_versions (source_url, version, report_id, "
                        "first_seen) VALUES (?, ?, ?, ?)",
                        [url, len(ids) + 1, report_id, prov.first_seen])
        renumber(db, url)
    return report_id, STORED
