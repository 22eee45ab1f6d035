"""Pictured tables through OCR: CPU seconds a table on one thread, peak resident memory, and
the statistics cells right / wrong / missing against what the picture shows.

    .venv/bin/python benchmarks/ocr.py [--reports N] [--seed S] [--screenshots M]

Pictures: the replica generator's table PNGs (``render_table_png``: tables 二, 三 and 四 of N
generated reports, 22 px text) and, with ``--screenshots``, M layouts of
``replica/render/layouts.py`` drawn by headless Chromium (tables 三 and 四, 15 px text, read at
twice their size). Each picture goes through ``extract_bytes`` as ``xxgk extract`` reads a
picture file, after the models are loaded; CPU time is the process's (one onnxruntime
thread). A wrong cell counts as flagged when its table carries a "needs review" warning (the
arithmetic check caught it). Peak MB is this process's maximum resident size. Record the load
average printed with the figures: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TABLE_NAMES = {"active_disclosure": "table 二", "applications": "table 三",
               "review_litigation": "table 四"}


def _replica_pictures(reports: int, seed: int):
    from replica.generate import generate_reports
    from replica.render import render_table_png

    for spec in generate_reports(reports, seed=seed, broken_share=0.0):
        for table_id in ("active_disclosure", "applications", "review_litigation"):
            truth = {table_id: {row: {col: value for col, value in cols.items()}
                                for row, cols in spec.tables[table_id].items()}}
            yield f"replica PNG, {TABLE_NAMES[table_id]}", render_table_png(spec, table_id), truth


def _screenshots(count: int, seed: int):
    from replica.render.layout_pictures import layout_html, screenshot_html
    from replica.render.layouts import layout_truth, report_layouts

    for k in range(count):
        layouts = report_layouts(seed + k, "2021" if k % 2 else "2019")
        for layout, width, name in ((layouts[1], 1400, "三"), (layouts[2], 1600, "四")):
            yield (f"Chromium screenshot, table {name}",
                   screenshot_html(layout_html(layout), width), layout_truth([layout]))


def _score(report, truth) -> tuple[int, int, int, int]:
    """(right, wrong unflagged, wrong flagged, missing) statistics cells."""
    from replica.spec import GroundTruth

    flagged = {w.split(" ", 1)[0] for w in report.warnings if "needs review" in w}
    right = wrong = caught = missing = 0
    for table_id, rows in truth.items():
        for row, cols in rows.items():
            for col, printed in cols.items():
                value, semantic = GroundTruth.expected_cell(printed)
                cell = report.tables.get(table_id, {}).get(row, {}).get(col)
                if cell is None or cell.semantic == "missing":
                    missing += 1
                elif cell.semantic == semantic and cell.value == value:
                    right += 1
                elif table_id in flagged:
                    caught += 1
                else:
                    wrong += 1
    return right, wrong, caught, missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=4)
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument("--screenshots", type=int, default=0)
    args = parser.parse_args()
    from pipeline import ocr
    from pipeline.extract import extract_bytes

    ocr.configure_threads(1)
    ocr.engine()
    print(f"models loaded, {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    pictures = list(_replica_pictures(args.reports, args.seed))
    if args.screenshots:
        pictures += list(_screenshots(args.screenshots, args.seed + 1000))
    kinds: dict[str, list] = {}
    for k, (kind, png, truth) in enumerate(pictures):
        started = time.process_time()
        report = extract_bytes(png, path=f"picture{k}.png")
        seconds = time.process_time() - started
        kinds.setdefault(kind, []).append((seconds, _score(report, truth)))
    print("| pictures | tables | CPU s a table (mean) | max | cells | right | wrong (unflagged) "
          "| wrong (flagged for review) | missing |")
    print("|---|---|---|---|---|---|---|---|---|")
    for kind, rows in kinds.items():
        seconds = [s for s, _ in rows]
        totals = [sum(score[i] for _, score in rows) for i in range(4)]
        print(f"| {kind} | {len(rows)} | {sum(seconds) / len(rows):.2f} | {max(seconds):.2f} "
              f"| {sum(totals)} | {totals[0]} | {totals[1]} | {totals[2]} | {totals[3]} |")
    # the same pictures again: the OCR cache (sha256 + OCR version) answers
    again = [png for kind, png, _ in pictures if kind.endswith("table 三")]
    started = time.process_time()
    for png in again:
        ocr.image_blocks(png, "ocr:image1")
    cached = (time.process_time() - started) / max(len(again), 1)
    started = time.process_time()
    for k, png in enumerate(again):
        extract_bytes(png, path=f"again{k}.png")
    whole = (time.process_time() - started) / max(len(again), 1)
    print(f"table 三 pictures again ({len(again)}): OCR from the cache {cached * 1000:.1f} ms, "
          f"whole extraction {whole * 1000:.1f} ms (CPU, mean)")
    print(f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
