"""The extraction orchestrator and public API: bytes → checked ``Report``.

detect the type (content, not extension) → read a ``Document`` → prose (metadata, sections,
claims) → tables by label → format and variant → checks. Pure: no HTTP, no database; pictures
come through ``image_resolver`` (the archive), never the network.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from pipeline import template as T
from pipeline.extract.budget import BudgetExceeded, budget_message, cpu_time_limit
from pipeline.document import Document, ImageBlock, Paragraph
from pipeline.evidence import Evidence, FoundTable, SectionSpan
from pipeline.model import Report, Section, Source
from pipeline.readers import ReadError
from pipeline.readers.detect import DOC, DOCX, HTML, OLE2, TEXT, WPS, detect
from pipeline.readers.registry import reader_for
from pipeline.tables.crosscheck import cross_check
from pipeline.extract.reportness import NotAReport, refusal
from pipeline.tables import find_tables

#: bump whenever the output for the same input can change (the archive re-extracts)
EXTRACTOR_VERSION = "1.0.0"
DEFAULT_MAX_BYTES = 60 * 1024 * 1024
#: text and HTML reports are never this large; bigger ones are refused before parsing
MAX_MARKUP_BYTES = 8 * 1024 * 1024
#: CPU seconds (all threads) one extraction may use; LibreOffice has its own time-out
DEFAULT_TIMEOUT = 120.0
_NAMES = {T.ACTIVE: "二", T.APPLICATIONS: "三", T.REVIEW: "四"}


class ExtractError(Exception):
    """An input that cannot be extracted; ``str(e)`` is one line: ``<file or URL>: <reason>``."""


def extract_path(path: str | Path, **kw) -> Report:
    path = Path(path)
    limit = kw.get("max_bytes") or DEFAULT_MAX_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            raise ExtractError(f"{path}: file is {size / 2**20:.1f} MB, over the "
                               f"{limit / 2**20:.0f} MB limit")
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return extract_bytes(data, path=str(path), **kw)


def extract_bytes(data: bytes, *, path: str | None = None, url: str | None = None,
                  page_meta: dict | None = None,
                  image_resolver: Callable[[str], bytes | None] | None = None,
                  agency_context: dict | None = None, ocr: bool = True,
                  max_bytes: int | None = None, timeout: float | None = DEFAULT_TIMEOUT,
                  content_type: str | None = None) -> Report:
    name = path or url or "<bytes>"
    limit = max_bytes or DEFAULT_MAX_BYTES
    if len(data) > limit:
        raise ExtractError(f"{name}: file is {len(data) / 2**20:.1f} MB, over the "
                           f"{limit / 2**20:.0f} MB limit")
    try:
        with cpu_time_limit(timeout):
            return _extract(data, path=path, url=url, page_meta=page_meta or {},
                            image_resolver=image_resolver, agency_context=agency_context or {},
                            ocr=ocr, content_type=content_type)
    except ReadError as exc:
        raise ExtractError(f"{name}: {_extension_note(name, data)}{exc}") from None
    except BudgetExceeded:
        raise ExtractError(budget_message(name, timeout)) from None
    except RecursionError:
        raise ExtractError(f"{name}: document nested too deeply") from None
    except MemoryError:
        raise ExtractError(f"{name}: out of memory while reading") from None


#: what a file name promises; the content decides, but a failure says when they disagree
_EXTENSIONS = {".pdf": ("PDF", ("application/pdf",)), ".docx": ("DOCX", (DOCX,)),
               ".doc": ("DOC", (DOC, WPS, OLE2)), ".wps": ("WPS", (DOC, WPS, OLE2)),
               ".html": ("HTML", (HTML,)), ".htm": ("HTML", (HTML,)),
               ".txt": ("text file", (TEXT,)), ".md": ("text file", (TEXT,))}


def _extension_note(name: str, data: bytes) -> str:
    suffix = Path(name.split("?")[0]).suffix.lower()
    if suffix not in _EXTENSIONS:
        return ""
    label, types = _EXTENSIONS[suffix]
    try:
        media_type = detect(data)
    except ReadError:
        return ""
    return "" if media_type in types else f"not a {label} (content is {media_type}); "


def _extract(data: bytes, *, path, url, page_meta, image_resolver, agency_context, ocr,
             content_type) -> Report:
    media_type = detect(data)
    if media_type in (TEXT, HTML) and len(data) > MAX_MARKUP_BYTES:
        raise ReadError(f"{media_type} of {len(data) / 2**20:.1f} MB is over the "
                        f"{MAX_MARKUP_BYTES // 2**20} MB limit for text and HTML reports")
    reader = reader_for(media_type)
    doc = reader(data, url=url, image_resolver=image_resolver, content_type=content_type,
                 ocr=ocr)
    doc.page_meta.update(page_meta)  # facts from the portal page the caller knows win
    if path or url:  # the last source of the reporting year (metadata.year_from_file_name)
        doc.page_meta.setdefault("file_name", Path(path or url).name)
    if ocr:
        doc = _ocr_pictures(doc)
    from pipeline.prose import read_prose  # the prose stage (metadata, sections, claims)
    prose = read_prose(doc)
    found = find_tables(doc, ocr=doc.source_kind == "ocr")
    doc.warnings.extend(cross_check(doc, found))
    if ocr:
        doc.warnings.extend(_review_ocr_tables(doc, found))
    why_not = refusal(doc, {f.table_id: f.table for f in found}, prose.sections)
    if why_not:  # a notice, a guide, a blank form: refused, never stored as a report
        raise NotAReport(why_not)
    report = Report(
        source=Source(hashlib.sha256(data).hexdigest(), media_type, path, url),
        title=prose.title, agency=prose.agency, year=prose.year,
        published_date=prose.published_date, period=prose.period,
        portal_urls=list(prose.portal_urls),
        sections=[Section(s.number, s.heading, s.present) for s in prose.sections],
        tables={f.table_id: f.table for f in found},
    )
    warnings = list(doc.warnings) + list(prose.warnings)
    report.claims = list(prose.claims)  # numbers stated in prose (N checks, claims table)
    report.paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    report.format, why = detect_format(found, prose.cited_notice, prose.year)
    if why:
        warnings.append(why)
    apps = next((f for f in found if f.table_id == T.APPLICATIONS), None)
    report.applications_variant = apps.variant if apps else None  # never inferred
    warnings += _placement_warnings(doc, found, prose.sections, ocr)
    evidence = _evidence(doc, prose, found, agency_context)
    report.checks = _run_checks(report, evidence)
    report.warnings = list(dict.fromkeys(warnings))
    return report


def detect_format(found: list[FoundTable], notice: str | None,
                  year: int | None) -> tuple[str, str | None]:
    """report-format.md §3: the section 二 table first; else the cited notice, else the year
    (with a warning naming the signal that decided)."""
    active = next((f for f in found if f.table_id == T.ACTIVE and f.format), None)
    if active is not None:
        return active.format, None
    if notice and "2021" in notice and "30" in notice:
        return "2021", f"format 2021 inferred from the cited notice {notice} (no table 二)"
    if notice and "2019" in notice and "60" in notice:
        return "2019", f"format 2019 inferred from the cited notice {notice} (no table 二)"
    if year is not None:
        fmt = "legacy" if year <= 2018 else "2019" if year <= 2020 else "2021"
        return fmt, f"format {fmt} inferred from the reporting year {year} (no table 二, no notice)"
    return "unknown", "format unknown: no table 二, no cited notice, no reporting year"


def _section_of(index: int, spans: list[SectionSpan]) -> int | None:
    for span in spans:
        if span.present and span.start is not None and span.start <= index < (span.end or 0):
            return span.number
    return None


def _placement_warnings(doc: Document, found: list[FoundTable],
                        spans: list[SectionSpan], ocr: bool) -> list[str]:
    out = []
    ids = {f.table_id for f in found}
    for f in found:
        home = T.TABLE_SECTION[f.table_id]
        where = _section_of(f.block_index, spans)
        if any(s.number == home and s.present for s in spans) and where != home:
            out.append(f"{f.table_id}: table {_NAMES[f.table_id]} found outside section "
                       f"{home} ({'after section ' + str(where) if where else 'outside the sections'}); displaced")
    for table_id, home in T.TABLE_SECTION.items():
        span = next((s for s in spans if s.number == home and s.present), None)
        if table_id in ids or span is None:
            continue
        pictures = [b for b in doc.blocks[span.start:span.end] if isinstance(b, ImageBlock)]
        if pictures:
            why = "OCR read no such table from them" if ocr else "cells not read without OCR"
            out.append(f"{table_id}: section {home} holds {len(pictures)} picture(s) and no "
                       f"readable table; table omitted ({why})")
    return out


def _evidence(doc, prose, found, agency_context) -> Evidence:
    return Evidence(document=doc, sections=prose.sections, tables=found,
                    agency_context=dict(agency_context), prose=prose)


def _run_checks(report: Report, evidence: Evidence):
    try:
        from pipeline.checks import run_checks
    except ImportError:  # the checks stage is not installed in this checkout
        return []
    return run_checks(report, evidence)


def _ocr_pictures(doc: Document) -> Document:
    """Seam for the OCR stage: ``pipeline.ocr.ocr_document(doc)`` turns pictures of tables
    into grids when it is installed; without it pictures stay pictures."""
    try:
        from pipeline.ocr import ocr_document
    except ImportError:
        return doc
    return ocr_document(doc)


def _review_ocr_tables(doc: Document, found: list[FoundTable]) -> list[str]:
    """Seam for the OCR stage: OCR'd tables whose arithmetic fails are flagged for review."""
    try:
        from pipeline.ocr.review import review_ocr_tables
    except ImportError:
        return []
    return review_ocr_tables(doc, found)
