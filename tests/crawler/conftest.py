"""Fixtures for the crawler tests: a real replica on loopback, `xxgk crawl` in a subprocess."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def write_config(folder: Path, replica, **crawl) -> Path:
    """A config.toml pointing at a running replica (explicit portals + host map)."""
    lines = ['[paths]', 'data_dir = "data"', 'database = "data/archive.db"',
             'warc_dir = "data/warc"', 'files_dir = "data/files"', "", "[crawl]",
             "progress_interval = 0", "retry_backoff = 0.05"]
    lines += [f"{k} = {toml_value(v)}" for k, v in crawl.items()]
    lines += ["", "[crawl.host_map]"]
    lines += [f'"{d}" = {toml_value(b)}' for d, b in replica.host_map.items()]
    for entry in replica.portal_entries():
        lines += ["", "[[portals]]"] + [f"{k} = {toml_value(v)}" for k, v in entry.items()]
    path = folder / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def crawl_cmd(config: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "xxgk", "crawl", "--config", str(config), "--no-politeness",
            "--json", *extra]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def run_crawl(config: Path, *extra: str, timeout: int = 240) -> dict:
    proc = subprocess.run(crawl_cmd(config, *extra), capture_output=True, text=True, env=env(),
                          timeout=timeout, cwd=config.parent)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def db(folder: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(folder / "data" / "archive.db")
    conn.row_factory = sqlite3.Row
    return conn


def report_urls(replica) -> set[str]:
    """The corpus truth: canonical URLs of every published report."""
    from replica.site import Site

    urls = set()
    for portal in replica.site.portals.values():
        for path, item in portal.articles.items():
            if hasattr(item, "agency"):
                urls.add(f"http://{portal.domain}{path}")
        for (area, year) in portal.module:
            urls.add(f"http://{portal.domain}/module/xxgk/xxgkAnnualReport.jsp?area={area}&fbtime={year}")
    assert Site  # the paths above come from Site.article_path
    return urls


def warcio_check(folder: Path) -> subprocess.CompletedProcess:
    """`warcio check` over every WARC file below ``folder``."""
    warcs = sorted(folder.rglob("*.warc.gz"))
    assert warcs, f"no WARC file under {folder}"
    return subprocess.run([sys.executable, "-m", "warcio.cli", "check", *map(str, warcs)],
                          capture_output=True, text=True)


def attachment_urls(replica) -> set[str]:
    return {f"http://{p.domain}{path}" for p in replica.site.portals.values() for path in p.files}


@pytest.fixture(scope="module")
def small_replica():
    from replica.server import start_replica

    replica = start_replica(port=0, reports=150)
    yield replica
    replica.stop()


def spider_settings(folder: Path, **overrides) -> dict:
    """The XXGK_* settings a real crawl hands its spiders (config.toml's defaults, archive in
    ``folder``), for the saved-page tests that build a spider without a crawl."""
    from crawler.settings import build_settings
    from xxgk.config import DEFAULTS, Config

    cfg = Config(DEFAULTS)
    cfg.root = folder
    settings = build_settings(cfg, run_id="test-run", host_map={})
    return {k: v for k, v in settings.items() if k.startswith("XXGK_")} | overrides


def hanweb_spider(folder: Path, domain: str, allowed: list[str], **settings):
    """A HanwebSpider for ``domain`` (served on a dummy loopback base) with a real, empty archive
    in ``folder/domain``, as a crawl would build it: the saved-page tests feed it responses."""
    from scrapy.utils.test import get_crawler

    from archive.schema import open_database
    from crawler.spiders.hanweb import HanwebSpider

    folder = folder / domain
    folder.mkdir()
    crawler = get_crawler(HanwebSpider, spider_settings(
        folder, XXGK_ALLOWED_DOMAINS=allowed, XXGK_HOST_MAP={domain: "http://127.0.0.1:8701"},
        **settings))
    open_database(folder / "archive.db")
    return HanwebSpider.from_crawler(crawler, portal={"name": domain, "domain": domain,
                                                      "cms": "hanweb"})
