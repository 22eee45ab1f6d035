"""`xxgk process`: archived captures → documents, reports, cells, claims and checks.

Reads the raw side (captures + bodies in the content-addressed store) and never fetches. A
document is extracted once per extractor version: re-running changes nothing, and a new
``EXTRACTOR_VERSION`` re-extracts everything from the archive. An article page and its
attachments form one group; the member holding the tables becomes the report, the others are
recorded as its companions. A new body under a known URL becomes a new report version when its
report differs from the version it follows, else a sighting of it; an address that serves
again an earlier version's bytes makes that version current again (archive/versions.py).
Every document goes through one error boundary (pipeline.extract.boundary), in worker processes
(archive/parallel.py, archive/workers.py); this process is the one writer. A failure is final
for its bytes and extractor version unless ``retry_failed``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import ModuleType

import sqlite_utils

from archive.agencies import store_deadline_rules
from archive.batch import REFUSED, batch as one_transaction, unit
from archive.capture_groups import all_groups, distinct, served
from archive.cross import clear_pending, run_archive_checks, touched_reports, with_pending
from archive.disagreements import ARCHIVE_CHECK_VIEWS, DOCUMENT_CHECK_VIEWS, refresh_disagreements
from archive.rawstore import RawStore
from archive.load import ARCHIVE_FAMILIES, Provenance, upsert_row
from archive.groups import (
    Extraction, GroupResult, number_cells, page_date,
)
from archive.parallel import ProcessOptions, batches, extracted
from archive.versions import (
    FOLDED, SIGHTING, STORED, follow_returns, store_version, unfingerprinted,
)
from archive.views import install_views
from archive.weights import group_weights
from pipeline.checks.catalogue import CATALOGUE


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def load_extractor() -> ModuleType:
    """pipeline.extract: extract_bytes, ExtractError, EXTRACTOR_VERSION (tests hand in others)."""
    import pipeline.extract

    return pipeline.extract


@dataclass
class ProcessSummary:
    groups: int = 0
    skipped: int = 0
    new_reports: int = 0
    new_versions: int = 0
    #: new bodies of an address whose report says what the version it follows says
    unchanged: int = 0
    #: versions found unchanged when extracted again (folded into the one they follow)
    folded: int = 0
    #: addresses found serving again an earlier version, which became current
    returns: int = 0
    not_reports: int = 0
    errors: list[str] = field(default_factory=list)
    archive_checks: int = 0
    stored_report_ids: list[str] = field(default_factory=list)
    disagreements: int = 0
    #: peak resident memory of a worker, workers started (recycled ones included)
    stats: dict = field(default_factory=dict)

    def line(self) -> str:
        return (f"{self.groups} document groups looked at, {self.skipped} unchanged, "
                f"{self.new_reports} new reports, {self.new_versions} new versions, "
                + (f"{self.unchanged} new bodies of unchanged reports, " if self.unchanged
                   else "")
                + (f"{self.folded} versions folded as unchanged, " if self.folded else "")
                + (f"{self.returns} addresses back to an earlier version, " if self.returns
                   else "")
                + f"{self.not_reports} without tables, {len(self.errors)} errors, "
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


def finished_documents(db: sqlite_utils.Database, version: str) -> dict[str, str]:
    """sha256 → outcome of every document this extractor version already looked at."""
    return dict(db.execute("SELECT sha256, outcome FROM documents WHERE extractor_version = ?",
                           [version]).fetchall())


def is_done(finished: dict[str, str], members: list[dict], retry_failed: bool) -> bool:
    """Every member was looked at by this extractor version. A failure is final for these
    bytes and this version (a bad document is not retried every night) unless
    ``--retry-failed`` asks for it."""
    outcomes = [finished.get(m["sha256"]) for m in members]
    return None not in outcomes and not (retry_failed and "error" in outcomes)


def first_seen(db: sqlite_utils.Database, sha256: str) -> str:
    return db.execute("SELECT MIN(fetched_at) FROM captures WHERE sha256 = ?",
                      [sha256]).fetchone()[0] or now()


def write_group(db, members: list[dict], result: GroupResult, version: str,
                summary: ProcessSummary) -> None:
    root, member = members[0], members[result.best]
    report = result.members[result.best].report
    stamp = now()
    with unit(db):
        report_id, stored = None, None
        if report is not None and (number_cells(report) > 0 or report.year or report.agency):
            report_id, stored = store_report(db, root, member, report, result.text or "",
                                             members, version, summary)
            if stored != SIGHTING:  # an unchanged report changes no check of the archive
                summary.stored_report_ids.append(report_id)
        for m, res in zip(members, result.members):
            # a page that only links to the report, or an attachment that is not it, is a
            # companion of the report the group produced, not a failure
            outcome = ("report" if m is member and stored == STORED
                       else "sighting" if m is member and report_id
                       else "companion" if report_id
                       else "error" if res.error else "not_report")
            if outcome == "error":
                summary.errors.append(res.error)
            elif outcome == "not_report":
                summary.not_reports += 1
            record_document(db, {
                "sha256": m["sha256"], "media_type": res.media_type, "size": m.get("size"),
                "capture_id": m["capture_id"], "url": m["url"], "outcome": outcome,
                "error": res.error, "report_id": report_id, "extractor_version": version,
                "processed_at": stamp})


def record_document(db: sqlite_utils.Database, row: dict) -> None:
    """Upsert a documents row, leaving it untouched when only processed_at would change."""
    old = db.execute("SELECT media_type, size, capture_id, url, outcome, error, report_id, "
                     "extractor_version FROM documents WHERE sha256 = ?",
                     [row["sha256"]]).fetchone()
    keys = ("media_type", "size", "capture_id", "url", "outcome", "error", "report_id",
            "extractor_version")
    if old is None or tuple(old) != tuple(row[k] for k in keys):
        upsert_row(db, "documents", row, "sha256")


def store_report(db, root, member, report, text, members, version,
                 summary) -> tuple[str, str]:
    """Store the group's report as a version of the root's address, or as a sighting of the
    version it follows (archive/versions.py). Returns (report_id, STORED | SIGHTING | FOLDED)."""
    report.source.sha256 = report.source.sha256 or member["sha256"]
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
        text=text)
    known = db.execute("SELECT 1 FROM reports WHERE report_id = ?",
                       [report.source.sha256]).fetchone()
    versions = [r[0] for r in db.execute(
        "SELECT report_id FROM report_versions WHERE source_url = ?", [url])]
    report_id, outcome = store_version(db, url, report, prov)
    if outcome == SIGHTING:
        summary.unchanged += 1
    elif outcome == FOLDED:
        summary.folded += 1
    elif report_id not in versions:
        if versions:
            summary.new_versions += 1
        elif not known:
            summary.new_reports += 1
    return report_id, outcome


def process_archive(db: sqlite_utils.Database, raw: RawStore, deadlines: dict,
                    extractor: ModuleType | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    options: ProcessOptions = ProcessOptions()) -> ProcessSummary:
    extractor = extractor or load_extractor()
    version = extractor.EXTRACTOR_VERSION + options.settings.version_suffix
    prepare(db, deadlines)
    summary = ProcessSummary()
    every = all_groups(db)
    groups = distinct(every)
    finished = finished_documents(db, version)
    # versions stored before fingerprints existed are read again once, when asked to
    # recheck everything, so that those that did not change are folded (docs/archive.md)
    legacy = unfingerprinted(db) if options.recheck_all else set()
    todo = [g for g in groups if not is_done(finished, g, options.retry_failed)
            or any(m["sha256"] in legacy for m in g)]
    summary.groups, summary.skipped = len(groups), len(groups) - len(todo)
    ctx = Extraction(raw, database_path(db), deadlines, extractor.extract_bytes,
                     (extractor.ExtractError,), options.settings)
    received = 0

    def arrived(count: int) -> None:  # what the workers finished, in any order
        nonlocal received
        received += count
        if progress:
            progress(received, len(todo))

    weights = group_weights(db, todo, options.settings.ocr)
    stream = extracted(ctx, todo, extractor, options, summary.stats, weights, arrived)
    for batch in batches(stream, options.batch, options.batch_seconds):
        write_batch(db, batch, version, summary, between=stream.pump)
    follow_served(db, served(every), summary)
    summary.stored_report_ids = with_pending(db, summary.stored_report_ids)
    if options.recheck_all or summary.stored_report_ids or not groups:
        summary.archive_checks = run_archive_checks(
            db, None if options.recheck_all else summary.stored_report_ids)
        refresh_disagreements(db, DOCUMENT_CHECK_VIEWS, summary.stored_report_ids)
        refresh_disagreements(db, ARCHIVE_CHECK_VIEWS,
                              None if options.recheck_all else touched_reports(
                                  db, summary.stored_report_ids))
        clear_pending(db, summary.stored_report_ids)
    summary.disagreements = db["check_disagreements"].count
    return summary


def follow_served(db, timelines: dict[str, list[tuple[str, str]]],
                  summary: ProcessSummary) -> None:
    """Addresses that went back to an earlier version (A, C, A): the return is a version row
    and the report they serve again is current; its agency's archive checks are recomputed."""
    with db.atomic():
        for url, captures in timelines.items():
            current = follow_returns(db, url, captures)
            if current is not None:
                summary.returns += 1
                summary.stored_report_ids.append(current)


