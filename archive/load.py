"""A report and its archive rows, both ways: `load_report` stores one extracted report (all of
its rows or none, one transaction), `report_from_db` reads it back for the archive-level checks."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import sqlite_utils

from archive.agencies import ensure_agency
from archive.batch import unit
from pipeline.checks.catalogue import CATALOGUE
from pipeline.model import Cell, Check, Claim, Report, Section, Source
from pipeline.template import ACTIVE, NOTICE_2019, NOTICE_2021, active_columns, active_rows

#: tables holding rows of one report, emptied before a reload
REPORT_CHILD_TABLES = ("sections", "cells", "claims", "checks", "warnings")


@dataclass
class Provenance:
    """Where a report came from, beside what its document says."""

    extractor_version: str
    first_seen: str
    source_url: str | None = None
    source_path: str | None = None
    capture_id: int | None = None
    published_date_source: str | None = None
    companion_sha256: str | None = None
    is_current: bool = True
    text: str = ""
    #: archive.versions.fingerprint of the report (what tells a changed report from a new body)
    content_hash: str | None = None


def source_kind(media_type: str | None) -> str:
    mt = (media_type or "").lower()
    for needle, kind in (("html", "html"), ("word", "docx"), ("docx", "docx"), ("pdf", "pdf"),
                         ("image", "ocr"), ("text", "text")):
        if needle in mt:
            return kind
    return "other"


#: archive-level families: they need more than one report (X: two years, H: two agencies)
ARCHIVE_FAMILIES = ("X", "H")


def family_of(check_id: str) -> str:
    return check_id.rsplit("-", 1)[0]


def rule_version(check_id: str) -> str:
    return str(CATALOGUE.get(check_id, {}).get("version", 1))


#: JSON of a string, as ``json.dumps(..., ensure_ascii=False)`` writes it
_JSON_STRING = json.encoder.encode_basestring


def _json_scalar(value) -> str | None:
    """``json.dumps(value)`` of a string, number or None; None for anything else."""
    if value is None:
        return "null"
    kind = type(value)
    if kind is str:
        return _JSON_STRING(value)
    if kind is int:
        return int.__repr__(value)
    if kind is float and value == value and value not in (_INF, -_INF):
        return float.__repr__(value)
    return None


_INF = float("inf")


def inputs_hash(report_id: str, check: Check, version: str | None = None) -> str:
    """What a check judged: a human review stays attached while this is unchanged. The hash
    is of ``json.dumps(payload, ensure_ascii=False)``; the JSON is written here for the
    plain values a check holds (json builds a new encoder per call: 40,000 checks a run)."""
    payload = [report_id, check.id, check.scope, check.expected, check.actual, check.status,
               rule_version(check.id) if version is None else version]
    parts = [_json_scalar(v) for v in payload]
    text = ("[" + ", ".join(parts) + "]" if None not in parts
            else json.dumps(payload, ensure_ascii=False))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


#: columns of the rows below, in the order of their tuples
CHECK_COLUMNS = ("report_id", "check_id", "scope", "family", "level", "status", "expected",
                 "actual", "message", "rule_version", "inputs_hash")
CELL_COLUMNS = ("report_id", "table_id", "row_key", "col_key", "art20_item", "value", "raw",
                "semantic", "unit", "locator", "source_kind")
SECTION_COLUMNS = ("report_id", "number", "heading", "present")
CLAIM_COLUMNS = ("report_id", "seq", "key", "value", "unit", "approximate", "section", "text")
WARNING_COLUMNS = ("report_id", "seq", "text")


def check_tuples(report_id: str, checks: list[Check]) -> list[tuple]:
    """``checks`` rows (CHECK_COLUMNS): one instance per (id, scope), the last wins."""
    rows = {}
    for check in checks:
        family, version = family_of(check.id), rule_version(check.id)
        scope = check.scope or ""
        rows[(check.id, scope)] = (
            report_id, check.id, scope, family,
            "archive" if family in ARCHIVE_FAMILIES else "document", check.status,
            check.expected, check.actual, check.message, version,
            inputs_hash(report_id, check, version))
    return list(rows.values())


def check_rows(report_id: str, checks: list[Check]) -> list[dict]:
    return [dict(zip(CHECK_COLUMNS, row)) for row in check_tuples(report_id, checks)]


def cell_tuples(report: Report, report_id: str) -> list[tuple]:
    """``cells`` rows (CELL_COLUMNS)."""
    kind = source_kind(report.source.media_type)
    art20 = {r.key: r.art20_item for r in active_rows(report.format)}
    active_units = {key: col.unit for key, col in active_columns(report.format).items()}
    rows = []
    for table_id, table in report.tables.items():
        active = table_id == ACTIVE
        for row_key, cols in table.items():
            item = art20.get(row_key) if active else None
            for col_key, cell in cols.items():
                unit = active_units.get(col_key, "件") if active else "件"
                rows.append((report_id, table_id, row_key, col_key, item, cell.value, cell.raw,
                             cell.semantic, unit, cell.locator, kind))
    return rows


def cell_rows(report: Report, report_id: str) -> list[dict]:
    return [dict(zip(CELL_COLUMNS, row)) for row in cell_tuples(report, report_id)]


def tables_hash(cells: list[tuple]) -> str | None:
    """Fingerprint of the numbers in a report's tables (None when it has none)."""
    numbers = sorted((c[1], c[2], c[3], c[5]) for c in cells if c[7] == "number")
    if not numbers:
        return None
    return hashlib.sha256(json.dumps(numbers).encode()).hexdigest()


