"""Crawling benchmark: pages/s against the full replica (politeness off), overall and per spider
(hanweb, trs, generic: in the full crawl each portal's spider runs alongside the others, so
its seconds are wall-clock under shared load; then one portal per spider crawled alone), and
requests per new report, first and incremental crawl. Prints figures for docs/benchmarks.md ("Crawling").

    .venv/bin/python benchmarks/crawl.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from replica.server import start_replica  # noqa: E402
from tests.crawler.conftest import crawl_cmd, toml_value, write_config  # noqa: E402


def crawl(config: Path) -> tuple[dict, float]:
    start = time.perf_counter()
    proc = subprocess.run(crawl_cmd(config), capture_output=True, text=True, cwd=config.parent,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1]), time.perf_counter() - start


def main() -> None:
    t0 = time.perf_counter()
    replica = start_replica(port=0)
    started = time.perf_counter() - t0
    try:
        with tempfile.TemporaryDirectory() as tmp:
            config = write_config(Path(tmp), replica)
            first, t_first = crawl(config)
            asked_before = len(replica.requests)
            second, t_second = crawl(config)
            second_asked = Counter(page_kind(r["path"]) for r in replica.requests[asked_before:])
            changed = replica.publish(new=2, edit=1)
            third, t_third = crawl(config)
            alone = {}
            for name, entry in one_per_spider(replica).items():
                folder = Path(tmp) / f"alone-{name}"
                folder.mkdir()
                alone[name] = crawl(single_portal_config(folder, replica, entry))
    finally:
        replica.stop()
    reports = len(replica.site.corpus.reports) - len(changed["new"])
    changes = third["new_reports"] + third["new_versions"]
    print(f"replica: {reports} reports, started in {started:.2f} s")
    print(f"full crawl: {first['requests']} requests, {first['pages']} pages, {first['files']} files "
          f"in {t_first:.1f} s (process included) = {first['requests'] / t_first:.0f} requests/s, "
          f"{first['pages'] / t_first:.0f} pages/s")
    print(f"unchanged re-crawl: {second['requests']} requests "
          f"({100 * second['requests'] / first['requests']:.1f} % of the first), "
          f"{second['new_captures']} new captures, {t_second:.1f} s")
    print("  of which: " + ", ".join(f"{kind} {n}" for kind, n in second_asked.most_common()))
    print(f"requests per new report, first crawl: {first['requests'] / max(first['new_reports'], 1):.2f}")
    by_cms: dict[str, list[float]] = {}
    for portal in first["portals"].values():
        row = by_cms.setdefault(portal["cms"], [0, 0, 0, 0.0, 0])
        row[0] += portal["requests"]
        row[1] += portal["pages"]
        row[2] += portal["new_reports"]
        row[3] += portal["seconds"]
        row[4] += 1
    for cms, (requests, pages, new, seconds, n) in sorted(by_cms.items()):
        print(f"  spider {cms}: {n} portal(s), {requests} requests, {pages} pages, {new} reports, "
              f"{seconds:.1f} spider-s = {pages / max(seconds, 0.01):.0f} pages/s, "
              f"{requests / max(new, 1):.2f} requests per new report")
    for name, (summary, seconds) in alone.items():
        portal = next(iter(summary["portals"].values()))
        print(f"  alone, spider {portal['cms']} on {name}: {summary['requests']} requests, "
              f"{summary['pages']} pages, {summary['new_reports']} reports in {seconds:.1f} s "
              f"(process included; spider {portal['seconds']:.1f} s) = "
              f"{summary['pages'] / max(portal['seconds'], 0.01):.0f} pages/s, "
              f"{summary['requests'] / max(summary['new_reports'], 1):.2f} requests per new report")
    print(f"after publishing 2 new + 1 edited: {third['requests']} requests, {changes} reports "
          f"archived = {third['requests'] / max(changes, 1):.1f} requests per new report/version, "
          f"{t_third:.1f} s")


def page_kind(path: str) -> str:
    """What a replica request asked for, by its path (Hanweb, TRS and ASP.NET shapes)."""
    kinds = (("robots.txt", "/robots.txt"), ("agency catalogue", "vc_xxgkarea="),
             ("module page", "xxgkAnnualReport.jsp"), ("dataproxy window", "dataproxy.jsp"),
             ("column", "/col/"), ("article", "/art/"), ("article", "news_show"),
             ("list page", "news_list"), ("list page", "index_"), ("sitemap", "sitemap.xml"))
    if path in ("/", "/index.html"):
        return "home page"
    for kind, marker in kinds:
        if marker in path:
            return kind
    return "TRS page" if "/xxgk/" in path else "other"


def one_per_spider(replica) -> dict[str, dict]:
    """A portal per spider: wendeng (hanweb), tjj (trs), eweihai configured as generic."""
    entries = {e["name"]: e for e in replica.portal_entries()}
    eweihai = {"name": "eweihai", "domain": "www.eweihai.gov.cn", "cms": "generic",
               "base_url": replica.host_map["www.eweihai.gov.cn"], "title": "威海经济技术开发区"}
    return {"wendeng": entries["wendeng"], "tjj": entries["tjj"], "eweihai": eweihai}


def single_portal_config(folder: Path, replica, entry: dict) -> Path:
    lines = ["[paths]", 'data_dir = "data"', 'database = "data/archive.db"',
             'warc_dir = "data/warc"', 'files_dir = "data/files"', "", "[crawl]",
             "progress_interval = 0", "", "[crawl.host_map]"]
    lines += [f'"{d}" = {toml_value(b)}' for d, b in replica.host_map.items()]
    lines += ["", "[[portals]]"] + [f"{k} = {toml_value(v)}" for k, v in entry.items()]
    path = folder / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    main()
