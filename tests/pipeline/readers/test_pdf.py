"""Ruled PDFs rendered by LibreOffice from generated DOCX reports."""

from __future__ import annotations

import io
import time

import pytest

from pipeline.document import Paragraph
from pipeline.readers import ReadError
from pipeline.readers.pdf import read_pdf
from pipeline.readers.pdf_grid import fold_radicals
from tests.pipeline.readers.scoring import accuracy, grid_for, wrong_cells


def test_pdf_tables_match_their_source(pdfs):
    total_right = total = 0
    for layouts, pdf in pdfs:
        doc = read_pdf(pdf)
        for layout in layouts:
            grid = grid_for(doc.tables(), layout)
            n = sum(len(r) for r in layout.cells)
            total += n
            total_right += round(accuracy(grid, layout) * n)
    assert total_right / total >= 0.995, total_right / total


def test_table_across_page_break_is_one_grid(pdfs):
    for layouts, pdf in pdfs:
        doc = read_pdf(pdf)
        grid = grid_for(doc.tables(), layouts[1])
        pages = {cell.locator.split("/")[0] for row in grid.rows for cell in row}
        assert len(pages) == 2, "table 三 is expected to straddle a page break"
        assert wrong_cells(grid, layouts[1]) == []
        # the merged labels continue over the break: one anchor cell, one span
        results = grid.rows[4][0]
        assert all(grid.rows[r][0] is results for r in range(4, grid.n_rows - 1))
        assert results.row == 4 and results.rowspan == grid.n_rows - 5
        denied = grid.rows[6][1]
        assert all(grid.rows[r][1] is denied for r in range(6, 14)) and denied.rowspan == 8


def test_spans_point_at_their_anchor(pdfs):
    layouts, pdf = pdfs[0]
    grid = grid_for(read_pdf(pdf).tables(), layouts[2])
    head = grid.at(0, 0)
    assert head.text == "行政复议" and head.colspan == 5
    assert all(grid.at(0, c) is head for c in range(5))
    assert grid.at(3, 0).locator.startswith("pdf:p") and "/r4/c1" in grid.at(3, 0).locator


def test_prose_in_reading_order(pdfs):
    layouts, pdf = pdfs[0]
    doc = read_pdf(pdf)
    headings = [b.text for b in doc.blocks if isinstance(b, Paragraph) and "、" in b.text[:3]]
    assert [h[:2] for h in headings][:6] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    kinds = [type(b).__name__ for b in doc.blocks]
    # each table right after its heading
    assert kinds.index("TableBlock") == kinds.index("Paragraph") + [
        b.text for b in doc.blocks if isinstance(b, Paragraph)].index(headings[1]) + 1


def test_kangxi_radicals_fold():
    assert fold_radicals("⼀、⼆") == "一、二"


def _fails_fast(data: bytes, name: str, reason: str) -> None:
    """Through the whole extraction: a one-line error naming the file, within seconds."""
    from pipeline.extract import ExtractError, extract_bytes
    start = time.monotonic()
    with pytest.raises(ExtractError) as err:
        extract_bytes(data, path=name)
    assert time.monotonic() - start < 10
    message = str(err.value)
    assert "\n" not in message and message.startswith(f"{name}: ") and reason in message


def test_encrypted_pdf(reports, tmp_path):
    import subprocess
    src = tmp_path / "enc.docx"
    src.write_bytes(reports[0][1])
    export = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
              '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/p",
                    "--convert-to", export, "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=180)
    _fails_fast((tmp_path / "enc.pdf").read_bytes(), "enc.pdf", "encrypted")


def test_corrupt_truncated_and_huge_pdfs(pdfs):
    pdf = pdfs[0][1]
    _fails_fast(pdf[: len(pdf) // 2], "cut.pdf", "truncated")
    _fails_fast(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n", "bad.pdf", "corrupt")
    import pypdfium2
    big = pypdfium2.PdfDocument.new()
    for _ in range(500):
        big.new_page(200, 200)
    out = io.BytesIO()
    big.save(out)
    _fails_fast(out.getvalue(), "big.pdf", "500 pages")


def test_time_budget(pdfs):
    with pytest.raises(ReadError, match="longer than"):
        read_pdf(pdfs[0][1], time_budget=0.0)
