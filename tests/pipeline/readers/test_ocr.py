"""Tables that are pictures: Chromium-rendered PNGs, image-only PDF pages, pictures in DOCX."""

from __future__ import annotations


import pytest

from pipeline import template as T
from pipeline.document import ImageBlock
from pipeline.readers import ReadError
from pipeline.evidence import FoundTable
from pipeline.ocr import DASH, ocr_document
from pipeline.ocr.review import arithmetic_failures, flag_for_review
from pipeline.readers.image import read_image
from pipeline.readers.pdf import read_pdf
from replica.render import layout_office as render, layout_pictures as pictures
from replica.render.layouts import report_layouts
from tests.pipeline.readers.scoring import (accuracy, applications_table, grid_for, review_table,
                                  wrong_cells)


def _table_for(layout, grid):
    if layout.name.startswith("applications"):
        variant = layout.name.split("_")[1]
        return "applications", applications_table(grid, variant), variant
    return "review_litigation", review_table(grid), None


def _assert_trustworthy(pairs):
    """≥ 98 % of cells right; every wrong number sits in a table flagged for review."""
    right = total = 0
    for layout, grid in pairs:
        n = sum(len(r) for r in layout.cells)
        right += round(accuracy(grid, layout) * n)
        total += n
        table_id, table, variant = _table_for(layout, grid)
        found = FoundTable(table_id, 0, table, variant=variant, method="ocr")
        flag_for_review(found)
        wrong_numbers = [w for w in wrong_cells(grid, layout) if w[3].isdigit() or w[3] == DASH]
        if not found.needs_review:
            assert wrong_numbers == [], f"{layout.name}: wrong cells without a review flag"
        for cell in (c for row in grid.rows for c in row if c.text):
            assert cell.confidence is not None and 0 < cell.confidence <= 1
            assert cell.locator.startswith("ocr:image") and "@" in cell.locator
    assert right / total >= 0.98, right / total


@pytest.fixture(scope="session")
def ocr_pngs(table_pngs):
    return [(layout, ocr_document(read_image(png))) for layout, png in table_pngs]


def test_rendered_png_tables(ocr_pngs):
    pairs = []
    for layout, doc in ocr_pngs:
        assert doc.source_kind == "ocr" and isinstance(doc.blocks[0], ImageBlock)
        pairs.append((layout, grid_for(doc.tables(), layout)))
    _assert_trustworthy(pairs)


def test_dash_is_na_never_one():
    layout = report_layouts(31)[2]
    for c in (1, 3, 8):
        layout.cells[3][c] = "—"
    doc = ocr_document(read_image(pictures.screenshot_html(pictures.layout_html(layout), 1600)))
    grid = grid_for(doc.tables(), layout)
    assert [grid.rows[3][c].text for c in (1, 3, 8)] == [DASH] * 3
    assert review_table(grid)["review"]["corrected"].semantic == "na"


def test_image_only_pdf(pdfs, tmp_path_factory):
    """Page 1 of a short report, rasterised (pdftoppm) and put back as a picture-only PDF."""
    layouts = report_layouts(41)
    short = render.render_docx([layouts[0], layouts[2]], filler_lines=0)
    scanned = pictures.rasterise_pdf(render.soffice_convert(short, ".docx", "pdf"), dpi=200)
    doc = read_pdf(scanned)
    assert doc.tables() == [] and doc.images() and doc.images()[0].locator == "pdf:p1"
    read = ocr_document(doc)
    review = grid_for(read.tables(), layouts[2])
    _assert_trustworthy([(layouts[2], review)])
    active = grid_for(read.tables(), layouts[0])
    assert accuracy(active, layouts[0]) >= 0.98
    headings = [b.text for b in read.paragraphs()]
    assert any("主动公开政府信息情况" in h for h in headings)


def test_misread_digit_is_flagged(ocr_pngs):
    layout, doc = ocr_pngs[0]
    grid = grid_for(doc.tables(), layout)
    table = applications_table(grid, "2021")
    assert arithmetic_failures("applications", table, "2021") == []
    cell = table["granted"]["natural_person"]
    cell.value = cell.value + 3  # what a 6/9 confusion does
    found = FoundTable("applications", 0, table, variant="2021", method="ocr")
    warnings = flag_for_review(found)
    assert found.needs_review and any("granted row" in w for w in warnings)
    markup = FoundTable("applications", 0, table, variant="2021", method="grid")
    assert flag_for_review(markup) == [] and not markup.needs_review


def test_ocr_off_and_bad_pictures(table_pngs):
    doc = read_image(table_pngs[0][1], ocr=False)
    assert doc.tables() == [] and "OCR is off" in doc.warnings[0]
    with pytest.raises(ReadError, match=r"^unreadable image"):
        read_image(b"\x89PNG\r\n\x1a\nbroken")


def test_inline_picture_of_an_html_page(table_pngs):
    """An article page whose table 四 is an <img>: bytes come from the archive (resolver)."""
    from pipeline.extract import extract_bytes
    layout, png = table_pngs[2]
    page = ("<html><head><meta charset='utf-8'><title>2024年政府信息公开工作年度报告</title></head>"
            "<body><p>四、政府信息公开行政复议、行政诉讼情况</p>"
            "<p><img src='/picture/0/table4.png'></p></body></html>").encode("utf-8")
    asked = []

    def resolver(url: str) -> bytes | None:
        asked.append(url)
        return png if url.endswith("table4.png") else None

    report = extract_bytes(page, url="http://www.example.gov.cn/art/2025/1/1/art_1_1.html",
                           image_resolver=resolver)
    assert asked and asked[0].endswith("/picture/0/table4.png")
    table = report.tables["review_litigation"]
    printed = {row.key: {col: int(layout.cells[3][5 * i + j])
                         for j, col in enumerate(T.REVIEW_COLUMN_KEYS)}
               for i, row in enumerate(T.REVIEW_ROWS)}
    read = {r: {c: cell.value for c, cell in cols.items()} for r, cols in table.items()}
    if not any("needs review" in w for w in report.warnings):
        assert read == printed
    assert all(cell.locator.startswith("ocr:image1/") for row in table.values()
               for cell in row.values())
