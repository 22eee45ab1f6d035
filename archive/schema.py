"""The SQLite archive: every table, in numbered migrations, applied in place.

One migration set; raw-side migrations (written by the crawler side) are numbered m01x, the
pipeline side's m02x and later. Never edit an applied migration: add a new one.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

migrations = Migrations("xxgk-archive")


def open_database(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the archive and bring its schema up to date."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=30000")
    migrations.apply(db)
    return db
