"""Cells, titles, agencies and years per third-party converter, on generated reports.

Each generated report is rendered as it is published (DOCX, the portal page, its PDF through
LibreOffice or printed by Chromium) and turned into text or Markdown by real converters
(``replica.render.converters``: markitdown, mammoth, python-docx, LibreOffice's txt filter,
markdownify, html2text, pdfminer.six, mutool, Ghostscript's txtwrite). Every output is read by
``xxgk extract``'s path (``extract_bytes``, no OCR, under the file name the converter writes)
and compared with the report's truth.

    .venv/bin/python benchmarks/converters.py [-n 12] [--seed 3] [--pdf soffice,chromium]
        [--converters NAME,...] [--wrong]

Prints one row of cells per converter, one row of title / agency / year, and outputs read per
CPU second. An output the reader rejects is counted under ``errors`` (with its one-line reason).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.tally import add, print_tables_below_full, print_totals  # noqa: E402
from benchmarks.textlayer import score_tables  # noqa: E402
from pipeline.extract import ExtractError, extract_bytes  # noqa: E402
from replica.generate import generate_reports  # noqa: E402
from replica.render.converters import CONVERTERS, convert_reports  # noqa: E402


def _squash(text: str | None) -> str:
    return "".join((text or "").split())


def score_metadata(report, spec) -> dict[str, str]:
    """right / wrong / missing for the report's title, agency and year."""
    expected = {"title": _squash(spec.title), "agency": _squash(spec.agency.name),
                "year": spec.year}
    got = {"title": _squash(report.title) or None, "agency": _squash(report.agency) or None,
           "year": report.year}
    return {k: "missing" if got[k] is None else "right" if got[k] == expected[k] else "wrong"
            for k in expected}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=12)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--pdf", default="soffice,chromium",
                        help="PDF sources for the PDF converters (soffice, chromium)")
    parser.add_argument("--converters", default=",".join(CONVERTERS))
    parser.add_argument("--wrong", action="store_true", help="print every wrong cell and value")
    args = parser.parse_args()
    specs = [s for s in generate_reports(args.n, args.seed) if not s.layout.tables_as_images]
    names = [n for n in args.converters.split(",") if n]
    texts = convert_reports(specs, names, tuple(p for p in args.pdf.split(",") if p))
    totals: dict = {}
    tables: dict = {}
    errors: dict[str, int] = {}
    meta: dict[str, dict[str, list[int]]] = {}
    started = time.process_time()
    for spec, form, text in texts:
        name = form.split("@")[0]
        try:
            report = extract_bytes(text.encode("utf-8"), ocr=False,
                                   path=f"{spec.slug}.{CONVERTERS[name].ext}")
        except ExtractError as exc:
            errors[form] = errors.get(form, 0) + 1
            print(f"error: {form} {spec.slug}: {exc}")
            continue
        per_table, wrongs = score_tables(report, spec)
        add(totals, form, per_table, tables)
        for key, verdict in score_metadata(report, spec).items():
            counts = meta.setdefault(form, {}).setdefault(key, [0, 0, 0])
            counts[("right", "wrong", "missing").index(verdict)] += 1
            if args.wrong and verdict == "wrong":
                print(f"wrong {key}: {form} {spec.slug}: {getattr(report, key)!r}")
        if args.wrong:
            for line in wrongs:
                print("wrong:", form, line)
    cpu = time.process_time() - started
    print(f"{len(specs)} generated reports (seed {args.seed}), {len(texts)} converter outputs")
    print_totals("converter", totals, errors)
    print_tables_below_full("converter", tables)
    print("\n| converter | title right/wrong/missing | agency | year |")
    print("|---|---|---|---|")
    for form, counts in meta.items():
        print(f"| {form} | " + " | ".join("/".join(map(str, counts[k]))
                                          for k in ("title", "agency", "year")) + " |")
    print(f"converter outputs read: {len(texts) / max(cpu, 1e-9):.1f} per CPU second")


if __name__ == "__main__":
    main()
