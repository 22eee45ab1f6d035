"""`xxgk process`: archived captures → documents, reports, cells, claims and checks.

Reads the raw side (captures + bodies in the content-addressed store) and never fetches. A
document is extracted once per extractor version: re-running changes nothing, and a new
``EXTRACTOR_VERSION`` re-extracts everything from the archive. An article page and its
attachments form one group; the member holding the tables becomes the report, the others are
recorded as its companions. New content under a known URL becomes a new report version.
"""

from __future__ import annotations

import importlib
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import ModuleType
from urllib.parse import urljoin

import sqlite_utils

from archive.agencies import agency_context, store_deadline_rules
from archive.cross import run_archive_checks
from archive.disagreements import ARCHIVE_CHECK_VIEWS, DOCUMENT_CHECK_VIEWS, refresh_disagreements
from archive.rawstore import RawStore
from archive.load import ARCHIVE_FAMILIES, Provenance, load_report
from archive.text import document_text
from archive.views import install_views
from pipeline.checks.catalogue import CATALOGUE
from pipeline.model import Report

#: capture kinds that may hold a report (module: Hanweb's xxgkAnnualReport.jsp pages; images
#: are only resolved for OCR)
DOCUMENT_KINDS = ("article", "module", "attachment", "import", "other")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def load_extractor() -> ModuleType:
    """pipeline.extract: extract_bytes, ExtractError, EXTRACTOR_VERSION."""
    return importlib.import_module("pipeline.extract")


@dataclass
class ProcessSummary:
    groups: int = 0
    skipped: int = 0
    new_reports: int = 0
    new_versions: int = 0
    not_reports: int = 0
    errors: list[str] = field(default_factory=list)
    archive_checks: int = 0
    stored_report_ids: list[str] = field(default_factory=list)
    disagreements: int = 0

    def line(self) -> str:
        return (f"{self.groups} document groups looked at, {self.skipped} unchanged, "
                f"{self.new_reports} new reports, {self.new_versions} new versions, "
                f"{self.not_reports} without tables, {len(self.errors)} errors, "
                f"{self.archive_checks} archive-level checks"
                + (f", {self.disagreements} checks disagreeing with their SQL view (see the "
                   f"check_disagreements table)" if self.disagreements else ""))


def prepare(db: sqlite_utils.Database, deadlines: dict) -> None:
    """Reference tables and views that follow the code and config, not the captures."""
    db["check_catalogue"].upsert_all(
        ({"check_id": cid, "family": e["family"], "scope": e["scope"],
          "level": "archive" if e["family"] in ARCHIVE_FAMILIES else "document",
          "rule_version": str(e["version"]), "title_en": e["title_en"], "title_zh": e["title_zh"]}
         for cid, e in CATALOGUE.items()),
        pk="check_id")
    store_deadline_rules(db, deadlines)
    install_views(db)


def capture_groups(db: sqlite_utils.Database) -> list[list[dict]]:
    """[root capture, its attachments…] for every capture that may be or hold a report."""
    rows = [dict(r) for r in db.query(
        f"""SELECT c.* FROM captures c
            LEFT JOIN captures p ON p.capture_id = c.parent_capture_id
            WHERE c.sha256 IS NOT NULL AND COALESCE(c.status, 200) = 200
              AND c.kind IN ({", ".join("?" * len(DOCUMENT_KINDS))})
              AND (c.is_report = 1 OR c.kind = 'import' OR p.is_report = 1)
            ORDER BY c.capture_id""", DOCUMENT_KINDS)]
    groups: dict[int, list[dict]] = {}
    for row in rows:
        parent = row["parent_capture_id"]
        if parent in groups:
            groups[parent].append(row)
        else:
            groups[row["capture_id"]] = [row]
    # the same body fetched again (nightly) forms the same group: keep the first sighting
    seen: dict[tuple, list[dict]] = {}
    for members in groups.values():
        seen.setdefault(tuple(m["sha256"] for m in members), members)
    return list(seen.values())


def is_done(db: sqlite_utils.Database, members: list[dict], version: str) -> bool:
    """Every member was looked at by this extractor version, and the group is not a failure
    (failures are retried each run: a reader may have been added without a version bump)."""
    shas = [m["sha256"] for m in members]
    rows = db.execute(
        f"SELECT outcome FROM documents WHERE extractor_version = ? AND sha256 IN "
        f"({', '.join('?' * len(shas))})", [version, *shas]).fetchall()
    return len(rows) == len(set(shas)) and any(r[0] == "report" for r in rows)


def first_seen(db: sqlite_utils.Database, sha256: str) -> str:
    return db.execute("SELECT MIN(fetched_at) FROM captures WHERE sha256 = ?",
                      [sha256]).fetchone()[0] or now()


def image_resolver(db: sqlite_utils.Database, raw: RawStore, base_url: str) -> Callable:
    """Give the extractor the archived bytes of an image the page refers to (for OCR)."""
    def resolve(src: str) -> bytes | None:
        row = db.execute("SELECT sha256 FROM captures WHERE url = ? AND sha256 IS NOT NULL "
                         "ORDER BY capture_id DESC LIMIT 1", [urljoin(base_url, src)]).fetchone()
        return raw.read_body(row[0]) if row else None
    return resolve


def page_date(root: dict) -> str | None:
    """The portal's 发布日期 as a date (pages often add the time of day)."""
    return (root.get("published") or "")[:10] or None


