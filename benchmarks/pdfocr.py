"""Benchmark of the PDF, DOC/WPS and OCR paths: PDFs/s (text and ruled), s per OCR'd table,
s per DOC conversion, peak memory of each phase.

    .venv/bin/python benchmarks/pdfocr.py [n_reports]

Inputs are generated (fixtures generator → DOCX → LibreOffice → PDF/DOC; tables as PNG
pictures); LibreOffice time to *make* them is not measured. Each phase runs in a child process
so its peak RSS is its own.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _inputs(n: int) -> dict[str, list[bytes]]:
    from replica.generate import generate_reports
    from replica.render import render_docx, render_table_png, render_text
    from replica.render.layout_office import soffice_convert_many

    specs = generate_reports(n, seed=3, broken_share=0.0)
    docx = [render_docx(s) for s in specs]
    texts = [render_text(s).encode("utf-8") for s in specs]
    return {
        "ruled": soffice_convert_many(docx, ".docx", "pdf"),
        "text": soffice_convert_many(texts, ".txt", "pdf"),
        "doc": soffice_convert_many(docx[:3], ".docx", "doc"),
        "png": [render_table_png(specs[0], t) for t in specs[0].tables],
    }


def _phase(name: str, items: list[bytes], out) -> None:
    from pipeline.extract import extract_bytes
    from pipeline.ocr import engine, ocr_document
    from pipeline.readers.image import read_image
    from pipeline.readers.pdf import read_pdf

    if name == "png":
        engine()  # model loading is paid once per process, not per table
    start = time.perf_counter()
    cells = 0
    for data in items:
        if name in ("ruled", "text"):
            read_pdf(data)
        elif name.startswith("extract-"):
            report = extract_bytes(data, ocr=False)
            cells += sum(len(r) for t in report.tables.values() for r in t.values())
        elif name == "doc":
            extract_bytes(data)
        else:
            doc = ocr_document(read_image(data))
            cells += sum(g.n_rows * g.n_cols for g in doc.tables())
    elapsed = time.perf_counter() - start
    out.put((elapsed, cells, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def run(name: str, items: list[bytes]) -> tuple[float, int, float]:
    queue: mp.Queue = mp.get_context("fork").Queue()
    proc = mp.get_context("fork").Process(target=_phase, args=(name, items, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    inputs = _inputs(n)
    rows = []
    for name, items, unit in [
        ("ruled", inputs["ruled"], "PDF"), ("text", inputs["text"], "PDF"),
        ("extract-ruled", inputs["ruled"], "PDF"), ("extract-text", inputs["text"], "PDF"),
        ("doc", inputs["doc"], "DOC"), ("png", inputs["png"], "table"),
    ]:
        source = inputs["ruled"] if name == "extract-ruled" else items
        elapsed, _, peak = run(name, source)
        rows.append((name, len(source), unit, elapsed, peak))
    print("| phase | inputs | per second | seconds each | peak RSS MiB |")
    print("|---|---|---|---|---|")
    for name, count, unit, elapsed, peak in rows:
        print(f"| {name} | {count} {unit} | {count / elapsed:.2f} | {elapsed / count:.3f} "
              f"| {peak:.0f} |")
    sizes = [len(p) for p in inputs["ruled"]]
    print(f"\nruled PDFs: {statistics.mean(sizes) / 1024:.0f} KiB mean, "
          f"{n} reports of 3–6 pages")


if __name__ == "__main__":
    main()
