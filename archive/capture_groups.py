"""Which captures `xxgk process` reads together, and what each address served when.

A group is a root capture (a report page, a module page, an imported file) with the
attachments it linked; the same bodies fetched again form the same group, read once. Every
capture still counts for the address's timeline: the version an address shows is the one it
served last (archive/versions.py, ``follow_returns``).
"""

from __future__ import annotations

import sqlite_utils

#: capture kinds that may hold a report (module: Hanweb's xxgkAnnualReport.jsp pages; images
#: are only resolved for OCR)
DOCUMENT_KINDS = ("article", "module", "attachment", "import", "other")


def capture_groups(db: sqlite_utils.Database) -> list[list[dict]]:
    """[root capture, its attachments…] for every body (set of bodies) that may be or hold a
    report, at its first sighting."""
    return distinct(all_groups(db))


def distinct(groups: list[list[dict]]) -> list[list[dict]]:
    # the same body fetched again (nightly) forms the same group: keep the first sighting
    seen: dict[tuple, list[dict]] = {}
    for members in groups:
        seen.setdefault(tuple(m["sha256"] for m in members), members)
    return list(seen.values())


def served(groups: list[list[dict]]) -> dict[str, list[tuple[str, str]]]:
    """address → its root captures' (fetched_at, sha256) in time order, for the addresses
    that served some bytes again after others (only there can a version come back; new
    bytes are read and placed by store_version)."""
    by_url: dict[str, list[tuple[str, int, str]]] = {}
    for root, *_members in groups:
        by_url.setdefault(root["url"], []).append(
            (root["fetched_at"] or "", root["capture_id"], root["sha256"]))
    timelines = {}
    for url, caps in by_url.items():
        if len(caps) > 2:
            timeline = [(at, sha) for at, _id, sha in sorted(caps)]
            if came_back([sha for _at, sha in timeline]):
                timelines[url] = timeline
    return timelines


def came_back(shas: list[str]) -> bool:
    """Some bytes appear again after other bytes (A, C, A)."""
    left: set[str] = set()
    for before, sha in zip(shas, shas[1:]):
        left.add(before)
        if sha != before and sha in left:
            return True
    return False


def all_groups(db: sqlite_utils.Database) -> list[list[dict]]:
    """[root capture, its attachments…] for every capture that may be or hold a report."""
    rows = [dict(r) for r in db.query(
        f"""SELECT c.* FROM captures c
            LEFT JOIN captures p ON p.capture_id = c.parent_capture_id
            WHERE c.sha256 IS NOT NULL AND COALESCE(c.status, 200) = 200
              AND c.kind IN ({", ".join("?" * len(DOCUMENT_KINDS))})
              AND (c.is_report = 1 OR c.kind = 'import' OR p.is_report = 1)
            ORDER BY c.capture_id""", DOCUMENT_KINDS)]
    groups: dict[int, list[dict]] = {}
    for row in rows:
        parent = row["parent_capture_id"]
        if parent in groups:
            groups[parent].append(row)
        else:
            groups[row["capture_id"]] = [row]
    return list(groups.values())
