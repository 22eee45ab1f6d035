"""Benchmark of the prose stage and the document checks: read_prose + run_checks per seed.

Run: ``.venv/bin/python benchmarks/prose.py [repetitions]``. Prints per-seed milliseconds and
the peak memory of one pass (tracemalloc).
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.checks import run_checks  # noqa: E402
from pipeline.extract import extract_bytes  # noqa: E402
from pipeline.prose import read_prose  # noqa: E402
from pipeline.readers.text import read_text  # noqa: E402


def main(repetitions: int = 50) -> None:
    seeds = sorted((ROOT / "replica" / "seeds").glob("*.txt"))
    print(f"{'seed':28} {'paragraphs':>10} {'read_prose ms':>14} {'run_checks ms':>14} {'checks':>7}")
    for path in seeds:
        data = path.read_bytes()
        doc = read_text(data)
        report = extract_bytes(data, path=str(path), ocr=False)
        start = time.perf_counter()
        for _ in range(repetitions):
            prose = read_prose(doc)
        prose_ms = (time.perf_counter() - start) / repetitions * 1000
        from pipeline.evidence import Evidence
        from pipeline.tables import find_tables
        evidence = Evidence(doc, prose.sections, find_tables(doc), {}, prose)
        start = time.perf_counter()
        for _ in range(repetitions):
            checks = run_checks(report, evidence)
        checks_ms = (time.perf_counter() - start) / repetitions * 1000
        print(f"{path.name:28} {len(doc.paragraphs()):>10} {prose_ms:>14.2f} {checks_ms:>14.2f} "
              f"{len(checks):>7}")
    tracemalloc.start()
    for path in seeds:
        doc = read_text(path.read_bytes())
        read_prose(doc)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"peak memory of read_prose over the five seeds: {peak / 2**20:.2f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
