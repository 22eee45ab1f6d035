"""The writer of `xxgk process` at a given archive size: extracted replica reports stored into
an existing archive (ms a report), then the archive checks and check_disagreements they touch.

    .venv/bin/python benchmarks/write.py ARCHIVE_DB [--work /tmp/process-bench]

The reports are the HTML and DOCX groups of the replica crawled by benchmarks/process.py
(`--work`, crawled if missing), extracted once without OCR and kept in ``--work`` as a pickle,
so every archive size stores the same reports. ARCHIVE_DB is written to: use a scratch copy
(benchmarks/nightly.py builds one of any size).
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pipeline.extract as extractor  # noqa: E402
from archive import process  # noqa: E402
from archive.capture_groups import capture_groups  # noqa: E402
from archive.cross import run_archive_checks, touched_reports  # noqa: E402
from archive.disagreements import (  # noqa: E402
    ARCHIVE_CHECK_VIEWS, DOCUMENT_CHECK_VIEWS, refresh_disagreements,
)
from archive.groups import Extraction, extract_group  # noqa: E402
from archive.rawstore import RawStore  # noqa: E402
from archive.schema import open_database  # noqa: E402
from benchmarks.process import crawl  # noqa: E402
from pipeline.extract.boundary import ExtractSettings  # noqa: E402
from xxgk.config import load_config  # noqa: E402

SLOW_TYPES = ("pdf", "msword", "kswps")  # their readers are timed by benchmarks/process.py


def extracted_groups(work: Path) -> list:
    kept = work / "write-sample.pickle"
    if kept.is_file():
        return pickle.loads(kept.read_bytes())
    cfg = load_config(crawl(work, 320) / "config.toml")
    db = open_database(cfg.path("database"))
    ctx = Extraction(RawStore(cfg), process.database_path(db), cfg["deadlines"],
                     extractor.extract_bytes, (extractor.ExtractError,),
                     ExtractSettings(ocr=False))
    results = [(g, extract_group(ctx, g)) for g in capture_groups(db)
               if not any(t in (m.get("content_type") or "") for m in g for t in SLOW_TYPES)]
    kept.write_bytes(pickle.dumps(results))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--work", type=Path, default=Path("/tmp/process-bench"))
    args = parser.parse_args()
    results = extracted_groups(args.work)
    db = open_database(args.database)
    db.execute("PRAGMA foreign_keys=OFF")  # the groups' capture ids are the replica archive's
    process.prepare(db, {"department": "01-31", "government": "03-31"})
    before = db.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
    summary = process.ProcessSummary()
    # CPU seconds beside wall seconds: the machine is shared, and the parent's CPU is what
    # a run's workers lose
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(results), 50):
        process.write_batch(db, results[i:i + 50], extractor.EXTRACTOR_VERSION + "+write-bench",
                            summary)
    writing, writing_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    checks = run_archive_checks(db, summary.stored_report_ids)
    checking, checking_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    refresh_disagreements(db, DOCUMENT_CHECK_VIEWS, summary.stored_report_ids)
    refresh_disagreements(db, ARCHIVE_CHECK_VIEWS, touched_reports(db, summary.stored_report_ids))
    refreshing, refreshing_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{before:,} reports before: stored {len(summary.stored_report_ids)} in {writing:.2f} s "
          f"= {1000 * writing / len(results):.1f} ms a report "
          f"({1000 * writing_cpu / len(results):.1f} ms CPU); archive checks {checking:.2f} s "
          f"({checking_cpu:.2f} CPU s, {checks} checks); check_disagreements {refreshing:.2f} s "
          f"({refreshing_cpu:.2f} CPU s); {len(summary.errors)} errors; "
          f"load average {os.getloadavg()[0]:.1f}")

if __name__ == "__main__":
    main()
