"""Run the spiders of the portals once, in this process, and record the run.

``run_crawl(cfg, sites=…, politeness=…, portals=…, host_map=…)`` returns the end-of-run summary,
also stored as a `crawl_runs` row (kind "crawl") by archive.crawl_log, the one writer of runs.
Each portal gets the spider of its `cms` (crawler.spiders.spider_for). Portals discovered in
earlier runs and probed are crawled too; a portal discovered during the run is crawled in the
same run when its domain is allowlisted (at most ``[crawl] max_discovered_portals``). Starting
the replica is the CLI's business (xxgk/commands/crawl.py): the crawler never imports it.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from archive.crawl_log import CrawlLog
from archive.runs import mark_interrupted_runs
from archive.schema import open_database
from crawler.jobdir import claim as jobdir_claim
from crawler.jobdir import release as jobdir_release

#: summary error kinds always shown, even at zero (issue 4)
ERROR_KINDS = ["blocked", "timeouts", "5xx", "too-large", "robots-denied", "off-allowlist",
               "truncated", "redirect-loop", "charset-mismatch", "pagination-trap",
               "unsupported-cms", "not-found", "forbidden", "rate-limited", "connection"]


class CrawlError(Exception):
    """An expected failure (bad config, unknown site): reported in one line, no traceback."""


def resolve_portals(cfg: Any, sites: list[str], portals: list[dict] | None = None,
                    host_map: dict[str, str] | None = None) -> tuple[list[dict], dict[str, str]]:
    portals = [dict(p) for p in (portals if portals is not None else cfg.get("portals") or [])]
    host_map = {**(host_map or {}), **dict(cfg["crawl"]["host_map"])}
    for p in portals:
        if not p.get("name") or not p.get("domain"):
            raise CrawlError(f"[[portals]] entry without name/domain: {p}")
        if spider_for_portal(p) is None:
            raise CrawlError(f"[[portals]] {p['name']}: no spider for cms = {p.get('cms')!r} "
                             "(known: hanweb, trs, generic)")
        host_map.setdefault(p["domain"], p.get("base_url") or f"http://{p['domain']}")
    if sites:
        unknown = set(sites) - {p["name"] for p in portals}
        if unknown:
            known = ", ".join(p["name"] for p in portals)
            raise CrawlError(f"unknown site(s): {', '.join(sorted(unknown))} (configured: {known})")
        portals = [p for p in portals if p["name"] in sites]
    return portals, host_map


def spider_for_portal(portal: dict):
    from crawler.spiders import spider_for

    return spider_for(portal.get("cms"))


def discovered_portals(db, configured: list[dict], allowed) -> tuple[list[dict], list[tuple[str, str]]]:
    """Portals learnt from reports in earlier runs: those probed, to crawl with the spider the
    probe chose, and (domain, discovered_from) of those whose probe never answered."""
    names = {p["name"] for p in configured} | {p["domain"] for p in configured}
    crawl, reprobe = [], []
    for row in db.query("select * from portals where source = 'discovered'"):
        if row["domain"] in names or not allowed(row["domain"]):
            continue
        if row.get("probe_status") != "ok":
            reprobe.append((row["domain"], row.get("discovered_from") or ""))
        elif spider_for_portal(row) is not None and row["cms"] != "jpaas":
            crawl.append({"name": row["name"], "domain": row["domain"], "cms": row["cms"],
                          "base_url": row["base_url"], "title": row.get("title"),
                          "source": "discovered"})
    return crawl, reprobe


def run_crawl(cfg: Any, *, sites: list[str] | None = None, politeness: bool = True,
              trigger: str = "manual", portals: list[dict] | None = None,
              host_map: dict[str, str] | None = None) -> dict[str, Any]:
    """``portals``/``host_map``: given by the caller (the CLI, for the replica) instead of the
    config's ``[[portals]]`` and ``[crawl.host_map]`` (which still wins per domain)."""
    from scrapy.crawler import CrawlerProcess

    from crawler.settings import build_settings
    from crawler.spiders.discovery import PORTAL_FOUND
    from crawler.urls import HostMap

    portals, host_map = resolve_portals(cfg, sites or [], portals, host_map)
    if not portals:
        raise CrawlError("no portals to crawl: add [[portals]] to config.toml or enable the replica")
    db = open_database(cfg.path("database"))
    log = CrawlLog(db)
    mark_interrupted_runs(db)
    allowed = HostMap(host_map, list(cfg["crawl"]["allowed_domains"])).allowed_domain
    if not sites:
        earlier, reprobe = discovered_portals(db, portals, allowed)
        portals += earlier
        if reprobe:
            portals[0]["reprobe"] = reprobe
    now = datetime.now(timezone.utc)
    run_id = f"{now:%Y%m%dT%H%M%S}Z-{os.getpid()}"
    log.start_run(run_id, trigger=trigger, sites=[p["name"] for p in portals], pid=os.getpid())
    settings = build_settings(cfg, run_id=run_id, host_map=host_map, politeness=politeness,
                              configured_domains=[p["domain"] for p in portals])
    process = CrawlerProcess(settings)  # LOG_INSTALL_ROOT_HANDLER is on by default
    jobs = Path(cfg.path("data_dir")) / "jobs"
    crawlers, jobdirs = [], []
    crawling = {p["domain"] for p in portals}
    budget = {"left": int(cfg["crawl"]["max_discovered_portals"])}

    def start(portal: dict) -> None:
        # JOBDIR per portal per run date: a stopped crawl (Ctrl-C, SIGTERM) resumes the same
        # night's queue; one left by a killed process is discarded (crawler.jobdir)
        jobdir = jobdir_claim(jobs / portal["name"] / now.strftime("%Y-%m-%d"))
        jobdirs.append(jobdir)
        base = spider_for_portal(portal)
        # with a shared frontier the queue lives in Redis, not in the JOBDIR
        resumable = {} if settings.get("SCHEDULER") else {"JOBDIR": str(jobdir)}
        spidercls = type(f"{base.__name__}_{portal['name']}", (base,),
                         {"name": portal["name"], "custom_settings": resumable})
        crawler = process.create_crawler(spidercls)
        crawler.signals.connect(found, signal=PORTAL_FOUND)
        crawlers.append(crawler)
        process.crawl(crawler, portal=portal)

    def found(portal: dict) -> None:
        # a portal a report named, probed during this run: crawled now, with its reports
        # feeding discovery in turn, up to the budget
        if portal["domain"] in crawling or not allowed(portal["domain"]):
            return
        if budget["left"] <= 0:
            crawlers[0].stats.inc_value("xxgk/errors/budget-discovered")
            return
        budget["left"] -= 1
        crawling.add(portal["domain"])
        log.add_sites(run_id, [portal["name"]])
        start(portal)

    for portal in portals:
        start(portal)
    process.start()
    for jobdir in jobdirs:
        jobdir_release(jobdir)
    summary = summarise(run_id, crawlers)
    status = "ok" if all(r == "finished" for r in summary["finish_reasons"].values()) else "failed"
    summary["status"] = status
    log.finish_run(run_id, summary)
    return summary


