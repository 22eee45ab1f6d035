"""The raw side of the archive: WARC files, bodies by sha256, and `captures` rows.

Write order for one response, chosen so that a ``kill -9`` at any point leaves a consistent
archive: (1) the WARC request+response records are serialised in memory and appended with a
single ``write`` (a torn tail is repaired on the next start), (2) the body is stored under its
sha256 through a temp file and a rename, (3) the `captures` row is inserted in one transaction.
A crash between steps leaves at most an orphan WARC record or body file, never a row pointing
at missing bytes, and the re-crawl adds the row (no duplicate: rows are unique per url,
status and sha256).

Public read API (used by the database side): ``RawStore(cfg).read_body(sha256)`` and
``RawStore(cfg).read_warc_record(warc_file, offset) -> (headers, body)``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import tempfile
from collections.abc import Mapping
from datetime import datetime, timezone
from http import HTTPStatus
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.schema import open_database

#: hop-by-hop headers that no longer describe the stored (de-chunked) payload
_DROP_HEADERS = {"transfer-encoding"}


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _paths(cfg: Any) -> tuple[Path, Path, Path]:
    if hasattr(cfg, "path"):
        return cfg.path("warc_dir"), cfg.path("files_dir"), cfg.path("database")
    if isinstance(cfg, Mapping):
        return Path(cfg["warc_dir"]), Path(cfg["files_dir"]), Path(cfg["database"])
    raise TypeError("RawStore needs a Config or a mapping of warc_dir/files_dir/database")


class BodyTooLarge(ValueError):
    """A streamed body grew past its limit (the argument: bytes read when it was stopped)."""


class WarcFileWriter:
    """Appends complete gzip WARC records to ``<dir>/<prefix>-NNNNN.warc.gz``, rotated by size."""

    def __init__(self, warc_dir: Path, prefix: str, max_bytes: int) -> None:
        self.warc_dir, self.prefix, self.max_bytes = warc_dir, prefix, max_bytes
        self.seq = -1
        self.fh: io.RawIOBase | None = None
        self.name = ""
        warc_dir.mkdir(parents=True, exist_ok=True)

    def _open_next(self) -> None:
        if self.fh is not None:
            os.fsync(self.fh.fileno())
            self.fh.close()
        self.seq += 1
        self.name = f"{self.prefix}-{self.seq:05d}.warc.gz"
        # "xb": a file of an earlier run is never appended to, let alone overwritten
        self.fh = open(self.warc_dir / self.name, "xb", buffering=0)
        info = self._serialise(
            lambda w: w.create_warcinfo_record(self.name, {"software": "xxgk-archive crawler"})
        )
        self.fh.write(info)

    @staticmethod
    def _serialise(make_record) -> bytes:
        buf = io.BytesIO()
        writer = WARCWriter(buf, gzip=True)
        writer.write_record(make_record(writer))
        return buf.getvalue()

    def write_pair(self, url: str, method: str, req_headers: list[tuple[str, str]],
                   req_body: bytes, status: int, reason: str,
                   resp_headers: list[tuple[str, str]], body: bytes,
                   fetched_from: str | None = None) -> tuple[str, int, int]:
        """Write request + response records; return (file name, offset, length) of the response.

        ``url`` is the canonical address (the real portal's); when the bytes were fetched from
        elsewhere through the host map (the replica, a proxy), ``fetched_from`` says where, in a
        ``XXGK-Fetched-From`` header of both records, so provenance stays honest."""
        if self.fh is None or (self.fh.tell() >= self.max_bytes):
            self._open_next()
        assert self.fh is not None
        path = url.split("/", 3)[3] if url.count("/") >= 3 else ""
        req_http = StatusAndHeaders(f"{method} /{path} HTTP/1.1", req_headers, is_http_request=True)
        resp_http = StatusAndHeaders(
            f"{status} {reason or _reason(status)}",
            [(k, v) for k, v in resp_headers if k.lower() not in _DROP_HEADERS],
            protocol="HTTP/1.1",
        )

        extra = {"XXGK-Fetched-From": fetched_from} if fetched_from else None

        def response(w: WARCWriter):
            return w.create_warc_record(url, "response", payload=io.BytesIO(body),
                                        length=len(body), http_headers=resp_http,
                                        warc_headers_dict=extra)

        resp_bytes = self._serialise(response)
        req_bytes = self._serialise(
            lambda w: w.create_warc_record(url, "request", payload=io.BytesIO(req_body),
                                           length=len(req_body), http_headers=req_http,
                                           warc_headers_dict=extra)
        )
        offset = self.fh.tell()
        # one write per pair: a kill can only tear the very last pair, which repair_tail drops
        self.fh.write(resp_bytes + req_bytes)
        return self.name, offset, len(resp_bytes)

    def close(self) -> None:
        if self.fh is not None:
            os.fsync(self.fh.fileno())
            self.fh.close()
            self.fh = None


def repair_tail(path: Path) -> int:
    """Cut a torn last record (left by a kill) off a WARC file; keep the torn bytes aside.

    Returns the number of bytes moved to ``<file>.torn``; 0 when the file is intact.
    """
    good = 0
    with open(path, "rb") as fh:
        try:
            it = ArchiveIterator(fh)
            for record in it:
                record.content_stream().read()
                good = it.get_record_offset() + it.get_record_length()
        except Exception:  # noqa: BLE001 - any parse error means a torn tail
            pass
    size = path.stat().st_size
    if good >= size:
        return 0
    with open(path, "rb") as fh:
        fh.seek(good)
        torn = fh.read()
    Path(str(path) + ".torn").write_bytes(torn)
    with open(path, "r+b") as fh:
        fh.truncate(good)
    return len(torn)


class RawStore:
    def __init__(self, cfg: Any, *, warc_max_mb: float = 100) -> None:
        self.warc_dir, self.files_dir, self.db_path = _paths(cfg)
        self.warc_max_bytes = int(warc_max_mb * 1024 * 1024)
        self._db = None
        self._writers: dict[str, WarcFileWriter] = {}

    # --- database ------------------------------------------------------------------------------

    @property
    def db(self):
        if self._db is None:
            self._db = open_database(self.db_path)
            # WAL + NORMAL: a committed row survives a killed process (only power loss could undo it)
            self._db.execute("PRAGMA synchronous=NORMAL")
        return self._db

    # --- writing -------------------------------------------------------------------------------

    def store_body(self, body: bytes) -> str:
        sha = hashlib.sha256(body).hexdigest()
        target = self.files_dir / sha[:2] / sha
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(body)
            os.replace(tmp, target)  # same content under the same name: never a different file
        return sha

    def store_stream(self, stream: BinaryIO, *, max_bytes: int | None = None,
                     chunk: int = 1 << 20) -> tuple[str, int]:
        """(sha256, size) of a stream copied into the store in chunks, never whole in memory.
        Over ``max_bytes`` the copy is dropped and BodyTooLarge raised: nothing is stored."""
        self.files_dir.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        fd, tmp = tempfile.mkstemp(dir=self.files_dir, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                while block := stream.read(chunk):
                    size += len(block)
                    if max_bytes is not None and size > max_bytes:
                        raise BodyTooLarge(size)
                    digest.update(block)
                    fh.write(block)
            sha = digest.hexdigest()
            target = self.files_dir / sha[:2] / sha
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                os.unlink(tmp)
            else:
                os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        return sha, size

    def writer(self, run_id: str, portal: str) -> WarcFileWriter:
        if portal not in self._writers:
            self.repair_previous(portal)
            self._writers[portal] = WarcFileWriter(self.warc_dir / portal, run_id, self.warc_max_bytes)
        return self._writers[portal]

    def repair_previous(self, portal: str) -> list[str]:
        """Check the newest WARC files of earlier runs for a torn tail (crash recovery)."""
        repaired = []
        folder = self.warc_dir / portal
        for path in sorted(folder.glob("*.warc.gz"))[-3:] if folder.exists() else []:
            if repair_tail(path):
                repaired.append(path.name)
        return repaired

    def record(self, *, run_id: str, portal: str, url: str, final_url: str, method: str,
               req_headers: list[tuple[str, str]], req_body: bytes, status: int,
               resp_headers: list[tuple[str, str]], body: bytes, kind: str,
               referer: str | None = None, parent_capture_id: int | None = None,
               note: str | None = None, make_capture: bool = True,
               fetched_from: str | None = None) -> tuple[int | None, bool]:
        """Archive one exchange; return (capture id, created). An exchange whose bytes are
        those the URL served last (same status) gets that capture's id, not a new row; bytes
        the URL served before something else (an edit reverted) are a new capture: what an
        address serves now is its newest capture."""
        writer = self.writer(run_id, portal)
        warc_file, offset, length = writer.write_pair(
            final_url, method, req_headers, req_body, status, "", resp_headers, body,
            fetched_from=fetched_from)
        sha = self.store_body(body)
        if not make_capture:
            return None, False
        existing = self.find_capture(final_url, status, sha)
        if existing is not None:
            return existing, False
        headers = {}
        for k, v in resp_headers:
            headers.setdefault(k, v)
        row = {
            "run_id": run_id, "portal": portal, "url": url, "final_url": final_url,
            "method": method, "status": status, "headers": json.dumps(headers, ensure_ascii=False),
            "content_type": headers.get("Content-Type", ""), "sha256": sha, "size": len(body),
            "warc_file": f"{portal}/{warc_file}", "warc_offset": offset, "warc_length": length,
            "fetched_at": utcnow(), "kind": kind, "referer": referer,
            "parent_capture_id": parent_capture_id, "is_report": 0, "note": note,
            "fetched_from": fetched_from,
        }
        return self.db["captures"].insert(row).last_pk, True

    def find_capture(self, url: str, status: int, sha: str) -> int | None:
        """The newest capture of ``url`` with ``status``, when it holds the bytes ``sha``."""
        rows = self.db.execute(
            "select capture_id, sha256 from captures where final_url = ? and status = ? "
            "order by fetched_at desc, capture_id desc limit 1", [url, status]).fetchall()
        return rows[0][0] if rows and rows[0][1] == sha else None

    def close(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()

    # --- reading -------------------------------------------------------------------------------

    def last_capture(self, url: str) -> dict | None:
        rows = list(self.db.query(
            "select * from captures where final_url = ? and status = 200 "
            "order by capture_id desc limit 1", [url]))
        return rows[0] if rows else None

    def known_urls(self, portal: str) -> set[str]:
        """URLs captured with status 200 by a crawl run that completed."""
        sql = ("select distinct c.final_url from captures c join crawl_runs r using (run_id) "
               "where c.portal = ? and c.status = 200 and r.status = 'ok'")
        return {r[0] for r in self.db.execute(sql, [portal]).fetchall()}

    def read_body(self, sha256: str) -> bytes:
        return (self.files_dir / sha256[:2] / sha256).read_bytes()

    def read_head(self, sha256: str, size: int) -> bytes:
        """The first ``size`` bytes of a body (sniffing a format without reading it all)."""
        with open(self.files_dir / sha256[:2] / sha256, "rb") as fh:
            return fh.read(size)

    def read_warc_record(self, warc_file: str, offset: int) -> tuple[list[tuple[str, str]], bytes]:
        """The HTTP headers and exact payload bytes of the record at ``offset``."""
        with open(self.warc_dir / warc_file, "rb") as fh:
            fh.seek(offset)
            record = next(iter(ArchiveIterator(fh)))
            headers = record.http_headers.headers if record.http_headers else []
            return list(headers), record.raw_stream.read()
