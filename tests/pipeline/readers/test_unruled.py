"""Unruled PDFs (tables printed without any border, as WPS/Word exports often are): the
statistics tables are read from word positions, whatever the font and the cell alignment."""

from __future__ import annotations

import pytest

from pipeline import template as T
from pipeline.extract import extract_bytes
from pipeline.tables.normalize import parse_cell
from replica.render.layout_office import render_docx, soffice_convert_many
from replica.render.layouts import layout_truth, report_layouts, score_report as score

#: (seed, table 三 variant, font, centred cells) — Word/LibreOffice flush left, WPS centred
VARIANTS = [(51, "2021", None, False), (52, "2019", None, True),
            (53, "2021", "WenQuanYi Zen Hei Mono", True), (54, "2019", "WenQuanYi Zen Hei Sharp", False)]


@pytest.fixture(scope="module")
def unruled_pdfs():
    docx = [render_docx(report_layouts(seed, variant), filler_lines=25, ruled=False, font=font,
                        centred=centred) for seed, variant, font, centred in VARIANTS]
    return [(report_layouts(seed, variant), pdf) for (seed, variant, _, _), pdf
            in zip(VARIANTS, soffice_convert_many(docx, ".docx", "pdf"))]


def test_unruled_tables_are_read_by_position(unruled_pdfs):
    right = total = 0
    for i, (layouts, pdf) in enumerate(unruled_pdfs):
        report = extract_bytes(pdf, path=f"unruled{i}.pdf", ocr=False)
        r, wrong, missing = score(report, layout_truth(layouts))
        assert wrong == [], (VARIANTS[i], wrong[:5])
        right, total = right + r, total + r + len(missing)
    assert right / total >= 0.995, right / total


def test_table_three_crosses_the_page_break(unruled_pdfs):
    """Header on one page, rows on the next two: one grid, every row of the template."""
    from pipeline.readers.pdf import read_pdf
    layouts, pdf = unruled_pdfs[0]
    grids = [g for g in read_pdf(pdf).tables() if "申请人情况" in g.text()]
    assert len(grids) == 1
    grid = grids[0]
    # header rows, then exactly one row per template row; 7 value columns right of the labels
    rows = T.application_rows("2021")
    data = [r for r in range(grid.n_rows) if grid.rows[r][-1].text.isdigit()]
    assert len(data) == len(rows)
    assert grid.rows[data[0]][-1].text == layouts[1].cells[2][-1]
    assert grid.rows[data[-1]][-1].text == layouts[1].cells[-1][-1]
    assert sum(1 for c in grid.rows[data[0]] if c.text.isdigit()) == 7


def test_blank_cells_stay_blank():
    """A column with no number on a row is a blank cell, never the neighbour's number."""
    from pipeline.readers.pdf_positions import Word, build_grid
    size = 8.0

    def w(text, x0, top):
        return Word(text, x0, x0 + size * len(text) * (0.6 if text.isdigit() else 1), top, size)

    lines = [[w("甲", 10, 0), w("乙", 60, 0), w("丙", 100, 0)],
             [w("一、行", 10, 20), w("12", 60, 20), w("3", 100, 20)],
             [w("二、行", 10, 40), w("7", 100, 40)]]
    grid = build_grid(lines, "t")
    assert [c.text for c in grid.rows[-1]] == ["二、行", "", "7"]
    assert [c.text for c in grid.rows[0]] == ["甲", "乙", "丙"]


def test_readings_agree_on_generated_pdfs(unruled_pdfs, pdfs):
    """The positional (unruled) and ruled readings and the text-layer reconstructor read the
    same cells: no cross-check warning, and the text layer really was read."""
    from pipeline.readers.pdf import read_pdf
    from pipeline.tables.textlayer import reconstruct
    for i, (_, pdf) in enumerate(unruled_pdfs[:2] + pdfs[:1]):
        report = extract_bytes(pdf, path=f"agree{i}.pdf", ocr=False)
        assert [w for w in report.warnings if w.startswith("cross-check")] == []
        second = reconstruct(read_pdf(pdf).text_layer)
        read = sum(c.semantic != "missing" for t in second for r in t.table.values()
                   for c in r.values())
        assert read >= 150, read


def test_a_disagreement_is_a_warning_on_the_cell(unruled_pdfs):
    """Table reading of one report, text layer of another: every cell whose printed numbers
    differ is named, with both readings, and the table reading is kept."""
    from pipeline.tables.crosscheck import cross_check
    from pipeline.readers.pdf import read_pdf
    from pipeline.tables import find_tables
    (layouts_a, pdf_a), (layouts_b, pdf_b) = unruled_pdfs[0], unruled_pdfs[2]  # both 2021
    doc = read_pdf(pdf_a)
    doc.text_layer = read_pdf(pdf_b).text_layer
    found = find_tables(doc)
    warnings = cross_check(doc, found)
    truth_a, truth_b = layout_truth(layouts_a), layout_truth(layouts_b)
    differ = {f"{t}.{r}.{c}" for t, rows in truth_a.items() for r, cols in rows.items()
              for c, raw in cols.items()
              if parse_cell(raw).value != parse_cell(truth_b[t][r][c]).value}
    named = {w.split(":")[0].removeprefix("cross-check ") for w in warnings}
    assert differ and named == differ
    sample = next(w for w in warnings if w.startswith(f"cross-check {T.APPLICATIONS}."))
    assert "pdf:p" in sample and "text:line" in sample and "\n" not in sample
    table = next(f for f in found if f.table_id == T.APPLICATIONS).table
    assert table["granted"]["total"].raw == truth_a[T.APPLICATIONS]["granted"]["total"]


def test_xxgk_fixtures_writes_pdf_forms_with_truth(tmp_path):
    import json

    from click.testing import CliRunner

    from pipeline.model import Report
    from xxgk.commands.fixtures import fixtures
    result = CliRunner().invoke(fixtures, [str(tmp_path), "--no-seeds", "--pdf-layouts", "1"])
    assert result.exit_code == 0, result.output
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert [p.name.split("-", 2)[2] for p in pdfs] == [
        "ruled.pdf", "unruled-centred.pdf", "unruled-mono.pdf", "unruled.pdf"]
    for pdf in pdfs:
        truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))["tables"]
        report: Report = extract_bytes(pdf.read_bytes(), path=pdf.name, ocr=False)
        right, wrong, missing = score(report, truth)
        assert wrong == [] and right / (right + len(missing)) >= 0.995, pdf.name


@pytest.mark.parametrize("degrees", [90, 270])
def test_rotated_pages_are_turned_upright(unruled_pdfs, degrees):
    from replica.render.layout_office import with_rotation
    layouts, pdf = unruled_pdfs[1]
    report = extract_bytes(with_rotation(pdf, degrees), path="turned.pdf", ocr=False)
    right, wrong, missing = score(report, layout_truth(layouts))
    assert wrong == [] and missing == [] and right > 150
    assert any("turned upright" in w for w in report.warnings)
