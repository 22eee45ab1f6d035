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


def _fragment(rows, keep: list[int], page: int, moved: dict[int, float] | None = None):
    """The printed rows ``keep`` of a table grid as ruled cell boxes on one page: 30 pt columns
    (the rulings in ``moved`` shifted by so many points), 12 pt rows (a spanning cell ends with
    the last of its rows kept)."""
    def x(c: int) -> float:
        return 30.0 * c + (moved or {}).get(c, 0.0)

    cells, texts = [], []
    for y, r in enumerate(keep):
        for c, cell in anchors(rows)[r]:
            span = next((k for k in range(1, cell.rowspan + 1) if r + k - 1 not in keep), None)
            height = (span - 1 if span else cell.rowspan) * 12
            cells.append((x(c), 60.0 + 12 * y, x(c + cell.colspan), 60.0 + 12 * y + height))
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


def test_a_ruling_snapped_apart_on_two_pages_is_one_column_edge(specs):
    # table 三's header alone at a page's foot, repeated over the body on the next page; one
    # ruling of the header stands 2.2 pt apart on the first page (pdfplumber snaps a page's
    # lines with the other tables' on it): the header's cells came out doubled
    spec = specs[0]
    rows = table_grids(spec, T.APPLICATIONS)[0]
    header = [r for r, placed in enumerate(anchors(rows))
              if all(cell.kind != "value" for _, cell in placed)]
    leaves = anchors(rows)[header[-1]]
    leaf = leaves[len(leaves) // 2][0]  # the ruling left of a middle leaf (社会公益组织 …)
    head = _fragment(rows, header, 1, moved={leaf: 2.2})
    tail = _fragment(rows, list(range(len(rows))), 2)
    (block,) = join_pages([[head], [tail]], {})
    grid = block.grid
    assert grid.n_rows == len(rows)
    assert all(grid.rows[r][c].text == tail.grid.rows[r][c].text
               for r in range(len(rows)) for c in range(grid.n_cols))


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


def test_a_header_wrapped_one_character_a_line_spans_no_neighbour():
    # table 四's 行政复议 group in an unruled table, cells centred vertically: 结果维持 set
    # one character a line starts above its one-line neighbours, which made 结 a header
    # spanning them (and 果维持 a header of its own below it)
    from pipeline.readers.pdf_headers import Word, header_rows
    from pipeline.tables.common import header_paths
    from pipeline.document import Grid
    size, width = 10.0, 40.0
    cols = [(width * i + 15, width * i + 25) for i in range(len(T.REVIEW_COLUMNS))]
    leaves = [c.label for c in T.REVIEW_COLUMNS]
    words = [[Word(T.REVIEW_GROUP, 80, 80 + 4 * size, 0, size)]]
    for k, ch in enumerate(leaves[0]):  # the leaves' row from 25 to 85, text centred in it
        line = [Word(ch, 15, 25, 30 + 12.5 * k, size)]
        if k == 1:  # the other leaves, one line each, level with 果
            line += [Word(text, width * i + 20 - len(text) * size / 2,
                          width * i + 20 + len(text) * size / 2, 42.5, size)
                     for i, text in enumerate(leaves) if i]
        words.append(line)
    rows = header_rows(words, cols, zone=10.0, n_label=1, locator="t")
    paths = header_paths(Grid(rows, "t"), range(len(rows)))
    assert paths[1:] == [[T.REVIEW_GROUP, leaf] for leaf in leaves]


def test_table_four_columns_by_the_template_where_its_group_spans_are_misread():
    from pipeline.tables.review import _ORDER, _template_keys
    groups = {"review": [T.REVIEW_GROUP],
              "lawsuit_direct": [T.LITIGATION_GROUP, T.REVIEW_ROWS[1].label],
              "lawsuit_after_review": [T.LITIGATION_GROUP, T.REVIEW_ROWS[2].label]}
    leaves = {c.key: c.label for c in T.REVIEW_COLUMNS}
    true_paths = [groups[r] + [leaves[c]] for r, c in _ORDER]
    # 未经复议直接起诉 centred one column too far right, 复议后起诉 one short: the last column
    # has only 行政诉讼 above its leaf
    misread = [list(p) for p in true_paths]
    misread[10] = groups["lawsuit_direct"] + [leaves["upheld"]]
    misread[14] = [T.LITIGATION_GROUP, leaves["total"]]
    assert _template_keys([[]] + misread) == [None] + list(_ORDER)
    # 行政复议 centred too wide, over the first litigation columns
    wide = [list(p) for p in true_paths]
    for c in (5, 6):
        wide[c] = groups["review"] + [wide[c][-1]]
    assert _template_keys(wide) == list(_ORDER)
    # what the template cannot settle stays unread
    swapped = [list(p) for p in misread]
    swapped[0][-1], swapped[1][-1] = swapped[1][-1], swapped[0][-1]
    assert _template_keys(swapped) is None
    backwards = [list(p) for p in misread]
    backwards[5] = groups["lawsuit_after_review"] + [leaves["upheld"]]
    backwards[12] = groups["lawsuit_direct"] + [leaves["other"]]
    assert _template_keys(backwards) is None
    assert _template_keys(misread[:14]) is None


def test_drawn_unruled_reports_read_no_wrong_cell(specs):
    review_right = 0
    for n, spec in enumerate(specs):
        for rulings in ("none", "frame", "horizontal"):
            pdf = render_drawn_pdf(spec, seed=n, rulings=rulings)
            report = extract_bytes(pdf, path=f"{spec.slug}.pdf", ocr=False)
            per_table, wrongs = score_tables(report, spec)
            assert wrongs == [], (spec.slug, rulings)
            review_right += per_table[T.REVIEW][0] if rulings == "none" else 0
    # table 四 of most geometries (none of them before its header was read by the template)
    assert review_right >= 15 * len(specs) // 2


def test_a_header_one_character_a_line_beside_a_spanning_header_stays_one_header():
    # 自然人 set one character a line beside 法人或其他组织: 然 has nothing beside it but
    # headers below, like a header spanning its neighbours, yet it goes on with 自
    from pipeline.readers.pdf_headers import Word, header_rows
    from pipeline.tables.applications import column_key
    from pipeline.tables.common import header_paths
    from pipeline.document import Grid
    size, width = 10.0, 40.0
    leaves = [c.label for c in T.APPLICATION_COLUMNS]
    cols = [(width * i + 15, width * i + 25) for i in range(len(leaves))]

    def centred(text, i0, i1, top):
        mid = width * (i0 + i1) / 2 + 20
        return Word(text, mid - len(text) * size / 2, mid + len(text) * size / 2, top, size)

    words = [[centred(T.APPLICATIONS_HEADER, 0, 6, 0)]]
    for k, ch in enumerate(leaves[0]):
        line = [Word(ch, 15, 25, 20 + 12.5 * k, size)]
        if k == 0:
            line += [centred(T.APPLICANT_GROUP, 1, 5, 20)]
        if k == 1:
            line += [centred(leaves[-1], 6, 6, 32.5)]
        if k == 2:
            line += [centred(text, i, i, 45) for i, text in enumerate(leaves[1:-1], start=1)]
        words.append(line)
    rows = header_rows(words, cols, zone=10.0, n_label=1, locator="t")
    keys = [column_key(p) for p in header_paths(Grid(rows, "t"), range(len(rows)))]
    assert keys[1:] == [c.key for c in T.APPLICATION_COLUMNS]
