"""The crawl's one writer of everything that is not a capture: portals, runs, list records,
URL checks. Spiders never write SQL; they call this (captures go through archive.rawstore).

`crawl_runs` rows are written only by `start_run`/`finish_run`; portal rows only by
`register_portal`, `record_probe`; discovered portals get their row with the probe's outcome,
so a run killed before the probe answered leaves nothing that hides the portal next time.
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone
from typing import Any

import sqlite_utils

from archive.rawstore import utcnow


class CrawlLog:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    # --- runs ----------------------------------------------------------------------------------

    def start_run(self, run_id: str, *, trigger: str, sites: list[str], pid: int) -> None:
        self.db["crawl_runs"].insert({"run_id": run_id, "kind": "crawl", "trigger": trigger,
                                      "started_at": utcnow(), "status": "running",
                                      "sites": json.dumps(sites), "pid": pid})

    def add_sites(self, run_id: str, sites: list[str]) -> None:
        row = self.db.execute("select sites from crawl_runs where run_id = ?", [run_id]).fetchone()
        known = json.loads(row[0]) if row and row[0] else []
        self.db["crawl_runs"].update(run_id, {"sites": json.dumps(known + [s for s in sites
                                                                         if s not in known])})

    def finish_run(self, run_id: str, summary: dict[str, Any]) -> None:
        status = summary["status"]
        self.db["crawl_runs"].update(run_id, {
            "finished_at": utcnow(), "status": status, "requests": summary["requests"],
            "pages": summary["pages"], "new_captures": summary["new_captures"],
            "new_reports": summary["new_reports"], "new_versions": summary["new_versions"],
            "errors": json.dumps(summary["errors"]), "summary": json.dumps(summary, ensure_ascii=False),
            "exit_code": 0 if status == "ok" else 1})

    # --- portals -------------------------------------------------------------------------------

    def register_portal(self, portal: dict, cms: str) -> None:
        name = portal["name"]
        row = self.db.execute("select first_seen, source from portals where name = ?", [name]).fetchone()
        fields = {"name": name, "domain": portal["domain"], "base_url": portal.get("base_url"),
                  "title": portal.get("title"), "cms": cms,
                  "source": (row[1] if row and row[1] == "discovered" else "config"),
                  "last_crawled": utcnow()}
        self.db["portals"].upsert(fields, pk="name")
        if not (row and row[0]):
            self.db["portals"].update(name, {"first_seen": utcnow()})

    def needs_probe(self, domain: str) -> bool:
        """True for a domain with no row, or a row whose probe never got an answer."""
        row = self.db.execute("select probe_status, source from portals where domain = ?",
                              [domain]).fetchone()
        if row is None:
            return True
        return row[1] == "discovered" and row[0] != "ok"

    def record_probe(self, domain: str, *, base_url: str, source_url: str, cms: str | None,
                     title: str | None, status: str) -> None:
        """A discovered portal with its probe's outcome (``status`` "ok" or an error kind)."""
        row = self.db.execute("select first_seen from portals where name = ?", [domain]).fetchone()
        self.db["portals"].upsert(
            {"name": domain, "domain": domain, "base_url": base_url, "cms": cms or "unknown",
             "title": title, "source": "discovered", "discovered_from": source_url,
             "first_seen": (row[0] if row and row[0] else utcnow()), "probed_at": utcnow(),
             "probe_status": status}, pk="name")

    # --- reports -------------------------------------------------------------------------------

    def label_capture(self, capture_id: int, *, is_report: bool, title: str, published: str | None) -> None:
        self.db["captures"].update(capture_id, {"is_report": int(is_report), "title": title,
                                                "published": published})

    def is_unlabelled(self, capture_id: int) -> bool:
        row = self.db.execute("select title is null from captures where capture_id = ?",
                              [capture_id]).fetchone()
        return bool(row and row[0])

    def earlier_report_versions(self, url: str, capture_id: int) -> int:
        return self.db.execute(
            "select count(*) from captures where final_url = ? and status = 200 and "
            "is_report = 1 and capture_id != ?", [url, capture_id]).fetchone()[0]

    # --- no missed edit ------------------------------------------------------------------------

    def list_records(self, list_url: str) -> dict[str, tuple[str, str]]:
        """url -> (title, date) of the list's records as last walked."""
        rows = self.db.execute("select url, title, date from list_records where list_url = ? "
                               "order by position", [list_url]).fetchall()
        return {u: (t or "", d or "") for u, t, d in rows}

    def save_list_records(self, list_url: str, run_id: str,
                          records: list[tuple[str, str, str]]) -> None:
        # upserted, not replaced: an incremental walk reads only the head of a list
        with self.db.conn:
            self.db["list_records"].insert_all(
                [{"list_url": list_url, "url": u, "position": i, "title": t, "date": d,
                  "run_id": run_id} for i, (u, t, d) in enumerate(records)], pk=("list_url", "url"),
                replace=True)

    def checked(self, url: str, portal: str) -> None:
        self.db["url_checks"].upsert({"url": url, "portal": portal, "checked_at": utcnow()}, pk="url")

    def due_lists(self, portal: str, urls: list[str], days: int, *, rest_hours: float = 12) -> set[str]:
        """Of the lists ``urls`` (named by a list of lists), those to re-ask tonight: never
        checked, or among the ⌈1/days⌉ share checked least recently, or not checked for
        ``days`` days; none checked less than ``rest_hours`` ago. ``days`` ≤ 0: every one."""
        if days <= 0:
            return set(urls)
        checked = {}
        for chunk in range(0, len(urls), 500):
            part = urls[chunk:chunk + 500]
            rows = self.db.execute(
                f"select url, checked_at from url_checks where portal = ? and url in "
                f"({', '.join('?' * len(part))})", [portal, *part]).fetchall()
            checked.update(dict(rows))
        now = datetime.now(timezone.utc)
        rested = (now - timedelta(hours=rest_hours)).isoformat(timespec="seconds")
        stale = (now - timedelta(days=days, hours=-rest_hours)).isoformat(timespec="seconds")
        due = {u for u in urls if u not in checked or checked[u] <= stale}
        waiting = sorted((checked[u], u) for u in urls if u in checked and checked[u] < rested)
        due.update(u for _t, u in waiting[:math.ceil(len(urls) / days)])
        return due

    def due_for_revalidation(self, portal: str, days: int, *, rest_hours: float = 12) -> list[str]:
        """The report URLs of ``portal`` to re-check tonight: the ⌈1/days⌉ share of them checked
        least recently, so every report is asked at least once in ``days`` nights. A URL asked
        less than ``rest_hours`` ago is not due (a second run the same night asks nothing)."""
        if days <= 0:
            return []
        rows = self.db.execute(
            "select c.final_url, coalesce(k.checked_at, '') as last from captures c "
            "left join url_checks k on k.url = c.final_url where c.portal = ? and c.is_report = 1 "
            "and c.status = 200 group by c.final_url order by last, c.final_url", [portal]).fetchall()
        rested = (datetime.now(timezone.utc) - timedelta(hours=rest_hours)).isoformat(timespec="seconds")
        share = math.ceil(len(rows) / days)
        return [url for url, last in rows[:share] if last < rested]
