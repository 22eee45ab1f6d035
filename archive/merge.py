"""`xxgk archive merge NODE_DIR…`: fold crawler nodes' archives into the main one.

Several crawler nodes sharing one frontier (crawler/frontier.py) each write a complete raw
archive of their own: WARC files, the content-addressed bodies and `captures` rows. Merging
copies what the main archive lacks and never changes what it has:

- bodies by sha256, checked against their name while copied (a damaged body is refused, not
  stored under a name it does not match), through a temp file and a rename;
- WARC files by name; a different file under a taken name is stored under a name of its own and
  the captures pointing into it follow;
- `crawl_runs` and `portals` rows the main archive does not have;
- `captures`: a capture whose URL, status and bytes the main archive already holds is mapped to
  that row, as the crawler itself would have done; others are added. Parent links (attachment →
  article page) are translated, also when the page was fetched by another node.

Every node capture merged is remembered in `merged_captures` (node id, node capture id → capture
id), so a second merge of the same folders adds nothing, and a merge cut short by a crash is
finished by running it again (rows are written in one transaction, after the files).
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from archive.nodes import NODE_TABLE, PARENTS_TABLE, same_capture

_SHA_NAME = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1 << 20


class MergeError(Exception):
    """A node folder that cannot be merged; the message names it and says why."""


@dataclass
class NodeArchive:
    folder: Path
    database: Path
    files_dir: Path
    warc_dir: Path

    @classmethod
    def find(cls, folder: Path, config_paths=None) -> NodeArchive:
        """A node folder is its config's folder (config.toml beside data/) or its data folder.
        ``config_paths(config_file) -> (database, files_dir, warc_dir)`` reads a node's config;
        the CLI passes it, so the archive never imports the command line's config module."""
        config = folder / "config.toml"
        if config.is_file() and config_paths is not None:
            node = cls(folder, *config_paths(config))
        else:
            node = cls(folder, folder / "archive.db", folder / "files", folder / "warc")
        if not node.database.is_file():
            raise MergeError(f"{folder}: no node archive here (neither config.toml nor "
                             f"archive.db)")
        return node


@dataclass
class MergeSummary:
    nodes: int = 0
    bodies: int = 0
    warc_files: int = 0
    captures: int = 0
    reused: int = 0
    parents: int = 0
    runs: int = 0
    refused: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"merged {self.nodes} node archive(s): {self.captures} new captures "
                f"({self.reused} already archived), {self.bodies} bodies, {self.warc_files} WARC "
                f"files, {self.runs} crawl runs, {self.parents} parent links"
                + (f", {len(self.refused)} refused" if self.refused else ""))


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _copy(source: Path, target: Path) -> str:
    """Copy through a temp file beside ``target`` and a rename; the copy's sha256."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".merge-")
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            while block := src.read(_CHUNK):
                digest.update(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return digest.hexdigest()


def merge_bodies(node: NodeArchive, files_dir: Path, summary: MergeSummary) -> None:
    if not node.files_dir.is_dir():
        return
    for path in sorted(node.files_dir.glob("??/*")):
        if not _SHA_NAME.match(path.name) or path.parent.name != path.name[:2]:
            continue  # a temp file of a killed node, or something that is no body
        target = files_dir / path.name[:2] / path.name
        if target.exists():
            continue
        if _sha256_of(path) != path.name:
            summary.refused.append(f"{path}: content does not match its sha256 name; not copied")
            continue
        if _copy(path, target) != path.name:  # changed while copied: never keep a wrong name
            target.unlink()
            summary.refused.append(f"{path}: changed while being copied; not copied")
            continue
        summary.bodies += 1


def merge_warcs(node: NodeArchive, warc_dir: Path, node_id: str,
                summary: MergeSummary) -> dict[str, str]:
    """Copy the node's WARC files; {node relative name: main relative name} when renamed."""
    renamed: dict[str, str] = {}
    if not node.warc_dir.is_dir():
        return renamed
    for path in sorted(node.warc_dir.rglob("*.warc.gz")):
        rel = path.relative_to(node.warc_dir).as_posix()
        target = warc_dir / rel
        if target.exists():
            if _sha256_of(target) == _sha256_of(path):
                continue
            rel = rel.removesuffix(".warc.gz") + f".{node_id[:12]}.warc.gz"
            renamed[path.relative_to(node.warc_dir).as_posix()] = rel
            target = warc_dir / rel
            if target.exists() and _sha256_of(target) == _sha256_of(path):
                continue
        _copy(path, target)
        summary.warc_files += 1
    return renamed


def _node_id(conn: sqlite3.Connection, node: NodeArchive) -> str:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if NODE_TABLE in tables:
        row = conn.execute(f"SELECT node_id FROM {NODE_TABLE} LIMIT 1").fetchone()
        if row:
            return row[0]
    # an archive crawled without a frontier: its first run names it, as stably
    row = conn.execute("SELECT MIN(run_id) FROM crawl_runs").fetchone() \
        if "crawl_runs" in tables else None
    if not row or not row[0]:
        raise MergeError(f"{node.folder}: the node archive has no crawl run and no node id")
    return f"run:{row[0]}"


def _foreign_parents(conn: sqlite3.Connection) -> dict[int, tuple[str, int]]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if PARENTS_TABLE not in tables:
        return {}
    return {c: (n, p) for c, n, p in conn.execute(
        f"SELECT capture_id, origin_node, origin_capture_id FROM {PARENTS_TABLE}")}


def _columns(db: sqlite_utils.Database, table: str) -> set[str]:
    return {c.name for c in db[table].columns} if db[table].exists() else set()


