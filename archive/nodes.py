"""Crawler nodes: an archive's own name, and parent links that point into another node.

Capture ids are only unique within one archive. A crawler node sharing a frontier (see
crawler/frontier.py) names itself once, in ``frontier_node``, and records an attachment whose
article page was fetched by another node as (that node, its capture id) in ``frontier_parents``;
archive/merge.py translates both into the main archive's ids.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlite_utils

NODE_TABLE = "frontier_node"
PARENTS_TABLE = "frontier_parents"


def node_id(db: sqlite_utils.Database) -> str:
    """This archive's node name, made on first use and kept."""
    if not db[NODE_TABLE].exists():
        db[NODE_TABLE].insert({"node_id": uuid.uuid4().hex,
                               "created_at": datetime.now(UTC).isoformat(timespec="seconds")},
                              pk="node_id")
    return db.execute(f"SELECT node_id FROM {NODE_TABLE} LIMIT 1").fetchone()[0]


def record_foreign_parent(db: sqlite_utils.Database, capture_id: int, origin_node: str,
                          origin_capture_id: int) -> None:
    db[PARENTS_TABLE].upsert({"capture_id": capture_id, "origin_node": origin_node,
                              "origin_capture_id": origin_capture_id}, pk="capture_id")


def same_capture(db: sqlite_utils.Database, row) -> tuple | None:
    """The main archive's capture that a node capture is, as the crawler decides it: the
    URL's capture (same status) fetched last before it, when it holds the same bytes. Bytes
    the URL served before something else came between are a capture of their own (a return
    to an earlier text); with nothing earlier, an identical later capture is the same."""
    before = db.execute(
        "SELECT capture_id, sha256 FROM captures WHERE final_url IS ? AND status IS ? "
        "AND fetched_at <= ? ORDER BY fetched_at DESC, capture_id DESC LIMIT 1",
        [row["final_url"], row["status"], row["fetched_at"] or ""]).fetchone()
    if before is not None:
        return (before[0],) if before[1] == row["sha256"] else None
    return db.execute(
        "SELECT capture_id FROM captures WHERE final_url IS ? AND status IS ? AND sha256 IS ? "
        "ORDER BY fetched_at, capture_id LIMIT 1",
        [row["final_url"], row["status"], row["sha256"]]).fetchone()
