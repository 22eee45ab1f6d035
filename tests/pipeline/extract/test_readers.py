"""Format readers and type detection on small generated inputs and on the seed renderings."""

from __future__ import annotations

import io

import pytest
from docx import Document as WordDocument

from pipeline.document import ImageBlock, Paragraph, TableBlock, TextTableBlock
from pipeline.extract import extract_bytes
from pipeline.readers import ReadError
from pipeline.readers.detect import DOCX, HTML, ODT, PDF, TEXT, UnsupportedFormat, detect
from pipeline.readers.registry import reader_for
from pipeline.readers.docx import read_docx
from pipeline.readers.html import read_html
from pipeline.readers.text import read_text
from pipeline.tables import find_tables
from pipeline.template import APPLICATIONS, REVIEW
from replica.render.grid import table_grids
from replica.render.html import render_html_fragment
from replica.render.page import STYLES


# --- detection -------------------------------------------------------------------------

def test_type_comes_from_content_not_extension(rendered):
    assert detect(rendered["001"]["docx"].read_bytes()) == DOCX
    assert detect(rendered["001"]["html"].read_bytes()) == HTML
    assert detect(rendered["001"]["text"].read_bytes()) == TEXT
    assert detect(b"%PDF-1.7\n...") == PDF


def test_types_without_a_reader_say_so():
    with pytest.raises(UnsupportedFormat, match="ODT files are not supported"):
        reader_for(ODT)
    assert reader_for(PDF) is not reader_for(DOCX)
    with pytest.raises(ReadError):
        detect(b"\x00\x01\x02binary\xff\xfe" * 10)


# --- text ------------------------------------------------------------------------------

def test_image_marker_junk_dropped_and_sentence_rejoined(seed_specs):
    doc = read_text(seed_specs["002"][0].read_bytes())
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert any("逐项认定公开属性" in t for t in texts)
    assert not any("XERT" in t for t in texts)
    assert [b.ref for b in doc.images()] == ["image10.png", "image11.png", "image13.png"]


def test_table_text_is_kept_out_of_paragraphs(seed_specs):
    doc = read_text(seed_specs["001"][0].read_bytes())
    assert len(doc.text_tables()) == 3
    paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert not any(t.strip() == "5416" for t in paragraphs)
    # headings between tables stay paragraphs for the prose stage
    assert any(t.startswith("3、") for t in paragraphs)


def test_chart_text_is_not_a_table(seed_specs):
    doc = read_text(seed_specs["001"][0].read_bytes())
    found = find_tables(doc)
    chart_numbers = {4325, 3330, 1352, 175}
    values = {c.value for f in found for cols in f.table.values() for c in cols.values()}
    assert not values & chart_numbers


# --- HTML ------------------------------------------------------------------------------

def _page(body: str, charset: str = "utf-8", head: str = "") -> str:
    return (f'<html><head><meta charset="{charset}"><title>页面标题</title>{head}</head><body>'
            '<div class="nav"><table><tr><td>首页</td><td>政务公开</td></tr></table></div>'
            f'<table width="100%"><tr><td>{body}</td><td>sidebar</td></tr></table>'
            '<script>var x = "<table><tr><td>1</td></tr></table>";</script></body></html>')


def test_gbk_page_with_gb18030_only_character(seed_specs):
    spec = seed_specs["002"][1]
    body = render_html_fragment(spec)
    page = _page(body + "<p>镕</p>", charset="gbk").encode("gb18030")
    doc = read_html(page)
    assert any("镕" in b.text for b in doc.paragraphs())
    assert {f.table_id for f in find_tables(doc)} == {APPLICATIONS, REVIEW}


