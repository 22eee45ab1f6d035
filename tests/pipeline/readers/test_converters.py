"""Text and Markdown made by third-party converters (markitdown, mammoth, python-docx,
LibreOffice, markdownify, html2text, pdfminer.six, mutool, Ghostscript) from generated reports,
read through ``extract_bytes``: cells, titles, agencies and years against the truth."""

from __future__ import annotations

import shutil

import pytest

from benchmarks.textlayer import score
from pipeline.document import TextTableBlock
from pipeline.extract import ExtractError, extract_bytes
from pipeline.readers.text import read_text, unmark
from replica.generate import generate_reports
from replica.render.converters import CONVERTERS, convert_reports

pytestmark = pytest.mark.skipif(not shutil.which("soffice"),
                                reason="LibreOffice renders the PDFs the converters read")


@pytest.fixture(scope="module")
def specs():
    # seed 3: a Rushan bureau (its portal page sets the article in a layout table) and
    # Rongcheng's government, 2019 format, no pictured tables
    return [s for s in generate_reports(3, 3) if not s.layout.tables_as_images][:2]


def _read(spec, form, text):
    ext = CONVERTERS[form.split("@")[0]].ext
    return extract_bytes(text.encode("utf-8"), path=f"{spec.slug}.{ext}", ocr=False)


@pytest.fixture(scope="module")
def outputs(specs):
    names = [n for n in CONVERTERS if n not in ("mutool", "gs-txtwrite") or shutil.which(
        {"mutool": "mutool", "gs-txtwrite": "gs"}[n])]
    return convert_reports(specs, names)


def test_every_converter_output_reads_without_internal_error_or_wrong_cell(outputs):
    """A converter's output ends in tables or in a one-line error; no cell is read wrong
    (a cell the reader cannot place is missing, never guessed)."""
    assert {form for _, form, _ in outputs} >= {"markitdown-docx", "markdownify", "pdfminer@soffice"}
    for spec, form, text in outputs:
        try:
            report = _read(spec, form, text)
        except ExtractError as exc:
            assert "\n" not in str(exc) and "internal error" not in str(exc), (form, exc)
            continue
        right, wrong, missing, _ = score(report, spec)
        assert wrong == 0, (form, spec.slug, right, wrong, missing)


def test_markdownify_flattened_layout_table_is_read(specs, outputs):
    """markdownify turns the portal's layout table into one pipe line holding the whole
    article and its tables; read as one pipe row its cells came out shifted and missing."""
    for spec, form, text in outputs:
        if form != "markdownify" or spec.agency.portal != "rushan":
            continue
        flat = [line for line in text.split("\n") if line.count("|") > 200]
        assert flat, "the portal page is expected to flatten into one line"
        right, wrong, missing, _ = score(_read(spec, form, text), spec)
        assert wrong == 0 and right >= 0.95 * (right + missing), (right, missing)
        return
    pytest.fail("no markdownify output of a Rushan page")


@pytest.mark.parametrize("form", ["markitdown-docx", "mammoth-md", "html2text",
                                  "markitdown-html", "soffice-txt", "pdfminer@soffice"])
def test_title_agency_year_from_converter_output(outputs, form):
    """``**title**`` (markitdown), ``__title__`` (mammoth), a title after the page's menus
    (html2text), a title in a flattened layout cell (markitdown on the page)."""
    seen = 0
    for spec, name, text in outputs:
        if name != form:
            continue
        report = _read(spec, name, text)
        assert "".join((report.title or "").split()) == "".join(spec.title.split())
        assert report.agency == spec.agency.name
        assert report.year == spec.year
        seen += 1
    assert seen == 2


def test_mammoth_escaped_negative_change_is_read(specs, outputs):
    """mammoth writes ``\\-1`` for a cell holding -1: the reader's lines hold -1."""
    seen = 0
    for spec, form, text in outputs:
        if form != "mammoth-md":
            continue
        expected = spec.expected_tables()["active_disclosure"]
        negative = {str(value) for cols in expected.values() for value, _ in cols.values()
                    if isinstance(value, int) and value < 0}
        lines = [x for b in read_text(text.encode()).blocks
                 for x in (b.lines if isinstance(b, TextTableBlock) else [getattr(b, "text", "")])]
        for value in negative:
            assert f"\\{value}" in text  # the converter did escape it
            assert value in [x.strip() for x in lines] and f"\\{value}" not in lines
            seen += 1
        right, wrong, missing, _ = score(_read(spec, form, text), spec)
        assert wrong == 0 and right >= 0.8 * (right + missing), (right, missing)
    assert seen