def load_report(db: sqlite_utils.Database, report: Report, prov: Provenance) -> str:
    """Replace everything stored for this report; returns its report_id (source sha256)."""
    report_id = report.source.sha256
    period = report.period or {}
    # the format notice the text cites (the JSON contract has no field for it)
    cited = next((n for n in (NOTICE_2021, NOTICE_2019) if n in prov.text), None)
    cells = cell_tuples(report, report_id)
    with unit(db):
        agency_id = ensure_agency(db, report.agency)
        delete_report_rows(db, report_id)
        upsert_row(db, "reports", {
            "report_id": report_id, "agency_id": agency_id, "year": report.year,
            "title": report.title, "agency_name_printed": report.agency,
            "format": report.format, "applications_variant": report.applications_variant,
            "source_url": prov.source_url or report.source.url,
            "source_path": prov.source_path or report.source.path,
            "media_type": report.source.media_type,
            "source_kind": source_kind(report.source.media_type),
            "source_capture_id": prov.capture_id, "companion_sha256": prov.companion_sha256,
            "published_date": report.published_date,
            "published_date_source": prov.published_date_source if report.published_date else None,
            "first_seen": prov.first_seen, "period_start": period.get("start"),
            "period_end": period.get("end"), "cited_notice": cited,
            "portal_urls": json.dumps(report.portal_urls, ensure_ascii=False),
            "extractor_version": prov.extractor_version, "is_current": int(prov.is_current),
            "cell_count": sum(c[7] == "number" for c in cells), "text": prov.text,
            "tables_hash": tables_hash(cells), "content_hash": prov.content_hash,
        }, "report_id")
        insert_rows(db, "sections", SECTION_COLUMNS, [
            (report_id, s.number, s.heading, int(s.present)) for s in report.sections])
        insert_rows(db, "cells", CELL_COLUMNS, cells)
        insert_rows(db, "claims", CLAIM_COLUMNS, [
            (report_id, i, c.key, c.value, c.unit, int(c.approximate), c.section, c.text)
            for i, c in enumerate(report.claims)])
        insert_rows(db, "checks", CHECK_COLUMNS, check_tuples(report_id, report.checks))
        insert_rows(db, "warnings", WARNING_COLUMNS, [
            (report_id, i, w) for i, w in enumerate(report.warnings)])
    return report_id