def test_body_container_and_page_metadata():
    html = ('<html><head><meta name="PubDate" content="2024-01-29 10:09"></head><body>'
            '<div class="nav">首页 &gt; 信息公开</div>'
            '<div>发布时间：2024年01月29日 10:09 信息来源：临港区蔄山镇政府</div>'
            '<div>索引号：11371000MB1234567X/2024-00012</div>'
            '<div class="art_con"><p>一、总体情况</p><p>正文&nbsp;内容</p></div>'
            '<div class="footer">版权所有</div></body></html>')
    doc = read_html(html.encode())
    texts = [p.text for p in doc.paragraphs()]
    assert texts == ["一、总体情况", "正文\xa0内容"]
    assert doc.page_meta["published_date"] == "2024-01-29"
    assert doc.page_meta["published_date_source"] == "发布时间"
    assert doc.page_meta["index_number"] == "11371000MB1234567X/2024-00012"
    assert doc.page_meta["source"] == "临港区蔄山镇政府"


def test_layout_table_does_not_hide_report_tables(seed_specs):
    body = render_html_fragment(seed_specs["001"][1])
    doc = read_html(_page("<p>" + "说明文字。" * 80 + "</p>" + body).encode())
    assert {f.table_id for f in find_tables(doc)} == {"active_disclosure", APPLICATIONS, REVIEW}
    # the navigation and wrapper tables are read through, the script's markup is not parsed
    assert len(doc.tables()) == body.count("<table")
    assert not any("首页" in g.text() or "var x" in g.text() for g in doc.tables())


def test_absurd_spans_are_clamped():
    html = ('<html><body><table><tr><td rowspan="99999" colspan="99999">a</td><td>b</td></tr>'
            '<tr><td>c</td></tr></table></body></html>')
    grid = read_html(html.encode()).tables()[0]
    assert grid.n_rows == 2 and grid.n_cols <= 65
    assert grid.at(1, 0).text == "a"


def test_images_come_from_the_resolver_never_the_network():
    asked = []

    def resolver(url):
        asked.append(url)
        return b"\x89PNG..."

    html = '<html><body><div id="zoom"><p>x</p><img src="/picture/0/1.jpg"></div></body></html>'
    doc = read_html(html.encode(), url="http://www.wip.gov.cn/art/2024/1/29/art_1_2.html",
                    image_resolver=resolver)
    image = doc.images()[0]
    assert image.ref == "http://www.wip.gov.cn/picture/0/1.jpg" == asked[0]
    assert image.data == b"\x89PNG..."


# --- DOCX ------------------------------------------------------------------------------

def test_table_inside_a_text_box_is_found(seed_specs):
    import copy
    import dataclasses

    from replica.render.docx import render_docx
    spec = copy.deepcopy(seed_specs["004"][1])
    spec = dataclasses.replace(spec, layout=dataclasses.replace(spec.layout,
                                                                table_in_textbox=True))
    doc = read_docx(render_docx(spec))
    found = {f.table_id: f for f in find_tables(doc)}
    assert found[APPLICATIONS].table == _expected_cells(spec, APPLICATIONS, found)


def _expected_cells(spec, table_id, found):
    want = spec.expected_tables()[table_id]
    got = found[table_id].table
    assert {r: {c: (x.value, x.semantic) for c, x in cols.items()} for r, cols in got.items()} \
        == want
    return got


def test_docx_pictures_carry_their_bytes():
    word = WordDocument()
    word.add_paragraph("一、总体情况")
    from replica.render.docx import placeholder_png
    word.add_picture(io.BytesIO(placeholder_png()))
    out = io.BytesIO()
    word.save(out)
    doc = read_docx(out.getvalue())
    images = [b for b in doc.blocks if isinstance(b, ImageBlock)]
    assert len(images) == 1 and images[0].data == placeholder_png()
    assert images[0].ref.startswith("word/media/")


def test_vmerge_and_gridspan_expand_to_a_full_grid(rendered):
    doc = read_docx(rendered["001"]["docx"].read_bytes())
    grids = [b.grid for b in doc.blocks if isinstance(b, TableBlock)]
    widths = {g.n_cols for g in grids}
    assert all(len(row) == g.n_cols for g in grids for row in g.rows)
    assert 10 in widths  # table 三: three label columns + seven numbers
    table3 = next(g for g in grids if g.n_cols == 10)
    # the 申请人情况 header spans the seven value columns
    assert table3.at(0, 3) is table3.at(0, 9)


