"""The text-layer reconstructor: real-shaped text layers (the shapes of issue 10, built from a
generated report's values), Markdown with broken pipes, and the real tools' text layers of
generated PDFs. No cell may be wrong; what can't be placed is missing with a warning."""

from __future__ import annotations

import shutil

import pytest

from benchmarks.textlayer import score, text_forms
from pipeline import template as T
from pipeline.extract import extract_bytes
from pipeline.prose.metadata import read_signature_agency, read_title, year_from_file_name
from pipeline.tables.textlayer import reconstruct, reconstruct_with_warnings
from replica.generate import generate_reports
from replica.render.grid import format_value
from replica.render.textlayer import render_markdown


def _spec(variant: str = "2021"):
    for spec in generate_reports(40, seed=11):
        expected = spec.expected_tables()
        rows = expected.get(T.APPLICATIONS, {})
        if spec.format == "2021" and spec.variant == variant and len(expected) == 3 and \
                not spec.layout.tables_as_images and all(
                    s == "number" for cols in rows.values() for _, s in cols.values()):
            return spec
    raise AssertionError("no complete 2021 spec among the generated reports")


def _v(spec, table_id, row, col) -> str:
    return format_value(spec.expected_tables()[table_id][row][col][0])


def _real_shaped(spec, page_number: str = "- 3 -") -> list[str]:
    """A text layer in the shapes of the issue: interleaved two-row header, wrapped labels
    with the numbers before the last fragment, group labels split down the left column, page
    footers between rows, table 四 as one row of 15 under a three-level header."""
    v = lambda t, r, c: _v(spec, t, r, c)  # noqa: E731
    a = T.APPLICATION_COLUMN_KEYS
    row = lambda r: " ".join(v(T.APPLICATIONS, r, c) for c in a)  # noqa: E731
    lines = [f"{spec.agency.name}", f"{spec.year} 年政府信息公开工作年度报告",
             "二、主动公开政府信息情况", "第二十条第（一）项",
             "信息内容 本年制发件数 本年废止件数 现行有效件数"]
    for key, label in (("rules", "规章"), ("normative_docs", "行政规范性文件")):
        lines.append(label + " " + " ".join(v(T.ACTIVE, key, c)
                                            for c in ("issued", "repealed", "in_force")))
    for key, label, item in (("admin_licensing", "行政许可", "五"), ("admin_penalty", "行政处罚", "六"),
                             ("admin_coercion", "行政强制", None), ("admin_fees", "行政事业性收费", "八")):
        if item:
            lines += [f"第二十条第（{item}）项", "信息内容 本年处理决定数量"
                      if key != "admin_fees" else "信息内容 本年收费金额（单位：万元）"]
        col = "amount_wan_yuan" if key == "admin_fees" else "decisions"
        lines.append(f"{label} {v(T.ACTIVE, key, col)}")
    lines += ["三、收到和处理政府信息公开申请情况",
              "（本列数据的勾稽关系 申请人情况", "为：第一项加第二项之 法人或其他组织",
              "和，等于第三项加第四项 自 商业企科研机社会公法律服 总计", "之和） 然 其他",
              "人 业构益组织务机构",
              "一、本年新收政府信息公", row("new_received"), "开申请数量",
              "二、上年结转政府信息公开申请数量 " + row("carried_over"),
              "三、本 （一）予以公开 " + row("granted"), "年度办 （二）部分公开（区分处理的，只",
              "理结果 计这一情形，不计其他情形） " + row("partially_granted"),
              "- 2 -", "第 2 页 共 5 页"]
    for r in T.application_rows(spec.variant)[4:]:
        label = r.numbering + r.label
        if len(label) > 8:  # wrapped: the numbers before the label's last fragment
            lines += [label[:5], label[5:-3] + " " + row(r.key), label[-3:]]
        else:
            lines.append(f"{label} {row(r.key)}")
        if r.key == "unable_still_unclear":  # the table continues with its header repeated
            lines += [page_number, "申请人情况", "自然人 法人或其他组织 总计"]
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议 行政诉讼",
              "未经复议直接起诉 复议后起诉", "结果维持 结果纠正 其他结果 尚未审结 总计 " * 3,
              " ".join(v(T.REVIEW, r, c) for r in T.REVIEW_ROW_KEYS for c in T.REVIEW_COLUMN_KEYS),
              "五、存在的主要问题及改进情况", "本年度受理政府信息公开申请 21 件。"]
    return lines


def _wrong(found, spec) -> tuple[int, int, int]:
    got = {t.table_id: t.table for t in found}
    right = wrong = missing = 0
    for table_id, rows in spec.expected_tables().items():
        for row, cols in rows.items():
            for col, (value, semantic) in cols.items():
                cell = got.get(table_id, {}).get(row, {}).get(col)
                if cell is None or cell.semantic == "missing":
                    missing += 1
                elif (cell.value, cell.semantic) == (value, semantic):
                    right += 1
                else:
                    wrong += 1
    return right, wrong, missing


def test_real_shaped_text_layer_reads_every_cell():
    spec = _spec()
    found = reconstruct(_real_shaped(spec))
    assert [t.table_id for t in found] == [T.ACTIVE, T.APPLICATIONS, T.REVIEW]
    right, wrong, missing = _wrong(found, spec)
    assert (wrong, missing) == (0, 0) and right > 190