def extract_member(db, raw: RawStore, extractor: ModuleType, member: dict, root: dict,
                   deadlines: dict):
    """(report or None, error or None, body) for one capture."""
    url = member["url"]
    try:
        data = raw.read_body(member["sha256"])
    except OSError as exc:
        return None, f"{url}: archived body {member['sha256'][:12]} unreadable: {exc}", b""
    try:
        report = extractor.extract_bytes(
            data, url=url, page_meta={"published_date": page_date(root)} if page_date(root)
            else {}, image_resolver=image_resolver(db, raw, url),
            agency_context={"portal": root.get("portal"),
                            **agency_context(root.get("title"), deadlines)})
    except extractor.ExtractError as exc:
        message = str(exc)  # the extractor names the document itself, usually by its URL
        return None, message if url in message else f"{url}: {message}", data
    return report, None, data


def number_cells(report: Report | None) -> int:
    if report is None:
        return -1
    return sum(c.is_number for t in report.tables.values() for r in t.values() for c in r.values())


def process_group(db, raw: RawStore, extractor: ModuleType, members: list[dict],
                  summary: ProcessSummary, deadlines: dict) -> None:
    root, version = members[0], extractor.EXTRACTOR_VERSION
    results = [(m, *extract_member(db, raw, extractor, m, root, deadlines)) for m in members]
    best = max(results, key=lambda r: number_cells(r[1]))
    member, report, error, data = best
    stamp = now()
    with db.atomic():
        report_id = None
        if report is not None and (number_cells(report) > 0 or report.year or report.agency):
            report_id = store_report(db, root, member, report, data, members, version, summary)
            summary.stored_report_ids.append(report_id)
        for m, rep, err, _ in results:
            # a page that only links to the report, or an attachment that is not it, is a
            # companion of the report the group produced, not a failure
            outcome = ("report" if m is member and report_id else "companion" if report_id
                       else "error" if err else "not_report")
            if outcome == "error":
                summary.errors.append(err)
            elif outcome == "not_report":
                summary.not_reports += 1
            record_document(db, {
                "sha256": m["sha256"], "media_type": rep.source.media_type if rep else
                m.get("content_type"), "size": m.get("size"), "capture_id": m["capture_id"],
                "url": m["url"], "outcome": outcome, "error": err, "report_id": report_id,
                "extractor_version": version, "processed_at": stamp})


def record_document(db: sqlite_utils.Database, row: dict) -> None:
    """Upsert a documents row, leaving it untouched when only processed_at would change."""
    old = db.execute("SELECT media_type, size, capture_id, url, outcome, error, report_id, "
                     "extractor_version FROM documents WHERE sha256 = ?",
                     [row["sha256"]]).fetchone()
    keys = ("media_type", "size", "capture_id", "url", "outcome", "error", "report_id",
            "extractor_version")
    if old is None or tuple(old) != tuple(row[k] for k in keys):
        db["documents"].upsert(row, pk="sha256")


def store_report(db, root, member, report, data, members, version, summary) -> str:
    report_id = report.source.sha256 = report.source.sha256 or member["sha256"]
    report.source.url = report.source.url or member["url"]
    companions = [m["sha256"] for m in members if m["sha256"] != member["sha256"]]
    url = root["url"]
    prov = Provenance(
        extractor_version=version, first_seen=first_seen(db, member["sha256"]),
        source_url=member["url"],
        source_path=(json.loads(root["note"]).get("path") if root["kind"] == "import"
                     and (root.get("note") or "").startswith("{") else None),
        capture_id=member["capture_id"],
        published_date_source=("page" if page_date(root)
                               and report.published_date == page_date(root) else "document"),
        companion_sha256=companions[0] if companions else None,
        text=document_text(data, member.get("content_type"), report))
    known = db.execute("SELECT 1 FROM reports WHERE report_id = ?", [report_id]).fetchone()
    versions = [r[0] for r in db.execute(
        "SELECT report_id FROM report_versions WHERE source_url = ? ORDER BY version", [url])]
    # re-extracting an old version must not make it current again
    prov.is_current = report_id not in versions or versions[-1] == report_id
    load_report(db, report, prov)
    if report_id not in versions:
        db["report_versions"].insert({"source_url": url, "version": len(versions) + 1,
                                      "report_id": report_id, "first_seen": prov.first_seen})
        if versions:
            summary.new_versions += 1
            db.execute(f"UPDATE reports SET is_current = 0 WHERE report_id IN "
                       f"({', '.join('?' * len(versions))})", versions)
        elif not known:
            summary.new_reports += 1
    return report_id


def process_archive(db: sqlite_utils.Database, raw: RawStore, deadlines: dict,
                    extractor: ModuleType | None = None,
                    progress: Callable[[Iterable], Iterable] = iter) -> ProcessSummary:
    extractor = extractor or load_extractor()
    prepare(db, deadlines)
    summary = ProcessSummary()
    for members in progress(capture_groups(db)):
        summary.groups += 1
        if is_done(db, members, extractor.EXTRACTOR_VERSION):
            summary.skipped += 1
            continue
        try:
            process_group(db, raw, extractor, members, summary, deadlines)
        except sqlite3.Error as exc:
            summary.errors.append(f"{members[0]['url']}: not stored: {exc}")
    summary.archive_checks = run_archive_checks(db)
    refresh_disagreements(db, DOCUMENT_CHECK_VIEWS, summary.stored_report_ids)
    refresh_disagreements(db, ARCHIVE_CHECK_VIEWS)  # every archive check was just recomputed
    summary.disagreements = db["check_disagreements"].count
    return summary
