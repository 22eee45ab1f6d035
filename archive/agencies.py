"""Agencies: one row per reporting body, recognised by the name printed in its report title.

The level decides the Art. 49 deadline (config ``[deadlines]``) and rule-making power (立法法:
in Weihai only the city government makes 规章). It is read from the name's ending because the
reports name their agency and nothing else does reliably.
"""

from __future__ import annotations

import re

import sqlite_utils

#: 设区的市 the archive covers; a county-level city (荣成市) looks the same by name
PREFECTURE_CITIES = frozenset({"威海市"})

#: level -> key of config ``[deadlines]``
DEADLINE_KEY = {
    "city": "government",
    "county": "government",
    "township": "township",
    "department": "department",
    "dev_zone": "dev_zone",
}


def agency_level(name: str) -> str:
    if "管理委员会" in name or name.endswith("管委会"):
        return "dev_zone"
    if re.search(r"(镇|乡|街道办事处|街道)(人民政府)?$", name):
        return "township"
    if name.endswith("人民政府"):
        # 威海市人民政府 is the city; 威海市文登区人民政府, 荣成市人民政府 (county-level city) are counties
        return "city" if name[: -len("人民政府")] in PREFECTURE_CITIES else "county"
    return "department"


def rule_making_power(level: str) -> bool:
    """设区的市 governments make 规章; nothing below them does."""
    return level == "city"


def agency_context(title: str | None, deadlines: dict[str, str | None]) -> dict:
    """What the archive expects of a report before reading it, from the portal's title:
    the agency (S-12), its level and Art. 49 deadline (S-08), rule-making power (T2-01)."""
    match = re.match(r"^(.+?)(?:19|20)\d\d年", title or "")
    if not match:
        return {}
    name = match.group(1).strip()
    level = agency_level(name)
    return {"expected_agency": name, "level": level,
            "deadline": deadlines.get(DEADLINE_KEY[level]),
            "rule_making_power": rule_making_power(level)}


def ensure_agency(db: sqlite_utils.Database, name: str | None) -> int | None:
    """The agency_id for a printed name, creating the agency on first sight."""
    if not name:
        return None
    row = db.conn.execute("SELECT agency_id FROM agencies WHERE name = ?", [name]).fetchone()
    if row:
        return row[0]
    level = agency_level(name)
    return db.conn.execute(
        "INSERT INTO agencies (name, level, rule_making_power) VALUES (?, ?, ?)",
        [name, level, int(rule_making_power(level))]).lastrowid


def store_deadline_rules(db: sqlite_utils.Database, deadlines: dict[str, str | None]) -> None:
    """Copy config ``[deadlines]`` into the archive so the deadline views can use it."""
    rows = [{"level": level, "deadline": deadlines.get(key)} for level, key in DEADLINE_KEY.items()]
    db["deadline_rules"].upsert_all(rows, pk="level")
