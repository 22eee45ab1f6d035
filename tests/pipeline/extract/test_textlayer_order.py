"""pdftotext's reading order (no -layout) on table 二 and on label-matched rows: the rules of
``pipeline.tables.textlayer_captions`` and the one-line rule of ``textdoc``.

The layers are the real ``pdftotext`` run on PDFs drawn with random cell geometry
(``replica.render.textlayer_pdf``) and on LibreOffice PDFs of our DOCX, with every number made
unique so that a value placed in the wrong cell shows; and hand-built layers from generated
values for the cases a rule must refuse."""

from __future__ import annotations

import shutil

import pytest

from benchmarks.textlayer import score
from pipeline import template as T
from pipeline.extract import extract_bytes
from pipeline.tables.textlayer import reconstruct_with_warnings
from replica.generate import generate_reports
from replica.render.grid import format_value
from replica.render.textlayer import pdf_text_layer
from replica.render.textlayer_pdf import render_drawn_pdf, with_unique_numbers

needs_pdftotext = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils")


def _specs(n: int, seed: int):
    return [s for s in generate_reports(n, seed) if not s.layout.tables_as_images]


def _active_cells(found, spec) -> tuple[int, int]:
    """(right, wrong) table 二 cells of a reconstruction against the spec."""
    table = next((t.table for t in found if t.table_id == T.ACTIVE), {})
    right = wrong = 0
    for row, cols in spec.expected_tables()[T.ACTIVE].items():
        for col, (value, semantic) in cols.items():
            cell = table.get(row, {}).get(col)
            if cell is None or cell.semantic == "missing":
                continue
            if (cell.value, cell.semantic) == (value, semantic):
                right += 1
            else:
                wrong += 1
    return right, wrong


@needs_pdftotext
def test_drawn_geometries_place_table_two_only_where_certain():
    """Many cell geometries, unique numbers: nothing wrong, and the rules read most cells."""
    right = wrong = cells = 0
    for n, spec in enumerate(_specs(8, 5)):
        unique = with_unique_numbers(spec)
        for geometry in range(3):
            text = pdf_text_layer(render_drawn_pdf(unique, seed=100 * n + geometry), "pdftotext")
            found, warnings = reconstruct_with_warnings(text.split("\n"))
            r, w = _active_cells(found, unique)
            right, wrong, cells = right + r, wrong + w, cells + sum(
                len(c) for c in unique.expected_tables()[T.ACTIVE].values())
            if r:
                assert any("read from the printed reading order" in x for x in warnings)
    assert wrong == 0
    assert right > cells // 2, (right, cells)


@needs_pdftotext
def test_libreoffice_pdfs_read_one_column_sub_tables_of_table_two():
    """Our DOCX through LibreOffice: pdftotext prints (五)(六)(八) of the 2021 format after
    their caption and header; those cells are read, nothing is wrong."""
    from replica.content import convert_all
    from replica.render import render_docx
    specs = [with_unique_numbers(s) for s in _specs(6, 3) if s.format == "2021"][:3]
    pdfs = convert_all({s.slug: render_docx(s) for s in specs}, "pdf")
    read = 0
    for spec in specs:
        found, warnings = reconstruct_with_warnings(
            pdf_text_layer(pdfs[spec.slug], "pdftotext").split("\n"))
        right, wrong = _active_cells(found, spec)
        assert wrong == 0, warnings
        read += right
        assert right == 0 or any("one column" in w or "own cell order" in w for w in warnings)
    assert read >= 4 * len(specs)  # admin_licensing, penalty, coercion, fees in each


@needs_pdftotext
def test_drawn_geometries_have_no_wrong_cell_through_extract():
    """The whole path (matchers, reconstructor, cross-check) on drawn PDFs with generated
    values: label-matched rows whose values stand on lines of their own are not trusted."""
    for n, spec in enumerate(_specs(6, 3)):
        text = pdf_text_layer(render_drawn_pdf(spec, seed=n), "pdftotext")
        report = extract_bytes(text.encode(), path=f"{spec.slug}.txt", ocr=False)
        right, wrong, missing, wrongs = score(report, spec)
        assert wrong == 0, wrongs
        assert right > 0


