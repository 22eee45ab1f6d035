"""Cells right / wrong / missing per style, on reports printed to PDF by headless Chromium.

Each generated report is printed by Chromium (``replica.render.chromium_pdf``): the whole portal
page saved with the browser's header and footer (``page``), and the report fragment under the
stylesheets real HTML exports have (ruled, unruled, centred, narrow, landscape, page breaks
inside tables with or without a repeated ``<thead>``). Every PDF is read by ``xxgk extract``'s
path (``extract_bytes``, no OCR) and its cells compared with the report's truth; then the text
layers of the same PDFs (pdftotext ±-layout, pdfplumber, pypdf) go through the text reader.

    .venv/bin/python benchmarks/pdfchromium.py [-n 8] [--seed 3] [--wrong] [--render 6]

``--render K`` also measures printing K files in one browser against K ``--print-to-pdf``
starts (fresh cache). Prints one row per style, per text layer, and PDFs read per CPU second.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.tally import add, print_tables_below_full, print_totals, timed_extract  # noqa: E402
from benchmarks.textlayer import score_tables  # noqa: E402
from pipeline.extract import ExtractError, extract_bytes  # noqa: E402
from replica.generate import generate_reports  # noqa: E402
from replica.render.chromium_pdf import (CHROMIUM, STYLES, render_chromium_pdfs,  # noqa: E402
                                         style_html)
from replica.render.textlayer import TEXT_LAYER_FORMS, pdf_text_layer  # noqa: E402


def render_cost(specs, k: int) -> None:
    """Wall and child-CPU seconds for K files: one browser over the pipe, then K starts."""
    jobs = [(spec, style) for spec in specs for style in STYLES][:k]
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XXGK_REPLICA_CACHE"] = tmp
        cpu0, wall0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
        render_chromium_pdfs(jobs)
        cpu1, wall1 = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
        for n, (spec, style) in enumerate(jobs):
            page = Path(tmp) / f"{n}.html"
            page.write_bytes(style_html(spec, style))
            subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                            "--no-first-run", f"--user-data-dir={tmp}/p{n}",
                            "--no-pdf-header-footer", f"--print-to-pdf={tmp}/{n}.pdf",
                            page.as_uri()], capture_output=True, timeout=300, check=True)
        cpu2, wall2 = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()

    def child(a, b) -> float:
        return (b.ru_utime - a.ru_utime) + (b.ru_stime - a.ru_stime)

    print(f"\nprinting {len(jobs)} files: one browser {wall1 - wall0:.1f} s wall, "
          f"{child(cpu0, cpu1):.1f} s CPU; one start per file {wall2 - wall1:.1f} s wall, "
          f"{child(cpu1, cpu2):.1f} s CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=8)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--styles", default=",".join(STYLES))
    parser.add_argument("--wrong", action="store_true", help="print every wrong cell")
    parser.add_argument("--no-text-layers", action="store_true")
    parser.add_argument("--render", type=int, default=0, metavar="K")
    args = parser.parse_args()
    specs = [s for s in generate_reports(args.n, args.seed) if not s.layout.tables_as_images]
    styles = args.styles.split(",")
    jobs = [(spec, style) for spec in specs for style in styles]
    started = time.monotonic()
    pdfs = render_chromium_pdfs(jobs)
    print(f"{len(specs)} generated reports (seed {args.seed}), {len(pdfs)} PDFs printed by "
          f"Chromium in {time.monotonic() - started:.1f} s (cached ones read from disk)")
    totals: dict = {}
    tables: dict = {}
    errors: dict = {}
    layers: dict = {}
    layer_errors: dict = {}
    cpu = 0.0
    for (spec, style), pdf in zip(jobs, pdfs):
        name = f"{spec.slug}.chromium-{style}.pdf"
        report, spent = timed_extract(pdf, name, style, errors)
        cpu += spent
        if report is None:
            continue
        per_table, wrongs = score_tables(report, spec)
        add(totals, style, per_table, tables)
        if args.wrong:
            for line in wrongs:
                print(f"wrong: {style} {line}")
        for form in [] if args.no_text_layers else TEXT_LAYER_FORMS:
            text = pdf_text_layer(pdf, form)
            try:
                read = extract_bytes(text.encode("utf-8"), path=f"{name}.{form}.txt", ocr=False)
            except ExtractError as exc:
                layer_errors[form] = layer_errors.get(form, 0) + 1
                print(f"error: {exc}")
                continue
            add(layers, form, score_tables(read, spec)[0])
            add(layers, f"{form} · {style}", score_tables(read, spec)[0])
    print_totals("style", totals, errors)
    print_tables_below_full("style", tables)
    if layers:
        print("\ntext layers of the same PDFs through the text reader:")
        print_totals("text layer", {k: v for k, v in layers.items() if "·" not in k}, layer_errors)
        print("\nper text layer and style:")
        print_totals("text layer · style", {k: v for k, v in layers.items() if "·" in k}, {})
    n_read = sum(t[3] for t in totals.values())
    print(f"\nPDFs read: {n_read / max(cpu, 1e-9):.2f} per CPU second ({n_read} PDFs, {cpu:.1f} s)")
    if args.render:
        render_cost(specs, args.render)
    print(f"load average: {open('/proc/loadavg').read().strip()}")


if __name__ == "__main__":
    main()