def test_page_number_between_rows_is_not_taken_as_a_value():
    spec = _spec()
    # a bare page number between rows is indistinguishable from a value: the count no longer
    # fits, so nothing may be placed by position
    found, warnings = reconstruct_with_warnings(_real_shaped(spec, page_number="3"))
    right, wrong, missing = _wrong(found, spec)
    assert wrong == 0 and missing > 0


def test_a_dropped_value_never_shifts_the_rows():
    spec = _spec()
    lines = _real_shaped(spec)
    n = next(i for i, line in enumerate(lines) if "行政法规" in line)
    lines[n] = lines[n].rsplit(" ", 1)[0]  # one blank cell the text layer dropped
    found, warnings = reconstruct_with_warnings(lines)
    right, wrong, missing = _wrong(found, spec)
    assert wrong == 0 and missing > 0
    assert any("table 三" in w for w in warnings)


def test_values_out_of_row_order_need_the_identities():
    spec = _spec()
    lines = _real_shaped(spec)
    start = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    end = next(i for i, line in enumerate(lines) if line.startswith("四、政府信息公开"))
    values = [p for line in lines[start:end] for p in line.split() if p.isdigit()]
    values[0], values[1] = values[1], values[0]  # pdftotext order ≠ row order
    column_wise = [p for line in lines[start:end] for p in line.split() if not p.isdigit()]
    found, warnings = reconstruct_with_warnings(lines[:start] + column_wise + values + lines[end:])
    assert _wrong(found, spec)[1] == 0


def test_markdown_with_broken_pipes():
    for n, spec in enumerate(generate_reports(8, seed=5)):
        if spec.layout.tables_as_images:
            continue
        report = extract_bytes(render_markdown(spec, seed=n).encode(), path=f"{spec.slug}.md",
                               ocr=False)
        right, wrong, missing, wrongs = score(report, spec)
        assert wrong == 0, wrongs
        assert right > 0


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice renders the PDFs")
def test_real_tools_text_layers_of_generated_pdfs():
    specs = [s for s in generate_reports(3, seed=3) if not s.layout.tables_as_images]
    totals: dict[str, list[int]] = {}
    for form, spec, text in text_forms(specs, ("pdfplumber", "pypdf", "pdftotext-layout",
                                                "pdftotext", "pdfplumber+footers")):
        report = extract_bytes(text.encode(), path=f"{spec.slug}.txt", ocr=False)
        right, wrong, missing, wrongs = score(report, spec)
        assert wrong == 0, (form, wrongs)
        t = totals.setdefault(form, [0, 0])
        t[0] += right
        t[1] += right + missing
    for form in ("pdfplumber", "pypdf", "pdftotext-layout", "pdfplumber+footers"):
        assert totals[form][0] >= 0.8 * totals[form][1], (form, totals[form])
    # raw order: table 三 from the identities, tables 二 and 四 only where their order can't matter
    assert totals["pdftotext"][0] >= 0.6 * totals["pdftotext"][1], totals["pdftotext"]


def test_metadata_from_two_line_title_with_spaced_digits():
    title, agency, year = read_title(["洪泽区人民政府", "2023 年政府信息公开工作年度报告"])
    assert (title, agency, year) == ("洪泽区人民政府2023年政府信息公开工作年度报告",
                                     "洪泽区人民政府", 2023)
    title, agency, year = read_title(["荣成市人民政府办公室 2022 年政府信息公", "开工作年度报告"])
    assert (agency, year) == ("荣成市人民政府办公室", 2022)


def test_agency_from_signature_and_year_from_file_name():
    assert read_signature_agency(["特此报告。", "淮安市洪泽区人民政府", "2024 年 1 月 20 日"]) \
        == "淮安市洪泽区人民政府"
    assert read_signature_agency(["全年共办理 3 件。", "2024年1月20日"]) is None
    assert year_from_file_name("洪泽区2023年度政府信息公开报告.pdf") == 2023
    assert year_from_file_name("report-2022-2023.txt") is None


def test_legal_person_subtotal_column_is_kept_out_of_the_table():
    spec = next(s for s in generate_reports(40, seed=0) if s.layout.subtotal_column
                and not s.layout.tables_as_images and not s.layout.blank_total_column)
    report = extract_bytes(render_markdown(spec, seed=1).encode(), path=f"{spec.slug}.md",
                           ocr=False)
    right, wrong, missing, wrongs = score(report, spec)
    assert (wrong, missing) == (0, 0), wrongs
    assert set(report.tables[T.APPLICATIONS]["granted"]) == set(T.APPLICATION_COLUMN_KEYS)


def test_a_total_column_left_blank_is_read_blank_by_the_identities():
    spec = _spec()
    expected = spec.expected_tables()[T.APPLICATIONS]
    lines = _real_shaped(spec)
    start = next(i for i, line in enumerate(lines) if line.startswith("三、本 （一）"))
    end = next(i for i, line in enumerate(lines) if line.startswith("四、政府信息公开"))
    for n in range(start, end):  # every result row prints its 总计 blank: the value vanishes
        parts = lines[n].split()
        if len(parts) >= 8 and all(p.isdigit() for p in parts[-7:]):
            lines[n] = " ".join(parts[:-1])
    found, warnings = reconstruct_with_warnings(lines)
    table = next(t.table for t in found if t.table_id == T.APPLICATIONS)
    blanked = [r for r in table if table[r]["total"].semantic == "empty"]
    assert len(blanked) > 15 and "new_received" not in blanked
    for row in table:
        for col, cell in table[row].items():
            if not (row in blanked and col == "total"):
                assert (cell.value, cell.semantic) == expected[row][col]
    assert any("blank" in w for w in warnings)
