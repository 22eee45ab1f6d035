"""Cells right / wrong / missing summed per form and per table, and printed as Markdown tables:
what the PDF benchmarks (pdfdrawn, pdfchromium) print for docs/accuracy.md."""

from __future__ import annotations


def add(totals: dict, key, per_table: dict[str, list[int]], tables: dict | None = None) -> None:
    """Add one document's ``score_tables`` counts under ``key`` (and under ``(key, table)``)."""
    t = totals.setdefault(key, [0, 0, 0, 0])
    t[3] += 1
    for table_id, counts in per_table.items():
        for k in range(3):
            t[k] += counts[k]
        if tables is not None:
            cells = tables.setdefault((key, table_id), [0, 0, 0])
            for k in range(3):
                cells[k] += counts[k]


def print_totals(title: str, totals: dict, errors: dict | None = None) -> None:
    print(f"| {title} | files | cells | right | wrong | missing | errors | right % |")
    print("|---|---|---|---|---|---|---|---|")
    for key, (r, w, m, k) in totals.items():
        cells = r + w + m
        print(f"| {key} | {k} | {cells} | {r} | {w} | {m} | {(errors or {}).get(key, 0)} | "
              f"{100 * r / max(cells, 1):.1f} |")


def print_tables_below_full(title: str, tables: dict) -> None:
    print("\nper table, below 100 %:")
    print(f"| {title} | table | cells | right | wrong | missing |")
    print("|---|---|---|---|---|---|")
    for (key, table_id), (r, w, m) in tables.items():
        if w or m:
            print(f"| {key} | {table_id} | {r + w + m} | {r} | {w} | {m} |")


def timed_extract(data: bytes, path: str, key, errors: dict, *, ocr: bool = False):
    """(report or None, CPU seconds) of one extraction; an ExtractError is printed and counted
    under ``key`` in ``errors``."""
    import time

    from pipeline.extract import ExtractError, extract_bytes

    began = time.process_time()
    try:
        return extract_bytes(data, path=path, ocr=ocr), time.process_time() - began
    except ExtractError as exc:
        errors[key] = errors.get(key, 0) + 1
        print(f"error: {exc}")
        return None, time.process_time() - began
