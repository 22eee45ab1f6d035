"""`config.toml`: one file for every setting, each with a documented default.

Lookup order: ``--config FILE``, ``$XXGK_CONFIG``, ``./config.toml``, else the defaults below
(which point at the portal replica, so a fresh checkout runs without the real portals).
Relative paths in ``[paths]`` are resolved against the directory of the config file.
"""

from __future__ import annotations

import copy
import os
import tomllib
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    "paths": {
        # everything the archive keeps: WARC files, bodies by sha256, the SQLite archive
        "data_dir": "data",
        "database": "data/archive.db",
        "warc_dir": "data/warc",
        "files_dir": "data/files",
        "jobs_database": "data/jobs.sqlite",
        "cache_dir": "data/cache",  # OCR readings and LibreOffice conversions, by sha256
        "log_dir": "data/logs",
        "lock_file": "data/xxgk.lock",
    },
    "crawl": {
        "user_agent": "xxgk-archive/0.1 (+https://github.com/xxgk-archive/xxgk-archive)",
        "obey_robots": True,
        "download_delay": 2.0,
        "autothrottle": True,
        "concurrent_per_host": 1,
        "retry_times": 3,
        "download_timeout": 60,
        "max_download_mb": 200,
        "warc_max_mb": 100,
        "retry_backoff": 1.0,  # seconds; doubled for each retry
        "robots_max_age_hours": 24,  # an archived robots.txt younger than this is re-used
        "max_list_windows": 50,  # dataproxy windows per list, at most
        "max_list_depth": 4,  # lists of lists (year index, agency directory) followed, at most
        # every archived report re-asked (conditionally) at least once in N nights, ≈ 1/N of
        # them a night: an edit no list shows is archived within N nights; 0 = off
        "revalidate_days": 7,
        "max_discovered_portals": 20,  # portals learnt from reports crawled in one run, at most
        "generic_max_pages": 500,  # generic spider (unknown CMS): pages per portal per run
        "generic_max_depth": 4,  # … navigation hops from the home page
        "generic_max_seconds": 900,  # … seconds per portal per run
        "trs_nav_depth": 3,  # TRS spider: navigation hops from the home page to a list
        "module_years": [],  # reporting years probed for each portal's module_areas
        "progress_interval": 5.0,  # seconds between progress lines; 0 = none
        "log_level": "WARNING",
        # hosts-file entries: real domain -> address connected to (the replica fills this in)
        "host_map": {},
        # government domains the crawler may fetch or learn (suffix match)
        "allowed_domains": [
            "weihai.gov.cn", "www.rongcheng.gov.cn", "www.wendeng.gov.cn", "www.rushan.gov.cn",
            "www.huancui.gov.cn", "www.wip.gov.cn", "www.whctp.gov.cn", "www.eweihai.gov.cn",
        ],
    },
    # the portals to crawl; an empty list means: the replica's portals
    "portals": [],
    "replica": {
        # serve the built-in portal replica on loopback and crawl it instead of the real sites
        "enabled": True,
        "host": "127.0.0.1",
        "base_port": 8701,
        "seed": 20261122,
        "reports": 320,
        "faults": [],
        # politeness (delays, AutoThrottle) is for real portals; the replica is crawled at full
        # speed unless this is true
        "polite": False,
    },
    "run": {
        # each step an `xxgk` subcommand, run in its own process
        "steps": ["crawl", "process"],
    },
    "schedule": {
        "cron": "0 2 * * *",
        "timezone": "Asia/Shanghai",
        "misfire_grace_hours": 6,
        "run_timeout_hours": 6,
    },
    "extract": {
        "ocr": True,
        "soffice": "soffice",
        "convert_timeout": 120,
        "max_file_mb": 60,
        # CPU seconds (all threads of the worker) one document may use; LibreOffice has
        # convert_timeout of its own
        "cpu_budget_s": 120,
    },
    "process": {
        "workers": 0,  # extraction worker processes; 0 = one per core
        "recycle_after": 200,  # documents a worker extracts before it is replaced
        "recycle_mb": 600,  # a worker left above this after a document is replaced
        "max_worker_mb": 1536,  # a worker above this is stopped: its document is an error
        "progress_interval": 5.0,  # seconds between progress lines when not on a terminal
    },
    "datasette": {
        "host": "127.0.0.1",
        "port": 8001,
        "sql_time_limit_ms": 1000,
    },
    "deadlines": {
        # Art. 49; MM-DD by agency level, None = not configured (S-08 not_assessable)
        "department": "01-31",
        "government": "03-31",
        "township": None,
        "dev_zone": None,
    },
}


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


class Config(dict):
    """The merged settings; ``cfg.path("database")`` gives an absolute path."""

    root: Path

    def path(self, name: str) -> Path:
        p = Path(self["paths"][name])
        return p if p.is_absolute() else self.root / p


def find_config_file(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    for candidate, named in ((explicit, True), (os.environ.get("XXGK_CONFIG"), True),
                             ("config.toml", False)):
        if not candidate:
            continue
        if Path(candidate).is_file():
            return Path(candidate).resolve()
        if named:  # a file the user named must exist; ./config.toml is optional
            raise FileNotFoundError(f"config file not found: {candidate}")
    return None


def load_config(explicit: str | os.PathLike[str] | None = None) -> Config:
    path = find_config_file(explicit)
    data: dict[str, Any] = {}
    if path is not None:
        with open(path, "rb") as fh:
            try:
                data = tomllib.load(fh)
            except tomllib.TOMLDecodeError as exc:
                raise ValueError(f"{path}: not valid TOML: {exc}") from exc
    cfg = Config(_merge(DEFAULTS, data))
    cfg.root = path.parent if path else Path.cwd()
    return cfg
