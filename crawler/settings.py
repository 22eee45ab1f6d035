"""Scrapy settings built from `config.toml` (``[crawl]``); component settings are ``XXGK_*``."""

from __future__ import annotations

from typing import Any

#: Scrapy's transient codes; 412/521 (JS challenges) are deliberately absent: never retried
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]


def build_settings(cfg: Any, *, run_id: str, host_map: dict[str, str], politeness: bool = True,
                   configured_domains: list[str] | None = None) -> dict[str, Any]:
    crawl = cfg["crawl"]
    paths = {name: str(cfg.path(name)) for name in ("warc_dir", "files_dir", "database")}
    settings: dict[str, Any] = {
        "BOT_NAME": "xxgk-archive",
        "USER_AGENT": crawl["user_agent"],
        "ROBOTSTXT_OBEY": bool(crawl["obey_robots"]),
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": crawl["log_level"],
        "RETRY_ENABLED": True,
        "RETRY_TIMES": crawl["retry_times"],
        "RETRY_HTTP_CODES": RETRY_HTTP_CODES,
        "DOWNLOAD_TIMEOUT": crawl["download_timeout"],
        "DOWNLOAD_MAXSIZE": int(crawl["max_download_mb"] * 1024 * 1024),
        "DOWNLOAD_WARNSIZE": int(min(32, crawl["max_download_mb"]) * 1024 * 1024),
        "DOWNLOAD_FAIL_ON_DATALOSS": True,
        "REDIRECT_MAX_TIMES": 5,
        "CLOSESPIDER_ERRORCOUNT": 0,
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "crawler.middlewares.robots.CachedRobotsTxtMiddleware": 100,
            "crawler.middlewares.retry.BackoffRetryMiddleware": 550,
            "crawler.middlewares.warc.WarcMiddleware": 950,
        },
        # the host map resolves names like a hosts file; URLs, Host and SNI stay real
        "TWISTED_DNS_RESOLVER": "crawler.resolve.HostMapResolver",
        "EXTENSIONS": {"crawler.extensions.progress.ProgressExtension": 500},
        "XXGK_RUN_ID": run_id,
        "XXGK_PATHS": paths,
        "XXGK_HOST_MAP": host_map,
        "XXGK_ALLOWED_DOMAINS": list(crawl["allowed_domains"]),
        "XXGK_CONFIGURED_DOMAINS": configured_domains or [],
        "XXGK_WARC_MAX_MB": crawl["warc_max_mb"],
        "XXGK_MAX_LIST_WINDOWS": crawl["max_list_windows"],
        "XXGK_MAX_LIST_DEPTH": crawl["max_list_depth"],
        "XXGK_REVALIDATE_DAYS": crawl["revalidate_days"],
        "XXGK_GENERIC_MAX_PAGES": crawl["generic_max_pages"],
        "XXGK_GENERIC_MAX_DEPTH": crawl["generic_max_depth"],
        "XXGK_GENERIC_MAX_SECONDS": crawl["generic_max_seconds"],
        "XXGK_TRS_NAV_DEPTH": crawl["trs_nav_depth"],
        "XXGK_MODULE_YEARS": [str(y) for y in crawl["module_years"]],
        "XXGK_PROGRESS_INTERVAL": crawl["progress_interval"],
        "XXGK_RETRY_BACKOFF": crawl["retry_backoff"],
        "XXGK_ROBOTS_MAX_AGE_HOURS": crawl["robots_max_age_hours"],
    }
    if politeness:
        # portals.md §8: one request at a time per host, 2–3 s apart, AutoThrottle on
        settings.update({
            "DOWNLOAD_DELAY": crawl["download_delay"],
            "RANDOMIZE_DOWNLOAD_DELAY": True,
            "CONCURRENT_REQUESTS_PER_DOMAIN": crawl["concurrent_per_host"],
            "AUTOTHROTTLE_ENABLED": bool(crawl["autothrottle"]),
            "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
            "AUTOTHROTTLE_MAX_DELAY": 60,
        })
    else:  # tests and benchmarks against the replica
        settings.update({
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "CONCURRENT_REQUESTS": 32,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
            "XXGK_RETRY_BACKOFF": min(0.05, crawl["retry_backoff"]),
        })
    add_frontier(settings, crawl.get("frontier") or {})
    return settings


def add_frontier(settings: dict[str, Any], frontier: dict[str, Any]) -> None:
    """A shared Redis frontier (scrapy-redis) when ``[crawl.frontier] redis_url`` is set."""
    if not frontier.get("redis_url"):
        return  # scrapy-redis is only imported by the nodes that use it
    from crawler.frontier import frontier_components, frontier_settings

    extra = frontier_settings(frontier)
    if not extra:
        return
    settings.update(extra)
    spider_mws, downloader_mws, extensions = frontier_components()
    settings["SPIDER_MIDDLEWARES"] = {**settings.get("SPIDER_MIDDLEWARES", {}), **spider_mws}
    settings["DOWNLOADER_MIDDLEWARES"] = {**settings["DOWNLOADER_MIDDLEWARES"], **downloader_mws}
    settings["EXTENSIONS"] = {**settings["EXTENSIONS"], **extensions}
