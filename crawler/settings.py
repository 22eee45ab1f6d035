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
        "ROBOTSTXT_OBEY": bool(crawl.get("obey_robots", True)),
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": crawl.get("log_level", "WARNING"),
        "RETRY_ENABLED": True,
        "RETRY_TIMES": crawl.get("retry_times", 3),
        "RETRY_HTTP_CODES": RETRY_HTTP_CODES,
        "DOWNLOAD_TIMEOUT": crawl.get("download_timeout", 60),
        "DOWNLOAD_MAXSIZE": int(crawl.get("max_download_mb", 200) * 1024 * 1024),
        "DOWNLOAD_WARNSIZE": int(min(32, crawl.get("max_download_mb", 200)) * 1024 * 1024),
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
        "XXGK_ALLOWED_DOMAINS": list(crawl.get("allowed_domains", [])),
        "XXGK_CONFIGURED_DOMAINS": configured_domains or [],
        "XXGK_WARC_MAX_MB": crawl.get("warc_max_mb", 100),
        "XXGK_REVALIDATE_TOP": crawl.get("revalidate_top", 3),
        "XXGK_MAX_LIST_WINDOWS": crawl.get("max_list_windows", 50),
        "XXGK_MAX_LIST_DEPTH": crawl.get("max_list_depth", 4),
        "XXGK_REVALIDATE_DAYS": crawl.get("revalidate_days", 7),
        "XXGK_GENERIC_MAX_PAGES": crawl.get("generic_max_pages", 500),
        "XXGK_GENERIC_MAX_DEPTH": crawl.get("generic_max_depth", 4),
        "XXGK_GENERIC_MAX_SECONDS": crawl.get("generic_max_seconds", 900),
        "XXGK_MODULE_YEARS": [str(y) for y in crawl.get("module_years", [])],
        "XXGK_PROGRESS_INTERVAL": crawl.get("progress_interval", 5.0),
        "XXGK_RETRY_BACKOFF": crawl.get("retry_backoff", 1.0),
        "XXGK_ROBOTS_MAX_AGE_HOURS": crawl.get("robots_max_age_hours", 24),
    }
    if politeness:
        # portals.md §8: one request at a time per host, 2–3 s apart, AutoThrottle on
        settings.update({
            "DOWNLOAD_DELAY": crawl.get("download_delay", 2.0),
            "RANDOMIZE_DOWNLOAD_DELAY": True,
            "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.get("concurrent_per_host", 1),
            "AUTOTHROTTLE_ENABLED": bool(crawl.get("autothrottle", True)),
            "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
            "AUTOTHROTTLE_MAX_DELAY": 60,
        })
    else:  # tests and benchmarks against the replica
        settings.update({
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "CONCURRENT_REQUESTS": 32,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
            "XXGK_RETRY_BACKOFF": min(0.05, crawl.get("retry_backoff", 1.0)),
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
