"""`xxgk import`: local files into the raw store and ``captures`` (kind "import").

A file is judged before it is read: not a regular file, empty, or over ``[extract] max_file_mb``
is refused from its ``stat`` alone. An accepted file is streamed into the content-addressed store
(hashed while copied), so a large one is never held in memory, and a file that grows past the
limit while being copied leaves nothing behind.
"""

from __future__ import annotations

import json
import mimetypes
import os
import stat
from pathlib import Path

import sqlite_utils

from archive.process import now
from archive.rawstore import BodyTooLarge, RawStore


class ImportRefused(Exception):
    """One file was not imported; the message is a one-line reason naming the file."""


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def check_importable(path: Path, max_bytes: int) -> os.stat_result:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ImportRefused(f"{path}: no such file") from None
    except OSError as exc:
        raise ImportRefused(f"{path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ImportRefused(f"{path}: is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ImportRefused(f"{path}: not a regular file")
    if info.st_size == 0:
        raise ImportRefused(f"{path}: empty file")
    if info.st_size > max_bytes:
        raise ImportRefused(f"{path}: file is {_mb(info.st_size)}, over the {_mb(max_bytes)} "
                            f"limit ([extract] max_file_mb); not read")
    return info


def import_file(db: sqlite_utils.Database, raw: RawStore, path: Path, *,
                max_bytes: int = 60 * 2**20) -> tuple[int, bool, str]:
    """Store one file with its provenance (path, sha256, imported_at):
    (capture_id, is_new, sha256). Raises ImportRefused with the reason."""
    check_importable(path, max_bytes)
    try:
        with open(path, "rb") as fh:
            sha, size = raw.store_stream(fh, max_bytes=max_bytes)
    except BodyTooLarge as exc:
        raise ImportRefused(f"{path}: grew past the {_mb(max_bytes)} limit while being read "
                            f"({_mb(exc.args[0])} read); not stored") from None
    except OSError as exc:
        raise ImportRefused(f"{path}: {exc.strerror or exc}") from None
    url = path.resolve().as_uri()
    # the same file imported again is its last import; a file put back to bytes it had
    # before another import is a new capture (a return, archive/versions.py)
    last = db.execute("SELECT capture_id, sha256 FROM captures WHERE kind = 'import' AND "
                      "url = ? ORDER BY fetched_at DESC, capture_id DESC LIMIT 1",
                      [url]).fetchone()
    if last and last[1] == sha:
        return last[0], False, sha
    imported_at = now()
    # the body is stored before the row: a row never points at missing bytes
    capture_id = db["captures"].insert({
        "url": url, "final_url": url, "method": "IMPORT", "status": 200,
        "content_type": mimetypes.guess_type(path.name)[0] or "application/octet-stream",
        "sha256": sha, "size": size, "fetched_at": imported_at, "kind": "import",
        "is_report": 1,
        "note": json.dumps({"path": str(path.resolve()), "sha256": sha,
                            "imported_at": imported_at}, ensure_ascii=False),
    }).last_pk
    return capture_id, True, sha


def outcomes(db: sqlite_utils.Database, shas: list[str]) -> dict[str, tuple[str, str | None]]:
    """sha256 -> (outcome, error) as the last `xxgk process` recorded it."""
    if not shas:
        return {}
    rows = db.execute(f"SELECT sha256, outcome, error FROM documents WHERE sha256 IN "
                      f"({', '.join('?' * len(shas))})", shas).fetchall()
    return {sha: (outcome, error) for sha, outcome, error in rows}
