"""Archive and Datasette benchmark: a synthetic archive of N reports, every view and canned query
timed the way Datasette shows them (first page of 101 rows; canned queries with typical
parameters), plus Datasette pages through its ASGI client.

    .venv/bin/python benchmarks/db.py [--reports 100000] [--db /tmp/bench.db]

Reports come from a pool made by replica.synthetic (consistent numbers), re-issued under new
report ids for 5 consecutive years of N/5 agencies, each with the capture and documents row
a crawl and a process would have left (plus a list page per five reports); rows go in by bulk
inserts in primary-key order.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.disagreements import (  # noqa: E402
    ARCHIVE_CHECK_VIEWS, DOCUMENT_CHECK_VIEWS, refresh_disagreements,
)
from archive.load import Provenance, cell_rows, check_rows  # noqa: E402
from archive.process import prepare  # noqa: E402
from archive.publish.dashboards import DASHBOARDS  # noqa: E402
from archive.publish.metadata import build_metadata  # noqa: E402
from archive.publish.queries import QUERIES  # noqa: E402
from archive.schema import open_database  # noqa: E402
from replica.synthetic import agency_names, make_report  # noqa: E402
from archive.views import views  # noqa: E402
from xxgk.config import DEFAULTS  # noqa: E402

YEARS = range(2019, 2024)
PARAMS = {"check_id": "", "year": "2022", "agency": None, "q": "工业"}


def pool(size: int) -> dict[int, list]:
    rng = random.Random(1)
    out = {y: [] for y in YEARS}
    for i in range(size):
        state = None
        for y in YEARS:
            report, state = make_report(rng, f"池{i}局", y, state, broken=(i % 25 == 0))
            out[y].append(report)
    return out


def build(path: Path, n_reports: int) -> float:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    db = open_database(path)
    db.execute("PRAGMA synchronous=OFF")
    reports_by_year = pool(40)
    # about 2 % of agency-years have no report (missing), so a few more agencies than n/5
    names = agency_names(round(n_reports / len(YEARS) / 0.98))
    db["agencies"].insert_all(({"agency_id": i + 1, "name": n, "level": "department",
                                "rule_making_power": 0} for i, n in enumerate(names)),
                              batch_size=10000)
    rows = []
    rng = random.Random(2)
    for agency_id, name in enumerate(names, start=1):
        k = rng.randrange(40)
        for year in YEARS:
            if rng.random() < 0.02:
                continue  # missing report
            rid = hashlib.sha256(f"{agency_id}/{year}".encode()).hexdigest()
            rows.append((rid, agency_id, name, year, reports_by_year[year][k]))
    rows = rows[:n_reports]
    rows.sort(key=lambda r: r[0])  # primary-key order: appends, not random b-tree inserts
    cols = ("report_id agency_id year title agency_name_printed format applications_variant "
            "source_url media_type source_kind published_date published_date_source first_seen "
            "extractor_version is_current cell_count text").split()
    prov = Provenance("bench", "2026-01-01")
    insert_reports = (f"INSERT INTO reports ({', '.join(cols)}) VALUES "
                      f"({', '.join('?' * len(cols))})")
    n_cells = n_checks = 0
    # streamed in chunks: 20 million cell rows never sit in memory at once
    for start in range(0, len(rows), 2000):
        report_rows, cells, checks = [], [], []
        for rid, agency_id, name, year, rep in rows[start:start + 2000]:
            late = rng.random() < 0.05
            report_rows.append((
                rid, agency_id, year, f"{name}{year}年政府信息公开工作年度报告", name, rep.format,
                rep.applications_variant, f"http://bench.test/{rid[:12]}", "text/html", "html",
                f"{year + 1}-{'06' if late else '01'}-20", "page", prov.first_seen,
                prov.extractor_version, 1, 200,
                f"{name}{year}年政府信息公开工作年度报告 工业和信息化 主动公开"))
            cells.extend(cell_rows(rep, rid))
            checks.extend(check_rows(rid, rep.checks))
        with db.atomic():
            db.conn.executemany(insert_reports, report_rows)
            add_raw_side(db, [r[0] for r in report_rows], start)
            for table, items in (("cells", cells), ("checks", checks)):
                names = list(items[0])
                db.conn.executemany(
                    f"INSERT INTO {table} ({', '.join(names)}) VALUES "
                    f"({', '.join(':' + n for n in names)})", items)
        n_cells, n_checks = n_cells + len(cells), n_checks + len(checks)
    prepare(db, DEFAULTS["deadlines"])
    db.execute("ANALYZE")
    n_captures = db.execute("SELECT COUNT(*) FROM captures").fetchone()[0]
    print(f"built {len(rows):,} reports, {n_cells:,} cells, {n_checks:,} checks, "
          f"{n_captures:,} captures "
          f"in {time.perf_counter() - started:.1f} s ({path.stat().st_size / 2**30:.2f} GiB)")
    return time.perf_counter() - started


def add_raw_side(db, report_ids: list[str], first: int) -> None:
    """What the crawl and an earlier `xxgk process` left for these reports: the article page
    that is each report (a capture and its documents row, at this extractor version, so a
    nightly run skips it), and a list page for every five reports, so the nightly's scans of
    captures and documents are as long as on a crawled archive of this size."""
    from pipeline.extract import EXTRACTOR_VERSION

    captures, documents = [], []
    for i, rid in enumerate(report_ids, start=first):
        url = f"http://bench.test/{rid[:12]}"
        captures.append((i * 2 + 1, "bench", url, url, 200, "text/html", rid, 60_000,
                         "2026-01-01T00:00:00+00:00", "article", 1))
        documents.append((rid, "text/html", 60_000, i * 2 + 1, url, "report", rid,
                          EXTRACTOR_VERSION, "2026-01-01T00:00:00+00:00"))
        if i % 5 == 0:
            captures.append((i * 2 + 2, "bench", f"{url}/list", f"{url}/list", 200, "text/html",
                             hashlib.sha256(url.encode()).hexdigest(), 20_000,
                             "2026-01-01T00:00:00+00:00", "list", 0))
    db.conn.executemany(
        "INSERT INTO captures (capture_id, portal, url, final_url, status, content_type, sha256, "
        "size, fetched_at, kind, is_report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", captures)
    db.conn.executemany(
        "INSERT INTO documents (sha256, media_type, size, capture_id, url, outcome, report_id, "
        "extractor_version, processed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", documents)
    db.conn.executemany("INSERT INTO report_versions (source_url, version, report_id, "
                        "first_seen) VALUES (?, 1, ?, '2026-01-01T00:00:00+00:00')",
                        [(f"http://bench.test/{rid[:12]}", rid) for rid in report_ids])


def timed(db, sql: str, params=None) -> tuple[float, int]:
    started = time.perf_counter()
    n = len(db.execute(sql, params or {}).fetchall())
    return time.perf_counter() - started, n


def bench_sql(path: Path) -> list[tuple[str, float, int]]:
    db = open_database(path)
    PARAMS["agency"] = db.execute("SELECT name FROM agencies ORDER BY agency_id LIMIT 1 OFFSET "
                                  "(SELECT COUNT(*) / 2 FROM agencies)").fetchone()[0]
    results = []
    for name in views():
        results.append((f"view {name}", *timed(db, f"SELECT * FROM [{name}] LIMIT 101")))
    results.append(("table check_disagreements",
                     *timed(db, "SELECT * FROM check_disagreements LIMIT 101")))
    for name, q in QUERIES.items():
        results.append((f"query {name}", *timed(db, q["sql"], PARAMS)))
    for name, chart in DASHBOARDS(path.stem)["overview"]["charts"].items():
        results.append((f"chart {name}", *timed(db, chart["query"])))
    return results


async def bench_datasette(path: Path) -> list[tuple[str, float, int]]:
    from datasette.app import Datasette

    from archive.publish.serve import PLUGINS_DIR, SETTINGS

    ds = Datasette([str(path)], metadata=build_metadata(path.stem, "/nonexistent"),
                   plugins_dir=str(PLUGINS_DIR),
                   settings={"sql_time_limit_ms": 1000, **SETTINGS})
    await ds.invoke_startup()
    name = path.stem
    pages = [f"/{name}/{v}" for v in ("reports", "cells", "checks", "coverage", "failing_checks",
                                      "applications_wide", "check_t3_03", "check_disagreements")]
    pages += [f"/{name}/{q}?" + "&".join(f"{k}={v}" for k, v in PARAMS.items()
                                         if f":{k}" in QUERIES[q]["sql"]) for q in QUERIES]
    # a selective search (one agency's reports) and one that matches every report
    pages += [f"/{name}/reports?_search={PARAMS['agency'][:10]}",
              f"/{name}/reports?_search=工业和信息化", "/-/dashboards/overview"]
    pages += await reader_pages(ds.get_database(name))
    results = []
    for page in pages:
        started = time.perf_counter()
        response = await ds.client.get(page)
        label = page if len(page) <= 60 else page[:57] + "…"
        results.append((f"page {label}", time.perf_counter() - started,
                        response.status_code))
    return results


async def reader_pages(db) -> list[str]:
    """The report page of a report failing T3-02 (the synthetic archive breaks T3-02/T3-03)
    that has a previous year, of the newest and of the oldest report, one agency's page and
    the search box with an agency name, two-character words and a phrase in every report."""
    picks = [
        "SELECT c.report_id FROM checks c CROSS JOIN report_pairs p ON p.report_id = c.report_id "
        "WHERE c.check_id = 'T3-02' AND c.status = 'fail' LIMIT 1",
        "SELECT report_id FROM reports ORDER BY rowid DESC LIMIT 1",
        "SELECT report_id FROM reports ORDER BY rowid LIMIT 1"]
    pages = []
    for sql in picks:
        row = (await db.execute(sql)).first()
        if row:
            pages.append(f"/-/report/{row[0]}")
    agency = (await db.execute("SELECT agency_id, name FROM agencies LIMIT 1")).first()
    pages += [f"/-/agency/{agency[0]}", f"/-/search?q={agency[1]}", "/-/search?q=文登",
              "/-/search?q=复议", "/-/search?q=政府信息公开"]
    return pages


def bench_refresh(path: Path, sample: int = 1000) -> list[tuple[str, float, int]]:
    """What `xxgk process` adds to keep check_disagreements: the document checks of the reports
    it stored, and a full pass over the archive checks it recomputed."""
    db = open_database(path)
    ids = [r for (r,) in db.execute("SELECT report_id FROM reports ORDER BY random() LIMIT ?",
                                    [sample])]
    started = time.perf_counter()
    n = refresh_disagreements(db, DOCUMENT_CHECK_VIEWS, ids)
    per_batch = time.perf_counter() - started
    started = time.perf_counter()
    n_archive = refresh_disagreements(db, ARCHIVE_CHECK_VIEWS)
    return [(f"process: document-check disagreements of {sample:,} reports", per_batch, n),
            ("process: archive-check disagreements, full pass", time.perf_counter() - started,
             n_archive)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/xxgk-bench/archive.db"))
    parser.add_argument("--reuse", action="store_true", help="time an existing database")
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    if args.reuse:
        prepare(open_database(args.db), DEFAULTS["deadlines"])  # views of the current code
    else:
        build(args.db, args.reports)
    rows = bench_sql(args.db) + asyncio.run(bench_datasette(args.db)) + bench_refresh(args.db)
    print(f"| {'what':<62} | seconds | rows/status |")
    print(f"|{'-' * 64}|---------|-------------|")
    for what, seconds, n in rows:
        flag = " ⚠" if seconds >= 1 and not what.startswith("process:") else ""
        print(f"| {what:<62} | {seconds:7.3f} | {n:>11} |{flag}")


if __name__ == "__main__":
    main()
