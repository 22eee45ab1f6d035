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