def write_batch(db, batch: list, version: str, summary: ProcessSummary,
                between: Callable[[], None] = lambda: None) -> None:
    """One transaction for the batch (one writer: the parent); a group the database refuses
    is found and reported without losing the others. ``between()`` runs after each group
    (the workers' next tasks)."""
    counted = counters(summary)
    try:
        with one_transaction(db):
            for members, result in batch:
                write_group(db, members, result, version, summary)
                between()
    except REFUSED:
        restore(summary, counted)  # the rolled-back groups are counted when stored again
        for members, result in batch:
            counted = counters(summary)
            try:
                write_group(db, members, result, version, summary)
            except REFUSED as exc:
                restore(summary, counted)
                summary.errors.append(f"{members[0]['url']}: not stored: {exc}")


def counters(summary: ProcessSummary) -> dict:
    """The summary before a batch: its numbers, and the lengths of its lists (writing groups
    only appends to them), so that taking it costs the same at the millionth report as at the
    first. ``stats`` is the workers' dict, filled in as they go: not the batch's to roll back."""
    return {k: len(v) if isinstance(v, list) else v
            for k, v in vars(summary).items() if k != "stats"}


def restore(summary: ProcessSummary, counted: dict) -> None:
    for key, before in counted.items():
        current = getattr(summary, key)
        if isinstance(current, list):
            del current[before:]
        else:
            setattr(summary, key, before)


def database_path(db: sqlite_utils.Database) -> str:
    return next(r[2] for r in db.execute("PRAGMA database_list") if r[1] == "main")