def merge_rows(db: sqlite_utils.Database, conn: sqlite3.Connection, node_id: str,
               renamed: dict[str, str], files_dir: Path, summary: MergeSummary) -> None:
    conn.row_factory = sqlite3.Row
    for table, pk in (("crawl_runs", "run_id"), ("portals", "name")):
        keep = _columns(db, table)
        for row in conn.execute(f"SELECT * FROM [{table}]"):
            data = {k: row[k] for k in row.keys() if k in keep}
            if db.execute(f"SELECT 1 FROM [{table}] WHERE [{pk}] = ?", [data[pk]]).fetchone():
                continue
            if table == "crawl_runs" and data.get("status") == "running":
                # its pid means nothing on this machine: a node run never finished is cut short
                data["status"] = "interrupted"
            db[table].insert(data)
            summary.runs += table == "crawl_runs"
    foreign = _foreign_parents(conn)
    keep = _columns(db, "captures") - {"capture_id"}
    for row in conn.execute("SELECT * FROM captures ORDER BY capture_id"):
        node_capture = row["capture_id"]
        if db.execute("SELECT 1 FROM merged_captures WHERE node_id = ? AND node_capture_id = ?",
                      [node_id, node_capture]).fetchone():
            continue
        parent_node, parent = ((node_id, row["parent_capture_id"])
                               if row["parent_capture_id"] is not None
                               else foreign.get(node_capture, (None, None)))
        existing = same_capture(db, row)
        if existing:
            capture_id, added = existing[0], 0
            summary.reused += 1
        elif row["sha256"] and not (files_dir / row["sha256"][:2] / row["sha256"]).is_file():
            # its body was refused or is missing: no row may point at missing bytes; a merge
            # after the node folder is repaired brings it in
            summary.refused.append(f"node capture {node_capture} ({row['final_url']}): body "
                                   f"{row['sha256'][:12]} not in the archive; not merged")
            continue
        else:
            data = {k: row[k] for k in row.keys() if k in keep}
            data["parent_capture_id"] = None  # translated below, once every node is in
            if data.get("warc_file") in renamed:
                data["warc_file"] = renamed[data["warc_file"]]
            capture_id, added = db["captures"].insert(data).last_pk, 1
            summary.captures += 1
        db["merged_captures"].insert({
            "node_id": node_id, "node_capture_id": node_capture, "capture_id": capture_id,
            "added": added, "parent_node": parent_node, "parent_node_capture_id": parent})


def merge_crawl_state(db: sqlite_utils.Database, conn: sqlite3.Connection) -> None:
    """The node's list walks and URL checks, the newer of two winning, so the merged archive's
    next crawl compares lists and spreads revalidation as the nodes' own next crawls would
    (without them it walks every list again in full)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "url_checks" in tables:
        db.conn.executemany(
            "INSERT INTO url_checks (url, portal, checked_at) VALUES (?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET portal = excluded.portal, "
            "checked_at = excluded.checked_at WHERE excluded.checked_at > url_checks.checked_at",
            conn.execute("SELECT url, portal, checked_at FROM url_checks"))
    if "list_records" in tables:
        # run ids begin with their UTC start time, so the later walk sorts last
        db.conn.executemany(
            "INSERT INTO list_records (list_url, url, position, title, date, run_id) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (list_url, url) DO UPDATE SET "
            "position = excluded.position, title = excluded.title, date = excluded.date, "
            "run_id = excluded.run_id WHERE excluded.run_id > list_records.run_id",
            conn.execute("SELECT list_url, url, position, title, date, run_id FROM list_records"))


def resolve_parents(db: sqlite_utils.Database, summary: MergeSummary) -> None:
    """Parent links of added captures whose parent is merged by now (from any node)."""
    rows = db.execute(
        """SELECT m.capture_id, p.capture_id FROM merged_captures m
           JOIN merged_captures p ON p.node_id = m.parent_node
                                 AND p.node_capture_id = m.parent_node_capture_id
           JOIN captures c ON c.capture_id = m.capture_id
           WHERE m.added = 1 AND c.parent_capture_id IS NULL""").fetchall()
    for child, parent in rows:
        db.execute("UPDATE captures SET parent_capture_id = ? WHERE capture_id = ?",
                   [parent, child])
    summary.parents += len(rows)


def _ensure_tables(db: sqlite_utils.Database) -> None:
    if not db["merged_captures"].exists():
        db["merged_captures"].create(
            {"node_id": str, "node_capture_id": int, "capture_id": int, "added": int,
             "parent_node": str, "parent_node_capture_id": int},
            pk=("node_id", "node_capture_id"))
        db["merged_captures"].create_index(["capture_id"])


def merge_archives(db: sqlite_utils.Database, files_dir: Path, warc_dir: Path,
                   folders: list[Path], config_paths=None) -> MergeSummary:
    nodes = [NodeArchive.find(Path(f), config_paths) for f in folders]
    for node in nodes:
        if node.database.resolve() == Path(db.conn.execute("PRAGMA database_list")
                                            .fetchone()[2]).resolve():
            raise MergeError(f"{node.folder}: is the main archive itself")
    _ensure_tables(db)
    summary = MergeSummary()
    for node in nodes:
        try:
            conn = sqlite3.connect(f"file:{node.database}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise MergeError(f"{node.database}: cannot open: {exc}") from None
        try:
            node_id = _node_id(conn, node)
            # files first: a row is never written before the bytes it points at
            merge_bodies(node, files_dir, summary)
            renamed = merge_warcs(node, warc_dir, node_id, summary)
            with db.atomic():
                merge_rows(db, conn, node_id, renamed, files_dir, summary)
                merge_crawl_state(db, conn)
        except sqlite3.DatabaseError as exc:
            raise MergeError(f"{node.database}: not a readable archive: {exc}") from None
        finally:
            conn.close()
        summary.nodes += 1
    with db.atomic():
        resolve_parents(db, summary)
    return summary