def delete_report_rows(db: sqlite_utils.Database, report_id: str) -> None:
    """Everything stored under a report but its ``reports`` row."""
    for table in REPORT_CHILD_TABLES:
        db.conn.execute(f"DELETE FROM [{table}] WHERE report_id = ?", [report_id])


def upsert_row(db: sqlite_utils.Database, table: str, row: dict, pk: str) -> None:
    """A row inserted, or updated in place when its key exists (the rowid, which the search
    index refers to, stays): what sqlite-utils' ``upsert`` stores, in one statement. Its
    INSERT OR IGNORE then UPDATE fired the search trigger a second time for every new
    report, and it reads the table's schema again on every call."""
    columns = tuple(row)
    db.conn.execute(_upsert_sql(table, columns, pk), [row[c] for c in columns])


_STATEMENTS: dict[tuple, str] = {}


def _upsert_sql(table: str, columns: tuple[str, ...], pk: str) -> str:
    key = ("upsert", table, columns, pk)
    if key not in _STATEMENTS:
        _STATEMENTS[key] = (
            f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
            f"VALUES ({', '.join('?' * len(columns))}) ON CONFLICT ([{pk}]) DO UPDATE SET "
            + ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != pk))
    return _STATEMENTS[key]


def insert_rows(db: sqlite_utils.Database, table: str, columns: tuple[str, ...],
                rows: list[tuple]) -> None:
    """Tuples in the order of ``columns`` through one prepared statement. sqlite-utils'
    ``insert_all`` looks the table up, rebuilds its statement and type-checks every value
    again for each chunk: that was half of what storing a report cost."""
    if not rows:
        return
    key = ("insert", table, columns)
    if key not in _STATEMENTS:
        _STATEMENTS[key] = (f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
                            f"VALUES ({', '.join('?' * len(columns))})")
    db.conn.executemany(_STATEMENTS[key], rows)


def report_from_db(db: sqlite_utils.Database, report_id: str) -> Report:
    """The stored report back as a ``Report`` (what ``load_report`` wrote, checks aside): the
    archive-level checks run on it. Both directions of the mapping live here, side by side.
    Plain tuples: sqlite-utils' ``query`` makes a dict of every cell row."""
    conn = db.conn
    (media_type, source_path, source_url, fmt, title, agency, year, published_date,
     period_start, period_end, variant, portal_urls) = conn.execute(
        "SELECT media_type, source_path, source_url, format, title, agency_name_printed, year, "
        "published_date, period_start, period_end, applications_variant, portal_urls "
        "FROM reports WHERE report_id = ?", [report_id]).fetchone()
    report = Report(
        source=Source(report_id, media_type or "", source_path, source_url),
        format=fmt or "unknown", title=title, agency=agency, year=year,
        published_date=published_date,
        period={"start": period_start, "end": period_end} if period_start else None,
        applications_variant=variant, portal_urls=json.loads(portal_urls or "[]"))
    where = [report_id]
    report.sections = [Section(number, heading, bool(present)) for number, heading, present in
                       conn.execute("SELECT number, heading, present FROM sections "
                                    "WHERE report_id = ? ORDER BY number", where)]
    tables = report.tables
    for table_id, row_key, col_key, value, raw, semantic, locator in conn.execute(
            "SELECT table_id, row_key, col_key, value, raw, semantic, locator FROM cells "
            "WHERE report_id = ?", where):
        tables.setdefault(table_id, {}).setdefault(row_key, {})[col_key] = (
            Cell(value, raw, semantic, locator))
    report.claims = [Claim(key, value, unit, bool(approximate), text or "", section)
                     for key, value, unit, approximate, section, text in conn.execute(
                         "SELECT key, value, unit, approximate, section, text FROM claims "
                         "WHERE report_id = ? ORDER BY seq", where)]
    return report