def test_extract_bytes_names_the_url_in_errors():
    from pipeline.extract import ExtractError
    with pytest.raises(ExtractError, match=r"^http://x/a.docx: "):
        extract_bytes(b"PK\x03\x04broken", url="http://x/a.docx")


def test_text_reader_accepts_gb18030_bytes(seed_specs):
    data = seed_specs["001"][0].read_text("utf-8").encode("gb18030")
    doc = read_text(data)
    assert len(doc.text_tables()) == 3
    assert isinstance(doc.blocks[-1], (Paragraph, TextTableBlock))


def test_markdown_pipe_tables(seed_specs):
    """A Markdown rendering of table 三 (one pipe row per printed row) reads like the grid."""
    from replica.render.grid import anchors
    spec = seed_specs["002"][1]
    lines = ["三、收到和处理政府信息公开申请情况", ""]
    for rows in table_grids(spec, APPLICATIONS):
        for row in anchors(rows):
            lines.append("| " + " | ".join(c.text.replace("\n", "") for _, c in row) + " |")
            if len(lines) == 3:
                lines.append("|---|---|")
    doc = read_text("\n".join(lines).encode())
    found = {f.table_id: f for f in find_tables(doc)}
    got = {r: {c: (x.value, x.semantic) for c, x in cols.items()}
           for r, cols in found[APPLICATIONS].table.items()}
    assert got == spec.expected_tables()[APPLICATIONS]


def test_a_wrong_extension_is_named_when_extraction_fails(rendered):
    from pipeline.extract import ExtractError
    with pytest.raises(ExtractError, match=r"^page\.pdf: not a PDF \(content is text/html\); "):
        extract_bytes(b"<html><body><p>not a report</p></body></html>", path="page.pdf")
    # the content decides: a DOCX named .txt extracts as a DOCX
    report = extract_bytes(rendered["001"]["docx"].read_bytes(), path="report.txt", ocr=False)
    assert report.source.media_type == DOCX and report.tables


def test_duplicated_and_missing_columns_go_to_cell_06(seed_specs):
    """A header naming 其他 twice and no 法律服务机构: CELL-06 input, never a guessed column."""
    body = render_html_fragment(seed_specs["001"][1]).replace("法律服务机构", "其他")
    doc = read_html(_page(body).encode())
    apps = next(f for f in find_tables(doc) if f.table_id == APPLICATIONS)
    assert any(d.startswith("column other") for d in apps.duplicate_labels)
    assert "legal_service" not in next(iter(apps.table.values()), {})


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("charset", ["utf-8", "gbk"])
def test_portal_page_styles(style, charset):
    """Every portal template of the replica, UTF-8 and GBK: publication date from the page,
    the tables from the body, nothing from navigation or sidebars."""
    from replica.generate import generate_reports
    from replica.render.page import render_html_page
    for spec in generate_reports(6, seed=9):
        doc = read_html(render_html_page(spec, portal_style=style, charset=charset))
        if spec.published:
            assert doc.page_meta["published_date"] == spec.published.date().isoformat()
        found = {f.table_id: f.table for f in find_tables(doc)}
        got = {t: {r: {c: (x.value, x.semantic) for c, x in cols.items()}
                   for r, cols in rows.items()} for t, rows in found.items()}
        assert got == spec.expected_tables()


def test_docx_picture_inside_a_table_cell():
    from replica.render.docx import placeholder_png
    word = WordDocument()
    cell = word.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run().add_picture(io.BytesIO(placeholder_png()))
    out = io.BytesIO()
    word.save(out)
    doc = read_docx(out.getvalue())
    assert [b.data for b in doc.images()] == [placeholder_png()]