def _spec(fmt: str):
    """A generated report of format ``fmt`` printing every row of table 二, numbers only."""
    rows = {r.key for r in T.active_rows(fmt)}
    return next(s for s in _specs(40, 11) if s.format == fmt and set(s.tables[T.ACTIVE]) == rows
                and all(isinstance(v, (int, float)) for cols in s.tables[T.ACTIVE].values()
                        for v in cols.values()))


def _caption(item: int) -> str:
    return T.ART20_CAPTION.format(item=T.ART20_ROMAN[item])


def _values(spec, rows, col=None) -> list[str]:
    table = spec.tables[T.ACTIVE]
    return [format_value(table[r][c]) for r in rows for c in ([col] if col else table[r])]


def test_one_column_sub_table_after_caption_and_header():
    spec = with_unique_numbers(_spec("2021"))
    lines = ["二、主动公开政府信息情况", _caption(6), "本年处理决定数量",
             *_values(spec, ["admin_penalty", "admin_coercion"]), _caption(8),
             "本年收费金额（单位：", "万元）", *_values(spec, ["admin_fees"]), ""]
    found, warnings = reconstruct_with_warnings(lines)
    table = next(t.table for t in found if t.table_id == T.ACTIVE)
    for row, col in (("admin_penalty", "decisions"), ("admin_coercion", "decisions"),
                     ("admin_fees", "amount_wan_yuan")):
        assert table[row][col].value == spec.tables[T.ACTIVE][row][col]
    assert table["rules"]["issued"].semantic == "missing"
    assert sum("one column" in w for w in warnings) == 2


def test_one_row_sub_table_each_value_after_its_header():
    spec = with_unique_numbers(_spec("2019"))
    a, b = _values(spec, ["central_procurement"])
    lines = ["二、主动公开政府信息情况", _caption(9), "信息内容", "政府集中采购", "", "采购项目数量", a,
             "", "采购总金额", b, "", "处理决定数量", "1", "2"]
    found, warnings = reconstruct_with_warnings(lines)
    table = next(t.table for t in found if t.table_id == T.ACTIVE)
    assert table["central_procurement"]["procurement_items"].raw == a
    assert table["central_procurement"]["procurement_amount"].raw == b
    assert any("one row" in w for w in warnings)


def test_sub_table_in_its_own_cell_order():
    spec = with_unique_numbers(_spec("2019"))
    rows = ["admin_licensing", "other_external_services"]
    lines = ["二、主动公开政府信息情况", _caption(5), "信息内容", "", "上一年项目数量", "", "本年增/减", "",
             "处理决定数量", ""]
    for row in rows:
        label = next(r.label for r in T.ACTIVE_ROWS_2019 if r.key == row)
        lines += [label[:5], label[5:], ""] + [x for v in _values(spec, [row]) for x in (v, "")]
    found, warnings = reconstruct_with_warnings(lines + [_caption(6)])
    table = next(t.table for t in found if t.table_id == T.ACTIVE)
    for row in rows:
        for col, value in spec.tables[T.ACTIVE][row].items():
            assert table[row][col].value == value
    assert any("own cell order" in w for w in warnings)


def test_a_stray_caption_before_a_wider_sub_table_is_not_read():
    """2019: (八)'s two headers begin (五)'s three. (八)'s caption printed just before (五)'s
    header-value flows must not give (五)'s values to (八)."""
    spec = with_unique_numbers(_spec("2019"))
    v = _values(spec, ["admin_licensing"])
    lines = ["二、主动公开政府信息情况", _caption(8), "上一年项目数量", v[0], "", "本年增/减", v[1], "",
             "处理决定数量", v[2]]
    found, warnings = reconstruct_with_warnings(lines)
    table = next(t.table for t in found if t.table_id == T.ACTIVE)
    assert all(c.semantic == "missing" for c in table["admin_fees"].values())


