"""`xxgk import`: local files into the raw store and ``captures`` (kind "import")."""

from __future__ import annotations

import hashlib
import json
import mimetypes
from pathlib import Path

import sqlite_utils

from archive.process import now
from archive.rawstore import RawStore


def import_file(db: sqlite_utils.Database, raw: RawStore, path: Path) -> tuple[int, bool]:
    """Store one file with its provenance (path, sha256, imported_at); (capture_id, is_new)."""
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    url = path.resolve().as_uri()
    known = db.execute("SELECT capture_id FROM captures WHERE kind = 'import' AND url = ? "
                       "AND sha256 = ?", [url, sha]).fetchone()
    if known:
        return known[0], False
    raw.store_body(data)  # before the row: a row never points at missing bytes
    imported_at = now()
    capture_id = db["captures"].insert({
        "url": url, "final_url": url, "method": "IMPORT", "status": 200,
        "content_type": mimetypes.guess_type(path.name)[0] or "application/octet-stream",
        "sha256": sha, "size": len(data), "fetched_at": imported_at, "kind": "import",
        "is_report": 1,
        "note": json.dumps({"path": str(path.resolve()), "sha256": sha,
                            "imported_at": imported_at}, ensure_ascii=False),
    }).last_pk
    return capture_id, True
