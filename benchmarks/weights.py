"""The pictures `process` counts to order its groups (archive/weights.py), on a large archive.

    .venv/bin/python benchmarks/weights.py --db /tmp/xxgk-nightly/archive.db [--share 0.085]

On an archive built by benchmarks/nightly.py (which has no pictures), adds one image capture
for ``--share`` of the report pages (0.085: the replica's 28 pictures per 330 reports; once,
under the run id ``bench-pictures``), then times, in CPU seconds of this process: creating
migration m014's index on an archive without it, the whole-archive count the nightly made
before m014 (every image capture, no index), and `group_weights` for the groups of a night
(10, 1,000 pages).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.schema import open_database  # noqa: E402
from archive.weights import group_weights  # noqa: E402

RUN = "bench-pictures"
INDEX = "idx_captures_parent_capture_id"


def cpu(step) -> tuple[float, object]:
    started = time.process_time()
    result = step()
    return time.process_time() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--share", type=float, default=0.085)
    args = parser.parse_args()
    db = open_database(args.db)
    pages = [r[0] for r in db.execute("SELECT capture_id FROM captures WHERE is_report = 1 "
                                      "ORDER BY capture_id")]
    if not db.execute("SELECT 1 FROM crawl_runs WHERE run_id = ?", [RUN]).fetchone():
        step = max(1, round(1 / args.share))
        with db.conn:
            db["crawl_runs"].insert({"run_id": RUN, "kind": "crawl", "status": "ok"})
            db.conn.executemany(
                "INSERT INTO captures (run_id, url, status, sha256, kind, parent_capture_id, "
                "content_type) VALUES (?, ?, 200, ?, 'image', ?, 'image/png')",
                [(RUN, f"http://bench.test/{p}.png", f"{p:064x}", p) for p in pages[::step]])
    images = db.execute("SELECT COUNT(*) FROM captures WHERE kind = 'image'").fetchone()[0]
    total = db.execute("SELECT COUNT(*) FROM captures").fetchone()[0]
    print(f"{total:,} captures, {images:,} of them pictures; load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")

    db.execute(f"DROP INDEX IF EXISTS {INDEX}")
    spent, _ = cpu(lambda: db.execute(f"CREATE INDEX {INDEX} ON captures (parent_capture_id)"))
    print(f"m014 on an archive without the index: {spent:.2f} s CPU")
    spent, counted = cpu(lambda: db.execute(
        "SELECT parent_capture_id, COUNT(*) FROM captures NOT INDEXED WHERE kind = 'image' "
        "AND parent_capture_id IS NOT NULL GROUP BY parent_capture_id").fetchall())
    print(f"before m014, every night: all pictures of the archive counted, {spent:.3f} s CPU "
          f"({len(counted):,} pages)")
    for night in (10, 1000):
        todo = [[{"capture_id": p, "content_type": "text/html"}] for p in pages[-night:]]
        spent, weights = cpu(lambda: group_weights(db, todo, ocr=True))
        shown = sum(w >= 10 for w in weights)
        print(f"group_weights for {night:,} groups: {spent * 1000:.1f} ms CPU "
              f"({shown} with pictures)")


if __name__ == "__main__":
    main()
