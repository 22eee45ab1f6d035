"""The PDF reader on reports drawn by another producer (``replica.render.textlayer_pdf``):
random cell geometry, page breaks inside tables, and rulings drawn or not."""

from __future__ import annotations

import pytest

from benchmarks.textlayer import score_tables
from pipeline import template as T
from pipeline.extract import extract_bytes
from pipeline.readers.pdf_grid import build_fragment
from pipeline.readers.pdf_join import join_pages
from replica.generate import generate_reports
from replica.render.grid import anchors, table_grids
from replica.render.textlayer_pdf import render_drawn_pdf


@pytest.fixture(scope="module")
def specs():
    return [s for s in generate_reports(8, 3) if not s.layout.tables_as_images]


def _fragment(rows, keep: list[int], page: int):
    """The printed rows ``keep`` of a table grid as ruled cell boxes on one page: 30 pt columns,
    12 pt rows (a spanning cell ends with the last of its rows kept)."""
    cells, texts = [], []
    for y, r in enumerate(keep):
        for c, cell in anchors(rows)[r]:
            span = next((k for k in range(1, cell.rowspan + 1) if r + k - 1 not in keep), None)
            height = (span - 1 if span else cell.rowspan) * 12
            cells.append((30.0 * c, 60.0 + 12 * y, 30.0 * (c + cell.colspan), 60.0 + 12 * y + height))
            texts.append(cell.text)
    return build_fragment(cells, texts, page, 1)


@pytest.mark.parametrize("repeat_header", [True, False])
def test_a_header_left_at_the_foot_of_a_page_is_not_glued_to_the_numbers(specs, repeat_header):
    # table 四's row has no label: a page break between its header and its numbers left the
    # numbers glued into the header cells as if the row had been cut by the page
    spec = next(s for s in specs if any(v for cols in s.tables[T.REVIEW].values()
                                        for v in cols.values()))
    rows = table_grids(spec, T.REVIEW)[0]
    header = [r for r, placed in enumerate(anchors(rows))
              if all(cell.kind != "value" for _, cell in placed)]
    values = len(rows) - 1
    head = _fragment(rows, header, 1)
    tail = _fragment(rows, header + [values] if repeat_header else [values], 2)
    (block,) = join_pages([[head], [tail]], {})
    grid = block.grid
    printed = [cell.text for _, cell in anchors(rows)[values]]
    assert grid.n_rows == len(header) + 1
    assert [grid.rows[-1][c].text for c in range(grid.n_cols)] == printed
    assert all(not grid.rows[len(header) - 1][c].text[-1].isdigit() for c in range(grid.n_cols))


def test_drawn_ruled_reports_read_every_cell(specs):
    # each geometry seed draws other widths, heights, fonts, alignment and page breaks
    for n, spec in enumerate(specs):
        report = extract_bytes(render_drawn_pdf(spec, seed=n), path=f"{spec.slug}.pdf", ocr=False)
        per_table, wrongs = score_tables(report, spec)
        assert wrongs == [], spec.slug
        assert all(missing == 0 for _, _, missing in per_table.values()), (spec.slug, per_table)


def test_xxgk_fixtures_writes_drawn_pdfs_in_every_ruling_form(tmp_path):
    import json

    from click.testing import CliRunner

    from xxgk.commands.fixtures import fixtures
    result = CliRunner().invoke(fixtures, [str(tmp_path), "--no-seeds", "--drawn-pdfs", "1"])
    assert result.exit_code == 0, result.output
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert [p.name.split(".drawn-")[1] for p in pdfs] == [
        "frame.pdf", "grid.pdf", "horizontal.pdf", "none.pdf"]
    truth = json.loads((tmp_path / f"{pdfs[0].name.split('.drawn-')[0]}.truth.json")
                       .read_text(encoding="utf-8"))["tables"]
    for pdf in pdfs:
        report = extract_bytes(pdf.read_bytes(), path=pdf.name, ocr=False)
        for table_id, rows in truth.items():
            for row, cols in rows.items():
                for col, expected in cols.items():
                    cell = report.cell(table_id, row, col)
                    if cell is not None and cell.semantic != "missing":
                        assert (cell.value, cell.semantic) == (
                            expected["value"], expected["semantic"]), (pdf.name, row, col)
    assert set(json.loads((tmp_path / "manifest.json").read_text())) == {p.name for p in pdfs}
