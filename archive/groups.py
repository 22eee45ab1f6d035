"""One document group (an article page and its attachments) through the extraction boundary.

Runs in a worker process or inline; reads the archive (bodies, the images a page refers to)
but never writes it: the parent stores what comes back (archive/process.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import sqlite_utils

from archive.agencies import agency_context
from archive.rawstore import RawStore
from archive.text import document_text
from pipeline.model import Report


@dataclass
class MemberResult:
    capture_id: int
    report: Report | None
    error: str | None
    media_type: str | None


@dataclass
class GroupResult:
    members: list[MemberResult] = field(default_factory=list)
    best: int = 0  # index of the member holding the tables
    text: str | None = None  # the words of the best member (full-text search)


@dataclass
class Extraction:
    """What a worker needs to extract a group: where the archive is, and how to extract."""

    raw: RawStore
    database: str
    deadlines: dict
    extract: Any  # extract_bytes of the extractor in use
    refusals: tuple
    settings: Any  # pipeline.extract.boundary.ExtractSettings
    _db: sqlite_utils.Database | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        # opened in the process that uses it: a SQLite connection never crosses a fork
        if self._db is None:
            import sqlite3

            self._db = sqlite_utils.Database(sqlite3.connect(
                f"file:{self.database}?mode=ro", uri=True, timeout=30))
        return self._db


def page_date(root: dict) -> str | None:
    """The portal's 发布日期 as a date (pages often add the time of day)."""
    return (root.get("published") or "")[:10] or None


def image_resolver(ctx: Extraction, base_url: str):
    """Give the extractor the archived bytes of an image the page refers to (for OCR)."""
    def resolve(src: str) -> bytes | None:
        row = ctx.db.execute("SELECT sha256 FROM captures WHERE url = ? AND sha256 IS NOT NULL "
                             "ORDER BY capture_id DESC LIMIT 1",
                             [urljoin(base_url, src)]).fetchone()
        return ctx.raw.read_body(row[0]) if row else None
    return resolve


def number_cells(report: Report | None) -> int:
    if report is None:
        return -1
    return sum(c.is_number for t in report.tables.values() for r in t.values() for c in r.values())


def extract_member(ctx: Extraction, member: dict, root: dict) -> tuple[MemberResult, bytes]:
    from pipeline.extract.boundary import extract_guarded

    url = member["url"]
    try:
        data = ctx.raw.read_body(member["sha256"])
    except OSError as exc:
        return MemberResult(member["capture_id"], None, f"{url}: archived body "
                            f"{member['sha256'][:12]} unreadable: {exc}", None), b""
    meta = {"published_date": page_date(root)} if page_date(root) else {}
    report, error = extract_guarded(
        data, settings=ctx.settings, extract=ctx.extract, refusals=ctx.refusals, url=url,
        page_meta=meta, image_resolver=image_resolver(ctx, url),
        agency_context={"portal": root.get("portal"),
                        **agency_context(root.get("title"), ctx.deadlines)})
    media = report.source.media_type if report else member.get("content_type")
    return MemberResult(member["capture_id"], report, error, media), data


def extract_group(ctx: Extraction, members: list[dict]) -> GroupResult:
    results = [extract_member(ctx, m, members[0]) for m in members]
    best = max(range(len(results)), key=lambda i: number_cells(results[i][0].report))
    result = GroupResult([r for r, _ in results], best)
    chosen, data = results[best]
    if chosen.report is not None:
        try:
            result.text = document_text(data, members[best].get("content_type"), chosen.report)
        except Exception:  # noqa: BLE001 - no search text is no reason to lose the report
            result.text = None
    return result


def failed_group(members: list[dict], reason: str) -> GroupResult:
    """Every member failed for ``reason`` (its worker was stopped or died)."""
    return GroupResult([MemberResult(m["capture_id"], None, f"{m['url']}: {reason}",
                                     m.get("content_type")) for m in members])
