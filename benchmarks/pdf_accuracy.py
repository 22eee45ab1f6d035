"""Cells right per PDF form, on layouts from our generator (replica/render/layouts.py).

    python benchmarks/pdf_accuracy.py [--reports N] [--seed S]

Renders N reports per form through LibreOffice (not timed): ruled tables (Table Grid), unruled
flush left (Word/LibreOffice), unruled centred (WPS-like), unruled in the monospaced CJK font.
Each goes through ``extract_bytes`` without OCR; every statistics cell is compared with the
printed layout: right, wrong (a different value read), missing (marked, not read), and how
many cross-check warnings the text-layer reading raised.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FORMS = {"PDF ruled": {"ruled": True}, "PDF unruled": {"ruled": False},
         "PDF unruled centred": {"ruled": False, "centred": True},
         "PDF unruled mono font": {"ruled": False, "font": "WenQuanYi Zen Hei Mono"}}


def main() -> None:
    from pipeline.extract import extract_bytes
    from replica.render.layout_office import render_docx, soffice_convert_many
    from replica.render.layouts import layout_truth, report_layouts, score_report
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10)
    parser.add_argument("--seed", type=int, default=100)
    args = parser.parse_args()
    print(f"{'form':24} {'reports':>7} {'cells':>6} {'right %':>8} {'wrong':>6} {'missing':>8} "
          f"{'x-check':>8}")
    for form, options in FORMS.items():
        layouts = [report_layouts(args.seed + i, "2021" if i % 2 else "2019")
                   for i in range(args.reports)]
        pdfs = soffice_convert_many([render_docx(ls, filler_lines=25, **options)
                                     for ls in layouts], ".docx", "pdf")
        right = wrong = missing = flagged = 0
        for i, (ls, pdf) in enumerate(zip(layouts, pdfs)):
            report = extract_bytes(pdf, path=f"{i}.pdf", ocr=False)
            r, w, m = score_report(report, layout_truth(ls))
            right, wrong, missing = right + r, wrong + len(w), missing + len(m)
            flagged += sum(x.startswith("cross-check") for x in report.warnings)
        total = right + wrong + missing
        print(f"{form:24} {len(pdfs):>7} {total:>6} {100 * right / total:>8.2f} {wrong:>6} "
              f"{missing:>8} {flagged:>8}")


if __name__ == "__main__":
    main()