def test_unmark_undoes_what_converters_write():
    assert unmark("| 行政许可 | 39 | \\-1 | 20 |") == "| 行政许可 | 39 | -1 | 20 |"
    assert unmark("**乳山市人民政府**2023年") == "乳山市人民政府2023年"
    assert unmark("__一、总体情况__") == "一、总体情况"
    assert unmark("[互动交流](/col/col3/index.html)") == "互动交流"
    assert unmark("| 3.危及<br>“三安全一稳定” | 0 |") == "| 3.危及“三安全一稳定” | 0 |"
    assert unmark("| a \\| b | 1 |") == "| a ｜ b | 1 |"
    assert unmark("| &nbsp; | 0 |").split("|")[1].strip() == ""
    assert unmark("3*4*5") == "3*4*5" and unmark("- 2 -") == "- 2 -"


def test_pipe_line_with_a_rule_inside_is_no_table_row():
    line = "| 信息内容 | 数量 | | --- | --- | | 规章 | 5 | | 规范性文件 | 7 |"
    doc = read_text(f"前言\n{line}\n".encode())
    rows = [x for b in doc.blocks if isinstance(b, TextTableBlock) for x in b.lines]
    assert line not in rows
    assert "规章" in [getattr(b, "text", None) for b in doc.blocks] or "规章" in rows


def test_python_docx_tab_joined_rows_are_read(outputs):
    """python-docx's row.cells repeats a merged cell per grid column: the label is kept once,
    a repeated number is never merged (its cell stays missing), nothing is read wrong."""
    seen = 0
    for spec, form, text in outputs:
        if form != "python-docx":
            continue
        assert any(line.count("\t") >= 3 and not line.startswith("\t")
                   for line in text.split("\n"))
        right, wrong, missing, _ = score(_read(spec, form, text), spec)
        assert wrong == 0 and right >= 0.95 * (right + missing), (right, missing)
        seen += 1
    assert seen == 2


def test_tab_row_keeps_equal_numbers_apart():
    doc = read_text("标题\n三、本年度办理结果\t（一）予以公开\t（一）予以公开\t0\t0\t3\n".encode())
    rows = [x for b in doc.blocks if isinstance(b, TextTableBlock) for x in b.lines]
    assert "| 三、本年度办理结果 | （一）予以公开 | 0 | 0 | 3 |" in rows


def test_titles_in_converter_shapes():
    from pipeline.prose.metadata import read_title
    # html2text: the title glued to the date line and the article of a layout cell
    glued = "荣成市人民政府2020年政府信息公开工作年度报告 时间:2021年02月08日 15:26 来源:荣成市政府 " + \
        "根据《中华人民共和国政府信息公开条例》要求，编制本报告。" * 3
    assert read_title(["[首页]>信息公开年报", glued]) == (
        "荣成市人民政府2020年政府信息公开工作年度报告", "荣成市人民政府", 2020)
    # a sentence naming the report is no title
    sentence = "根据《条例》要求，编制本机关2020年政府信息公开工作年度报告 " + "现予公布。" * 20
    assert read_title([sentence]) == (None, None, None)
    # pdfminer on a Chromium print: the year in a text box of its own
    assert read_title(["乳山市市场监督管理局 年政府信息公开工作年度", "2019", "报告", "根据《条例》"]) == (
        "乳山市市场监督管理局2019年政府信息公开工作年度报告", "乳山市市场监督管理局", 2019)
    # after eight lines of a portal's menus (html2text)
    menus = ["乳山市人民政府 政务公开", "互动交流", "信息公开", "信息公开指南", "信息公开制度",
             "法定主动公开内容", "信息公开年报", "|"]
    assert read_title(menus + ["乳山市市场监督管理局2019年政府信息公开工作年度报告"])[0] == \
        "乳山市市场监督管理局2019年政府信息公开工作年度报告"


_MARKS = ("**", "__", "\\", "\\|", "\\-", "&nbsp;", "&#124;", "<br>", "\t", " | ", "| --- |",
          "[", "](x)", "* ", "*", "&amp;")


def test_mutated_converter_outputs_never_end_in_an_internal_error(outputs):
    """Converter outputs with their own marks inserted anywhere, lines dropped or joined:
    each ends in a report or a one-line ExtractError, never another exception."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    bases = [(spec, form, text) for spec, form, text in outputs
             if form in ("markdownify", "python-docx", "mammoth-md", "markitdown-docx")]

    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def run(data):
        spec, form, text = bases[data.draw(st.integers(0, len(bases) - 1))]
        lines = text.split("\n")
        for _ in range(data.draw(st.integers(1, 10))):
            at = data.draw(st.integers(0, len(lines) - 1))
            op = data.draw(st.sampled_from(("mark", "drop", "join")))
            if op == "mark":
                k = data.draw(st.integers(0, len(lines[at])))
                lines[at] = lines[at][:k] + data.draw(st.sampled_from(_MARKS)) + lines[at][k:]
            elif op == "drop" and len(lines) > 1:
                del lines[at]
            elif op == "join" and at + 1 < len(lines):
                lines[at:at + 2] = [lines[at] + " | " + lines[at + 1]]
        try:
            _read(spec, form, "\n".join(lines))
        except ExtractError as exc:
            assert "\n" not in str(exc) and "internal error" not in str(exc)

    run()
