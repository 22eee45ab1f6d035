"""Cells right / wrong / missing per ruling form, on PDFs drawn with another producer's geometry.

Each generated report is drawn straight into a PDF content stream
(``replica.render.textlayer_pdf.render_drawn_pdf``: random column widths, row heights, fonts,
alignment, wrapping, page breaks with or without the header repeated) once per ruling form —
every cell ruled, no rulings, only the outer frame, only horizontal rules — and read by
``xxgk extract``'s path (``extract_bytes`` on the .pdf, no OCR). Cells are compared with the
report's truth (value and semantic).

    .venv/bin/python benchmarks/pdfdrawn.py [-n 16] [--seed 3] [--wrong]

Prints one row per form, per table below 100 %, and PDFs read per CPU second.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.tally import add, print_tables_below_full, print_totals  # noqa: E402
from benchmarks.textlayer import score_tables  # noqa: E402
from pipeline.extract import extract_bytes  # noqa: E402
from replica.generate import generate_reports  # noqa: E402
from replica.render.textlayer_pdf import RULINGS, render_drawn_pdf  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=16)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--forms", default=",".join(RULINGS))
    parser.add_argument("--wrong", action="store_true", help="print every wrong cell")
    args = parser.parse_args()
    specs = [s for s in generate_reports(args.n, args.seed) if not s.layout.tables_as_images]
    forms = args.forms.split(",")
    totals: dict[str, list[int]] = {}
    tables: dict[tuple[str, str], list[int]] = {}
    cpu = 0.0
    for n, spec in enumerate(specs):
        for form in forms:
            pdf = render_drawn_pdf(spec, seed=n, rulings=form)
            started = time.process_time()
            report = extract_bytes(pdf, path=f"{spec.slug}.{form}.pdf", ocr=False)
            cpu += time.process_time() - started
            per_table, wrongs = score_tables(report, spec)
            add(totals, form, per_table, tables)
            if args.wrong:
                for line in wrongs:
                    print(f"wrong: {form} seed={n} {line}")
    print(f"{len(specs)} generated reports (seed {args.seed}), drawn geometry seed = index")
    print_totals("rulings", totals)
    print_tables_below_full("rulings", tables)
    pdfs = sum(t[3] for t in totals.values())
    print(f"PDFs read: {pdfs / cpu:.2f} per CPU second ({pdfs} PDFs, {cpu:.1f} s)")


if __name__ == "__main__":
    main()