def summarise(run_id: str, crawlers) -> dict[str, Any]:
    total: dict[str, int] = {}
    reasons = {}
    per_portal = {}
    for crawler in crawlers:
        stats = crawler.stats.get_stats()
        reasons[crawler.spidercls.name] = stats.get("finish_reason", "?")
        per_portal[crawler.spidercls.name] = {
            "cms": crawler.spidercls.cms, "requests": int(stats.get("downloader/request_count", 0)),
            "pages": int(stats.get("xxgk/pages", 0)), "new_reports": int(stats.get("xxgk/new_reports", 0)),
            "seconds": round(float(stats.get("elapsed_time_seconds", 0)), 2)}
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
        "portals": per_portal,
    }


def format_summary(summary: dict[str, Any]) -> str:
    errors = ", ".join(f"{k} {v}" for k, v in summary["errors"].items() if v) or "none"
    return (f"crawl {summary['run_id']}: {summary.get('status', '?')}\n"
            f"  requests {summary['requests']}, pages {summary['pages']}, files {summary['files']}, "
            f"304 not modified {summary['not_modified']}\n"
            f"  new captures {summary['new_captures']}, new reports {summary['new_reports']}, "
            f"new versions {summary['new_versions']}, discovered portals {summary['discovered_portals']}\n"
            f"  errors: {errors}")
