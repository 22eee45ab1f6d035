"""A nightly `xxgk process` on a large archive: N reports already processed (the synthetic
archive of benchmarks/db.py), then a crawl brings 10 new reports; the run extracts them with
the real extractor in worker processes and recomputes the archive checks they touch.

    .venv/bin/python benchmarks/nightly.py [--reports 100000] [--dir /tmp/xxgk-nightly]
        [--reuse] [--new 10]

The new reports are replica reports (replica.generate, rendered as portal HTML pages) printed
under agencies of the synthetic archive, so their year pairs and twins are real work.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.capture_groups import capture_groups  # noqa: E402
from archive.process import finished_documents, process_archive  # noqa: E402
from archive.rawstore import RawStore  # noqa: E402
from archive.schema import open_database  # noqa: E402
from benchmarks.db import build  # noqa: E402
from replica.generate import generate_reports  # noqa: E402
from replica.render import render_html_page  # noqa: E402
from xxgk.commands.process import process_options  # noqa: E402
from xxgk.config import load_config  # noqa: E402


def add_new_reports(cfg, db, n: int) -> list[str]:
    raw = RawStore(cfg)
    names = [r[0] for r in db.execute("SELECT name FROM agencies ORDER BY random() LIMIT ?",
                                      [n])]
    night = db.execute("SELECT COUNT(*) FROM captures").fetchone()[0]
    urls = []
    for i, (spec, name) in enumerate(zip(generate_reports(n, seed=random.randrange(10**6)),
                                         names)):
        page = render_html_page(spec, portal_style="wendeng", charset="utf-8")
        page = page.replace(spec.agency.name.encode(), name.encode())
        sha = raw.store_body(page)
        url = f"http://www.wendeng.gov.cn/nightly/{night}-{i}.html"
        db["captures"].insert({"url": url, "status": 200, "sha256": sha, "size": len(page),
                               "kind": "article", "is_report": 1, "portal": "wendeng",
                               "content_type": "text/html", "title": spec.title,
                               "fetched_at": "2026-12-03T02:00:00+00:00"})
        urls.append(url)
    return urls


def scans(db) -> None:
    """The two steps of a nightly run that read the whole archive, timed alone: they are
    what grows with its size."""
    from pipeline.extract import EXTRACTOR_VERSION

    started = time.perf_counter()
    groups = capture_groups(db)
    middle = time.perf_counter()
    finished = finished_documents(db, EXTRACTOR_VERSION)
    print(f"archive-wide scans: capture groups {middle - started:.2f} s ({len(groups):,}), "
          f"documents of this extractor version {time.perf_counter() - middle:.2f} s "
          f"({len(finished):,})")
    # what group_weights asked before m014, for the record: every image capture of the archive
    started = time.perf_counter()
    db.execute("SELECT parent_capture_id, COUNT(*) FROM captures WHERE kind = 'image' "
               "AND parent_capture_id IS NOT NULL GROUP BY parent_capture_id").fetchall()
    print(f"pictures of the whole archive counted (the query before m014): "
          f"{time.perf_counter() - started:.2f} s")


STEPS = ("write_batch", "run_archive_checks", "refresh_disagreements", "group_weights")


def time_steps() -> dict[str, float]:
    """Seconds spent in the writer's steps of archive.process (wrapped in place; the
    benchmark's process only)."""
    import archive.process as process

    spent = dict.fromkeys(STEPS, 0.0)
    for name in STEPS:
        def wrapper(*args, _inner=getattr(process, name), _name=name, **kw):
            started = time.perf_counter()
            try:
                return _inner(*args, **kw)
            finally:
                spent[_name] += time.perf_counter() - started
        setattr(process, name, wrapper)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/xxgk-nightly"))
    parser.add_argument("--reuse", action="store_true", help="use the archive already built")
    parser.add_argument("--new", type=int, default=10)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    config = args.dir / "config.toml"
    config.write_text('[paths]\ndatabase = "archive.db"\nfiles_dir = "files"\n'
                      'cache_dir = "cache"\n', encoding="utf-8")
    cfg = load_config(config)
    if not args.reuse:
        build(cfg.path("database"), args.reports)
    db = open_database(cfg.path("database"))
    total = db.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
    add_new_reports(cfg, db, args.new)
    print(f"archive: {total:,} reports, {cfg.path('database').stat().st_size / 2**30:.2f} GiB; "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    spent = time_steps()
    started = time.perf_counter()
    summary = process_archive(db, RawStore(cfg), cfg["deadlines"],
                              options=process_options(cfg))
    elapsed = time.perf_counter() - started
    print(summary.line())
    for error in summary.errors:
        print(f"error: {error}")
    print(f"nightly process with {args.new} new reports: {elapsed:.1f} s "
          f"(peak worker {summary.stats.get('peak_worker_mb', 0):.0f} MB); of which writing "
          f"{spent['write_batch']:.2f} s, archive checks {spent['run_archive_checks']:.2f} s, "
          f"check_disagreements {spent['refresh_disagreements']:.2f} s, group weights "
          f"{spent['group_weights']:.3f} s")
    scans(db)
    started = time.perf_counter()
    again = process_archive(db, RawStore(cfg), cfg["deadlines"], options=process_options(cfg))
    print(f"the next night, nothing new: {time.perf_counter() - started:.1f} s "
          f"({again.skipped} of {again.groups} groups unchanged)")


if __name__ == "__main__":
    main()
