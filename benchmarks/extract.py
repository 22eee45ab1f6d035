"""Extraction throughput and peak memory per input type (HTML, DOCX, text, PDF ruled/unruled).

    python benchmarks/extract.py [--reports N] [--pdf-reports M] [--seed S]

Renders N generated reports per type first (not timed; PDFs: M generated layouts through
LibreOffice, with and without table rulings; text layers: M generated reports as PDFs, printed
by pdftotext with and without -layout, pdfplumber and pypdf, plus a Markdown conversion, read
with the template reconstructor), then runs ``extract_bytes`` on each in a fresh
single-threaded process per type, printing reports/second and the peak resident memory of that
process. PDFs are read without OCR, with the positional reader and the text-layer cross-check
on (as ``xxgk extract`` does). Targets (one core): ≥ 50 HTML/s, ≥ 20 DOCX/s, ≥ 3 PDF/s,
< 200 MB. The ``type`` column says what was read: ``textlayer`` counts text layers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
KINDS = ("html", "docx", "text", "textlayer", "pdf-ruled", "pdf-unruled")
sys.path.insert(0, str(REPO))


def render(kind: str, n: int, seed: int) -> list[bytes]:
    if kind.startswith("pdf"):
        return render_pdfs(n, seed, ruled=kind == "pdf-ruled")
    if kind == "textlayer":
        return render_text_layers(n, seed)
    from replica.generate import generate_reports
    from replica.render.docx import render_docx
    from replica.render.page import render_html_page
    from replica.render.text import render_text
    out = []
    for spec in generate_reports(n, seed=seed):
        if kind == "docx":
            out.append(render_docx(spec))
        elif kind == "html":
            page = render_html_page(spec)
            out.append(page if isinstance(page, bytes) else page.encode())
        else:
            out.append(render_text(spec).encode())
    return out


def render_pdfs(n: int, seed: int, *, ruled: bool) -> list[bytes]:
    """Generated layouts (table 三 across a page break) as LibreOffice exports them; unruled
    ones alternate flush-left and WPS-like centred cells."""
    from replica.render.layout_office import render_docx, soffice_convert_many
    from replica.render.layouts import report_layouts
    docs = [render_docx(report_layouts(seed + i, "2021" if i % 2 else "2019"), filler_lines=25,
                        ruled=ruled, centred=not ruled and i % 2 == 1) for i in range(n)]
    return soffice_convert_many(docs, ".docx", "pdf")


def render_text_layers(n: int, seed: int) -> list[bytes]:
    """Text layers as the real tools print generated PDFs (pdftotext with and without -layout,
    pdfplumber, pypdf) and a broken-pipe Markdown conversion: what users paste. Each is read
    by the text reader with the template reconstructor (tables from raw order included)."""
    from benchmarks.textlayer import FORMS, text_forms
    from replica.generate import generate_reports
    specs = [s for s in generate_reports(n, seed=seed) if not s.layout.tables_as_images]
    forms = [f for f in FORMS if not f.endswith("+footers")]
    return [text.encode("utf-8") for _, _, text in text_forms(specs, forms)]


def measure(kind: str, n: int, seed: int) -> dict:
    from pipeline.extract import extract_bytes
    inputs = render(kind, n, seed)
    extract_bytes(inputs[0], path="warm-up", ocr=False)  # imports and caches
    start, cpu_start = time.perf_counter(), time.process_time()
    cells = 0
    suffix = ".txt" if kind == "textlayer" else ""
    for i, data in enumerate(inputs):
        report = extract_bytes(data, path=f"{kind}{i}{suffix}", ocr=False)
        cells += sum(len(cols) for t in report.tables.values() for cols in t.values())
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"type": kind, "reports": len(inputs), "seconds": round(elapsed, 2),
            "reports_per_s": round(len(inputs) / elapsed, 1), "cells": cells,
            # CPU time is what one core delivers; wall time suffers from other load
            "reports_per_cpu_s": round(len(inputs) / cpu, 1),
            "peak_mb": round(peak_kb / 1024, 1),
            "mean_kb": round(sum(map(len, inputs)) / len(inputs) / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pdf-reports", type=int, default=30)
    parser.add_argument("--type", choices=KINDS)
    args = parser.parse_args()
    if args.type:
        print(json.dumps(measure(args.type, args.reports, args.seed)))
        return
    env = dict(os.environ, PYTHONPATH=str(REPO), OMP_NUM_THREADS="1")
    print(f"{'type':10} {'reports':>7} {'reports/s':>10} {'per CPU s':>10} {'peak MB':>8} "
          f"{'mean KB':>8}")
    for kind in KINDS:
        # text layers: n reports × 5 forms, rendered through LibreOffice like the PDFs
        n = args.pdf_reports if kind.startswith("pdf") or kind == "textlayer" else args.reports
        result = subprocess.run(
            ["taskset", "-c", "0", sys.executable, __file__, "--type", kind, "--reports", str(n),
             "--seed", str(args.seed)], capture_output=True, text=True, env=env, check=True)
        r = json.loads(result.stdout.strip().splitlines()[-1])
        print(f"{r['type']:10} {r['reports']:>7} {r['reports_per_s']:>10} "
              f"{r['reports_per_cpu_s']:>10} {r['peak_mb']:>8} {r['mean_kb']:>8}")


if __name__ == "__main__":
    main()
