"""Run the spiders of the configured portals once, in this process, and record the run.

``run_crawl(cfg, sites=…, politeness=…)`` returns the end-of-run summary, also stored as a
`crawl_runs` row (kind "crawl"). With no ``[[portals]]`` configured and ``replica.enabled``,
the portal replica is started for the run and stopped afterwards.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from archive.rawstore import utcnow
from archive.runs import mark_interrupted_runs
from crawler.jobdir import claim as jobdir_claim
from crawler.jobdir import release as jobdir_release
from archive.schema import open_database

#: summary error kinds always shown, even at zero (issue 4)
ERROR_KINDS = ["blocked", "timeouts", "5xx", "too-large", "robots-denied", "off-allowlist",
               "truncated", "redirect-loop", "charset-mismatch", "pagination-trap",
               "unsupported-cms", "not-found", "forbidden", "rate-limited", "connection"]


class CrawlError(Exception):
    """An expected failure (bad config, unknown site): reported in one line, no traceback."""


def resolve_portals(cfg: Any, sites: list[str], replica=None) -> tuple[list[dict], dict[str, str]]:
    portals = [dict(p) for p in cfg.get("portals") or []]
    host_map = dict(cfg["crawl"].get("host_map", {}))
    if not portals and replica is not None:
        portals = replica.portal_entries()
        host_map = {**replica.host_map, **host_map}
    for p in portals:
        if not p.get("name") or not p.get("domain"):
            raise CrawlError(f"[[portals]] entry without name/domain: {p}")
        host_map.setdefault(p["domain"], p.get("base_url") or f"http://{p['domain']}")
    if sites:
        unknown = set(sites) - {p["name"] for p in portals}
        if unknown:
            known = ", ".join(p["name"] for p in portals)
            raise CrawlError(f"unknown site(s): {', '.join(sorted(unknown))} (configured: {known})")
        portals = [p for p in portals if p["name"] in sites]
    return portals, host_map


def run_crawl(cfg: Any, *, sites: list[str] | None = None, politeness: bool = True,
              trigger: str = "manual") -> dict[str, Any]:
    from scrapy.crawler import CrawlerProcess

    from crawler.settings import build_settings
    from crawler.spiders.hanweb import HanwebSpider

    replica = None
    if not cfg.get("portals") and cfg["replica"].get("enabled"):
        from replica.server import start_replica

        try:
            replica = start_replica(cfg)
        except OSError as exc:  # e.g. the port is taken by a running `xxgk replica`
            raise CrawlError(f"replica: cannot listen on {cfg['replica'].get('host')}:"
                             f"{cfg['replica'].get('base_port')}…: {exc.strerror or exc}") from None
    if replica is not None and not cfg["replica"].get("polite", False):
        politeness = False  # the replica is ours, on loopback: delays would only slow the demo
    try:
        portals, host_map = resolve_portals(cfg, sites or [], replica)
        if not portals:
            raise CrawlError("no portals to crawl: add [[portals]] to config.toml or enable the replica")
        db = open_database(cfg.path("database"))
        mark_interrupted_runs(db)
        now = datetime.now(timezone.utc)
        run_id = f"{now:%Y%m%dT%H%M%S}Z-{os.getpid()}"
        names = [p["name"] for p in portals]
        db["crawl_runs"].insert({"run_id": run_id, "kind": "crawl", "trigger": trigger,
                                 "started_at": utcnow(), "status": "running",
                                 "sites": json.dumps(names), "pid": os.getpid()})
        settings = build_settings(cfg, run_id=run_id, host_map=host_map, politeness=politeness,
                                  configured_domains=[p["domain"] for p in portals])
        process = CrawlerProcess(settings)  # LOG_INSTALL_ROOT_HANDLER is on by default
        jobs = Path(cfg.path("data_dir")) / "jobs"
        crawlers = []
        jobdirs = []
        for portal in portals:
            # JOBDIR per portal per run date: a stopped crawl (Ctrl-C, SIGTERM) resumes the same
            # night's queue; one left by a killed process is discarded (crawler.jobdir)
            jobdir = jobdir_claim(jobs / portal["name"] / now.strftime("%Y-%m-%d"))
            jobdirs.append(jobdir)
            # with a shared frontier the queue lives in Redis, not in the JOBDIR
            resumable = {} if settings.get("SCHEDULER") else {"JOBDIR": str(jobdir)}
            spidercls = type(f"HanwebSpider_{portal['name']}", (HanwebSpider,),
                             {"name": portal["name"], "custom_settings": resumable})
            crawler = process.create_crawler(spidercls)
            crawlers.append(crawler)
            process.crawl(crawler, portal=portal)
        process.start()
        for jobdir in jobdirs:
            jobdir_release(jobdir)
        summary = summarise(run_id, crawlers)
        status = "ok" if all(r == "finished" for r in summary["finish_reasons"].values()) else "failed"
        summary["status"] = status
        db["crawl_runs"].update(run_id, {
            "finished_at": utcnow(), "status": status, "requests": summary["requests"],
            "pages": summary["pages"], "new_captures": summary["new_captures"],
            "new_reports": summary["new_reports"], "new_versions": summary["new_versions"],
            "errors": json.dumps(summary["errors"]), "summary": json.dumps(summary, ensure_ascii=False),
            "exit_code": 0 if status == "ok" else 1})
        return summary
    finally:
        if replica is not None:
            replica.stop()


def summarise(run_id: str, crawlers) -> dict[str, Any]:
    total: dict[str, int] = {}
    reasons = {}
    for crawler in crawlers:
        stats = crawler.stats.get_stats()
        reasons[crawler.spidercls.name] = stats.get("finish_reason", "?")
        for key, value in stats.items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                total[key] = total.get(key, 0) + value
    errors = {kind: int(total.get(f"xxgk/errors/{kind}", 0)) for kind in ERROR_KINDS}
    for key, value in total.items():
        if key.startswith("xxgk/errors/") and key[12:] not in errors:
            errors[key[12:]] = int(value)
    return {
        "run_id": run_id,
        "requests": int(total.get("downloader/request_count", 0)),
        "pages": int(total.get("xxgk/pages", 0)),
        "files": int(total.get("xxgk/files", 0)),
        "new_captures": int(total.get("xxgk/new_captures", 0)),
        "new_reports": int(total.get("xxgk/new_reports", 0)),
        "new_versions": int(total.get("xxgk/new_versions", 0)),
        "not_modified": int(total.get("xxgk/not_modified", 0)),
        "discovered_portals": int(total.get("xxgk/discovered_portals", 0)),
        "errors": errors,
        "finish_reasons": reasons,
    }


def format_summary(summary: dict[str, Any]) -> str:
    errors = ", ".join(f"{k} {v}" for k, v in summary["errors"].items() if v) or "none"
    return (f"crawl {summary['run_id']}: {summary.get('status', '?')}\n"
            f"  requests {summary['requests']}, pages {summary['pages']}, files {summary['files']}, "
            f"304 not modified {summary['not_modified']}\n"
            f"  new captures {summary['new_captures']}, new reports {summary['new_reports']}, "
            f"new versions {summary['new_versions']}, discovered portals {summary['discovered_portals']}\n"
            f"  errors: {errors}")
