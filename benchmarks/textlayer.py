"""Cells right / wrong / missing per text form, on text layers of generated reports.

Each generated report is rendered to PDF (DOCX through LibreOffice) and its text layer printed
by the real tools (pdftotext with and without -layout, pdfplumber, pypdf), once as printed and
once with page footers between the rows; plus a broken-pipe Markdown conversion. Every text is
read by ``xxgk extract``'s path (``extract_bytes``) and its cells compared with the truth.

    .venv/bin/python benchmarks/textlayer.py [-n 12] [--seed 3]

Prints one row per form and the text layers read per second.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.extract import extract_bytes  # noqa: E402
from replica.content import convert_all  # noqa: E402
from replica.generate import generate_reports  # noqa: E402
from replica.render import render_docx  # noqa: E402
from replica.render.textlayer import (TEXT_LAYER_FORMS, pdf_text_layer,  # noqa: E402
                                      render_markdown, with_page_furniture)
from replica.render.textlayer_pdf import render_drawn_pdf  # noqa: E402

FORMS = (*TEXT_LAYER_FORMS, *(f"{f}+footers" for f in TEXT_LAYER_FORMS), "markdown",
         "drawn:pdftotext", "drawn:pdftotext-layout")


def text_forms(specs, forms=FORMS) -> list[tuple[str, object, str]]:
    """(form, spec, text) for every spec in every form; PDFs converted in one soffice call."""
    pdfs = convert_all({s.slug: render_docx(s) for s in specs}, "pdf")
    out = []
    for n, spec in enumerate(specs):
        for form in forms:
            if form == "markdown":
                out.append((form, spec, render_markdown(spec, seed=n)))
            elif form.startswith("drawn:"):  # tables drawn with another cell geometry
                text = pdf_text_layer(render_drawn_pdf(spec, seed=n), form.split(":")[1])
                out.append((form, spec, text))
            elif spec.slug in pdfs:
                tool = form.split("+")[0]
                text = pdf_text_layer(pdfs[spec.slug], tool)
                if form.endswith("+footers"):
                    text = with_page_furniture(text, seed=n)
                out.append((form, spec, text))
    return out


def score(report, spec) -> tuple[int, int, int, list[str]]:
    """(right, wrong, missing, descriptions of wrong cells) of a report against its spec."""
    per_table, wrongs = score_tables(report, spec)
    return (*(sum(c[k] for c in per_table.values()) for k in range(3)), wrongs)


def score_tables(report, spec) -> tuple[dict[str, list[int]], list[str]]:
    """({table id: [right, wrong, missing]}, descriptions of wrong cells) of a report."""
    per_table: dict[str, list[int]] = {}
    wrongs = []
    for table_id, rows in spec.expected_tables().items():
        counts = per_table.setdefault(table_id, [0, 0, 0])
        for row, cols in rows.items():
            for col, (value, semantic) in cols.items():
                cell = report.cell(table_id, row, col)
                if cell is None or cell.semantic == "missing":
                    counts[2] += 1
                elif cell.value == value and cell.semantic == semantic:
                    counts[0] += 1
                else:
                    counts[1] += 1
                    wrongs.append(f"{spec.slug} {table_id}.{row}.{col}: {cell.raw!r} "
                                  f"for {value!r}")
    return per_table, wrongs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=12)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    specs = [s for s in generate_reports(args.n, args.seed) if not s.layout.tables_as_images]
    texts = text_forms(specs)
    totals: dict[str, list[int]] = {}
    tables: dict[tuple[str, str], list[int]] = {}
    started = time.process_time()
    for form, spec, text in texts:
        report = extract_bytes(text.encode("utf-8"), path=f"{spec.slug}.txt", ocr=False)
        per_table, wrongs = score_tables(report, spec)
        t = totals.setdefault(form, [0, 0, 0, 0])
        for table_id, counts in per_table.items():
            for k in range(3):
                t[k] += counts[k]
            cells = tables.setdefault((form, table_id), [0, 0, 0])
            for k in range(3):
                cells[k] += counts[k]
        t[3] += 1
        for line in wrongs:
            print("wrong:", form, line)
    cpu = time.process_time() - started
    print(f"{len(specs)} generated reports (seed {args.seed}), {len(texts)} texts")
    print("| form | texts | cells | right | wrong | missing (flagged) | right % |")
    print("|---|---|---|---|---|---|---|")
    for form, (r, w, m, n) in totals.items():
        cells = r + w + m
        print(f"| {form} | {n} | {cells} | {r} | {w} | {m} | {100 * r / cells:.1f} |")
    print("\nper table, forms below 100 %:")
    print("| form | table | cells | right | wrong | missing (flagged) | right % |")
    print("|---|---|---|---|---|---|---|")
    for (form, table_id), (r, w, m) in tables.items():
        if totals[form][0] != sum(totals[form][:3]):
            print(f"| {form} | {table_id} | {r + w + m} | {r} | {w} | {m} | "
                  f"{100 * r / max(r + w + m, 1):.1f} |")
    print(f"text layers read: {len(texts) / cpu:.1f} per CPU second")


if __name__ == "__main__":
    main()
