"""What deciding "new version or sighting" costs the writer of `xxgk process`.

    .venv/bin/python benchmarks/versions.py [--reports 300] [--dir /tmp/xxgk-versions]

Reports from the generator (replica.synthetic, full tables and claims), stored into a real
SQLite archive as the first version of their address; then each address gets a new body of
the same report (a sighting: fingerprint + one lookup, nothing written but the document) and
one with a corrected cell (a new version: fingerprint + the full load); then what following
each address's timeline costs (`follow_returns`): a night where nothing came back, and one
where every address serves its first bytes again (A, C, A). CPU seconds of this process
(time.process_time), per report.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.capture_groups import came_back  # noqa: E402
from archive.load import Provenance  # noqa: E402
from archive.schema import open_database  # noqa: E402
from archive.versions import (  # noqa: E402
    SIGHTING, STORED, fingerprint, follow_returns, store_version,
)
from pipeline.model import Report  # noqa: E402
from replica.synthetic import make_report  # noqa: E402


def copy_of(report: Report, sha: str, delta: int = 0) -> Report:
    again = Report.from_json(json.loads(json.dumps(report.to_json())))
    again.source.sha256 = sha
    if delta:
        cell = again.tables["applications"]["new_received"]["total"]
        cell.value += delta
    return again


def timed(label: str, count: int, step) -> None:
    started = time.process_time()
    for i in range(count):
        step(i)
    spent = time.process_time() - started
    print(f"{label}: {spent / count * 1000:.3f} ms CPU per report ({count} reports)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/xxgk-versions"))
    args = parser.parse_args()
    shutil.rmtree(args.dir, ignore_errors=True)
    db = open_database(args.dir / "archive.db")
    rng = random.Random(5)
    reports = [make_report(rng, f"威海市第{i}局", 2023)[0] for i in range(args.reports)]
    cells = sum(len(cols) for r in reports for t in r.tables.values() for cols in t.values())
    print(f"{args.reports} generated reports, {cells / args.reports:.0f} cells each; "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")

    def url(i: int) -> str:
        return f"http://portal.test/art/{i}.html"

    def prov(day: int) -> Provenance:
        return Provenance("bench", f"2026-02-{day:02d}T00:00:00+00:00")

    timed("fingerprint alone", args.reports, lambda i: fingerprint(reports[i]))

    # the copies are made before the clock runs: only the writer's work is timed
    firsts = [copy_of(r, f"a{i:063d}") for i, r in enumerate(reports)]
    sightings = [copy_of(r, f"b{i:063d}") for i, r in enumerate(reports)]
    corrected = [copy_of(r, f"c{i:063d}", 1) for i, r in enumerate(reports)]

    def first(i: int) -> None:
        with db.atomic():
            assert store_version(db, url(i), firsts[i], prov(1))[1] == STORED
    timed("first version stored (fingerprint + load)", args.reports, first)

    def sighting(i: int) -> None:
        with db.atomic():
            assert store_version(db, url(i), sightings[i], prov(2))[1] == SIGHTING
    timed("new body, same report: sighting", args.reports, sighting)

    def edited(i: int) -> None:
        with db.atomic():
            assert store_version(db, url(i), corrected[i], prov(3))[1] == STORED
    timed("new body, corrected cell: second version", args.reports, edited)
    print(f"report_versions rows: {db['report_versions'].count} "
          f"(expected {2 * args.reports}), reports rows: {db['reports'].count}")

    # the documents rows process writes: each body shows the version it is or sights
    db["documents"].insert_all(
        [{"sha256": f"{k}{i:063d}", "report_id": f"{'c' if k == 'c' else 'a'}{i:063d}",
          "outcome": "report"} for i in range(args.reports) for k in "abc"], pk="sha256")

    def served(i: int, back: bool) -> list[tuple[str, str]]:
        days = [(1, "a"), (2, "b"), (3, "c")] + ([(4, "a")] if back else [])
        return [(prov(d).first_seen, f"{k}{i:063d}") for d, k in days]

    quiet = [served(i, False) for i in range(args.reports)]
    back = [served(i, True) for i in range(args.reports)]

    def looked_at(i: int) -> None:
        assert not came_back([sha for _at, sha in quiet[i]])
    timed("timeline looked at, nothing came back (what a night does)", args.reports, looked_at)

    def nothing_back(i: int) -> None:
        with db.atomic():
            assert follow_returns(db, url(i), quiet[i]) is None
    timed("timeline followed all the same, nothing came back", args.reports, nothing_back)

    def served_again(i: int) -> None:
        with db.atomic():
            assert follow_returns(db, url(i), back[i]) == f"a{i:063d}"
    timed("timeline followed, A served again: return row, A current", args.reports, served_again)
    print(f"report_versions rows: {db['report_versions'].count} (expected {3 * args.reports})")
    db.close()
    shutil.rmtree(args.dir, ignore_errors=True)


if __name__ == "__main__":
    main()
