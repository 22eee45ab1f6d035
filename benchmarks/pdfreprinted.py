"""Cells right / wrong / missing per producer, on report PDFs re-made by other programs.

Each generated report is exported to PDF by LibreOffice (the DOCX) and printed by headless
Chromium (``ruled``), and each of those PDFs is re-made (``replica.render.reprinted_pdf``):
distilled again by Ghostscript, printed to PostScript and distilled (fonts lose their Unicode
maps), the same with text as outlines, cleaned and re-drawn by MuPDF, and scanned into a
searchable scan (a page picture under an invisible OCR text layer with an engine's slips),
upright or tilted. Every PDF goes through ``xxgk extract``'s path (``extract_bytes``) and its
cells are compared with the report's truth. A wrong cell is *flagged* when a warning names it
(``table.row.col``, as the cross-check does) or when its document says a scan's text layer was
read unchecked; the rest are *unflagged*: the figure that must be 0.

    .venv/bin/python benchmarks/pdfreprinted.py [-n 6] [--seed 3] [--ocr] [--wrong]
        [--producers scan,scan-tilted] [--sources libreoffice,chromium]

OCR is off unless ``--ocr`` (then pages read from their pictures are OCR'd: seconds a page).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.tally import add, print_tables_below_full, print_totals, timed_extract  # noqa: E402
from benchmarks.textlayer import score_tables  # noqa: E402
from replica.content import convert_all  # noqa: E402
from replica.generate import generate_reports  # noqa: E402
from replica.render import render_docx  # noqa: E402
from replica.render.chromium_pdf import render_chromium_pdfs  # noqa: E402
from replica.render.reprinted_pdf import PRODUCERS, ReprintError, reprint  # noqa: E402

SOURCES = ("libreoffice", "chromium")
#: the warning a PDF reader gives for a scan whose own OCR layer was read without checking
UNCHECKED_SCAN = "not checked against the picture"


def source_pdfs(specs, sources) -> dict[tuple[str, str], bytes]:
    out = {}
    if "libreoffice" in sources:
        pdfs = convert_all({s.slug: render_docx(s) for s in specs}, "pdf")
        if not pdfs:
            raise SystemExit("LibreOffice (soffice) is needed for the libreoffice source")
        out.update({(s.slug, "libreoffice"): pdfs[s.slug] for s in specs})
    if "chromium" in sources:
        printed = render_chromium_pdfs([(s, "ruled") for s in specs])
        out.update({(s.slug, "chromium"): pdf for s, pdf in zip(specs, printed)})
    return out


def flagged_wrongs(report, spec) -> tuple[int, int, list[str]]:
    """(flagged, unflagged, descriptions of the unflagged) wrong cells of ``report``."""
    unchecked = any(UNCHECKED_SCAN in w for w in report.warnings)
    flagged = unflagged = 0
    lines = []
    for table_id, rows in spec.expected_tables().items():
        for row, cols in rows.items():
            for col, (value, semantic) in cols.items():
                cell = report.cell(table_id, row, col)
                if cell is None or cell.semantic == "missing" or \
                        (cell.value == value and cell.semantic == semantic):
                    continue
                name = f"{table_id}.{row}.{col}"
                if unchecked or any(name in w for w in report.warnings):
                    flagged += 1
                else:
                    unflagged += 1
                    lines.append(f"{spec.slug} {name}: {cell.raw!r} for {value!r}")
    return flagged, unflagged, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=6)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--producers", default=",".join(PRODUCERS))
    parser.add_argument("--sources", default=",".join(SOURCES))
    parser.add_argument("--ocr", action="store_true", help="OCR pages read from pictures")
    parser.add_argument("--wrong", action="store_true", help="print every unflagged wrong cell")
    args = parser.parse_args()
    specs = [s for s in generate_reports(args.n, args.seed) if not s.layout.tables_as_images]
    sources = args.sources.split(",")
    producers = args.producers.split(",")
    started = time.monotonic()
    originals = source_pdfs(specs, sources)
    totals: dict = {}
    tables: dict = {}
    errors: dict = {}
    flags: dict = {}
    cpu = 0.0
    made = 0
    for n, spec in enumerate(specs):
        for source in sources:
            for producer in producers:
                key = f"{source} · {producer}"
                try:
                    pdf = reprint(originals[(spec.slug, source)], producer, seed=n)
                except ReprintError as exc:
                    flags.setdefault(key, [0, 0, str(exc)])
                    continue
                made += 1
                report, spent = timed_extract(pdf, f"{spec.slug}.{source}.{producer}.pdf", key,
                                              errors, ocr=args.ocr)
                cpu += spent
                if report is None:
                    continue
                add(totals, key, score_tables(report, spec)[0], tables)
                flagged, unflagged, lines = flagged_wrongs(report, spec)
                counts = flags.setdefault(key, [0, 0, ""])
                counts[0] += flagged
                counts[1] += unflagged
                if args.wrong:
                    for line in lines:
                        print(f"wrong: {key} {line}")
    print(f"{len(specs)} generated reports (seed {args.seed}), {made} re-made PDFs "
          f"({time.monotonic() - started:.1f} s wall with the tools, cached ones from disk), "
          f"OCR {'on' if args.ocr else 'off'}")
    print_totals("source · producer", totals, errors)
    print("\nwrong cells, flagged (a warning names the cell, or the scan's layer was read "
          "unchecked) and unflagged:")
    print("| source · producer | flagged | unflagged | not made |")
    print("|---|---|---|---|")
    for key, (flagged, unflagged, why) in flags.items():
        print(f"| {key} | {flagged} | {unflagged} | {why} |")
    print_tables_below_full("source · producer", tables)
    n_read = sum(t[3] for t in totals.values())
    print(f"\nPDFs read: {n_read / max(cpu, 1e-9):.2f} per CPU second ({n_read} PDFs, "
          f"{cpu:.1f} s)")
    print(f"load average: {open('/proc/loadavg').read().strip()}")


if __name__ == "__main__":
    main()