def test_a_caption_printed_twice_or_values_side_by_side_are_not_read():
    spec = with_unique_numbers(_spec("2021"))
    values = _values(spec, ["admin_penalty", "admin_coercion"])
    twice = ["二、主动公开政府信息情况", _caption(6), "本年处理决定数量", *values, _caption(6)]
    side = ["二、主动公开政府信息情况", _caption(1), "本年制发件数", "本年废止件数", "现行有效件数",
            *_values(spec, ["rules", "normative_docs"])[::-1]]
    for lines in (twice, side):
        found, _ = reconstruct_with_warnings(lines)
        table = next(t.table for t in found if t.table_id == T.ACTIVE)
        assert all(c.semantic == "missing" for cells in table.values() for c in cells.values())


def test_a_row_whose_values_stand_on_lines_of_their_own_is_not_matched():
    """After its label, a table 三 row printed one value per line in an order that is not its
    columns' (as pdftotext printed a drawn table): never read by the label matcher."""
    spec = next(s for s in _specs(30, 11) if s.variant == "2021" and len(
        set(s.tables[T.APPLICATIONS]["new_received"].values())) > 2)
    row = spec.tables[T.APPLICATIONS]["new_received"]
    printed = [format_value(row[c]) for c in T.APPLICATION_COLUMN_KEYS]
    printed[0], printed[1] = printed[1], printed[0]
    lines = [spec.agency.name, f"{spec.year} 年政府信息公开工作年度报告", "一、总体情况",
             "本年度受理政府信息公开申请 21 件。", "二、主动公开政府信息情况", "（略）",
             "三、收到和处理政府信息公开申请情况", "申请人情况", "自然人", "法人或其他组织", "总计",
             "一、本年新收政府信息公开申请数量", ""] + [x for v in printed for x in (v, "")]
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "（略）", "五、存在的主要问题及改进情况",
              "（略）", "六、其他需要报告的事项", "（略）"]
    report = extract_bytes("\n".join(lines).encode(), path="raw.txt", ocr=False)
    for col in T.APPLICATION_COLUMN_KEYS:
        cell = report.cell(T.APPLICATIONS, "new_received", col)
        assert cell is None or cell.semantic == "missing" or cell.value == row[col]
    assert any("lines of their own" in w for w in report.warnings)


def test_a_row_line_printed_after_the_rows_below_it_is_not_taken_in_line_order():
    """Each row's values on one line, but one row's line printed after the lines of the rows
    below it, its label joined to the next row's (pdftotext did so on a drawn table): the
    displaced rows are missing, never read in line order."""
    spec = next(s for s in _specs(30, 11) if s.variant == "2021" and not s.truth.broken
                and not s.layout.subtotal_column and not s.layout.group_subtotal_rows)
    unique = with_unique_numbers(spec)
    table = unique.tables[T.APPLICATIONS]
    row = lambda key: " ".join(format_value(table[key][c]) for c in T.APPLICATION_COLUMN_KEYS)  # noqa: E731
    rows = T.application_rows("2021")
    moved = "unable_still_unclear"
    lines = ["三、收到和处理政府信息公开申请情况", "申请人情况", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
             "自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计"]
    held = []
    for r in rows:
        label = r.numbering + r.label
        if r.key == moved:
            held = [label]
            continue
        lines += held + [label, "", row(r.key), ""]
        held = []
        if r.key == "not_processed_confirmation":
            lines += [row(moved), ""]
    found, warnings = reconstruct_with_warnings(lines)
    got = next(t.table for t in found if t.table_id == T.APPLICATIONS)
    for key, cols in got.items():
        for col, cell in cols.items():
            assert cell.semantic == "missing" or cell.value == table[key][col], (key, col)
    assert got[moved]["total"].semantic == "missing"
    assert got["new_received"]["total"].value == table["new_received"]["total"]
    assert any("not printed after its own label" in w for w in warnings)
