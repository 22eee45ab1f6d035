"""Every failure a reader meets has its own one-line reason naming what broke (issue 14 item 4,
issue 17 cases 2–4): built from generated reports and the hostile corpus's builders."""

from __future__ import annotations

import random

import pytest

from pipeline.extract import ExtractError, extract_bytes
from pipeline.readers.limits import MAX_GRID_CELLS, MAX_RENDER_PIXELS
from replica.generate import generate_reports
from replica.hostile import archives as Z
from replica.hostile import markup as M
from replica.hostile import pdf as P
from replica.hostile import pictures as I
from replica.render.docx import render_docx


@pytest.fixture(scope="module")
def docx() -> bytes:
    return render_docx(generate_reports(1, seed=5)[0])


def _reason(data: bytes, name: str = "in.docx", **kw) -> str:
    with pytest.raises(ExtractError) as caught:
        extract_bytes(data, path=name, ocr=False, **kw)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{name}: ")
    assert "internal error" not in message
    return message[len(name) + 2:]


def test_a_damaged_deflate_member_is_named(docx):
    reason = _reason(Z.corrupt_member(docx, random.Random(1)))
    assert reason.startswith("DOCX member word/document.xml: corrupt deflate data (")
    assert "Error -3" in reason


def test_deflate_garbage_and_crc_and_truncation_have_their_own_reasons(docx):
    assert "corrupt deflate data" in _reason(Z.raw_deflate_garbage(random.Random(2), 3000))
    assert "damaged (Bad CRC-32" in _reason(Z.stored_crc_mismatch(docx))
    assert "damaged or truncated zip" in _reason(docx[: len(docx) // 3])


def test_a_damaged_member_sniffed_for_the_type_is_no_internal_error():
    odt = Z.package({"mimetype": b"application/vnd.oasis.opendocument.text" * 50,
                     "content.xml": b"<office:document-content/>"})
    reason = _reason(Z.corrupt_member(odt, random.Random(4), "mimetype"), "x.odt")
    assert reason == "unsupported content type application/zip"


def test_an_encrypted_zip_is_called_encrypted(docx):
    assert _reason(Z.encrypted_member(docx)) == \
        "encrypted DOCX (password-protected zip members)"


def test_zip_bombs_are_refused_with_the_size(docx):
    assert "expands to 300 MB" in _reason(Z.deflate_bomb(300))
    # zipfile reads no more than the directory claims, so a lying size ends in a CRC failure
    assert _reason(Z.lying_directory(120)).startswith("DOCX member word/document.xml: damaged")
    assert "members, over the limit of" in _reason(Z.many_members(20000))


def _with_picture(docx: bytes) -> bytes:
    """The report with a picture pasted at its end (word/media/hostile.png)."""
    import io
    import zipfile
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    blip = ('<w:p><w:r><w:drawing><a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships" r:embed="rIdHostile"/></w:drawing></w:r></w:p>')
    members["word/document.xml"] = members["word/document.xml"].replace(
        b"<w:sectPr", blip.encode() + b"<w:sectPr", 1)
    members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdHostile" Type="image" '
        b'Target="media/hostile.png"/></Relationships>')
    members["word/media/hostile.png"] = I.small_picture("PNG", 900, 700) * 3
    return Z.package(members)


def test_a_damaged_picture_leaves_the_report_readable(docx):
    with_damage = Z.corrupt_member(_with_picture(docx), random.Random(3),
                                   "word/media/hostile.png")
    report = extract_bytes(with_damage, path="pic.docx", ocr=False)
    assert report.tables
    assert any("picture not read" in w and "word/media/hostile.png" in w
               for w in report.warnings)


def test_docx_span_bomb_is_refused_by_grid_cells():
    reason = _reason(Z.minimal_docx(Z.span_table_xml(5000, 20, 64, False)))
    assert f"more than {MAX_GRID_CELLS} cells" in reason or "compresses" in reason


@pytest.mark.parametrize("colspan,rowspan", [("0", "0"), ("1000000", "1000000"),
                                             ("64", "1000")])
def test_html_span_bomb_is_refused_before_allocation(colspan, rowspan):
    reason = _reason(M.span_bomb(400, 200, colspan, rowspan), "bomb.html")
    assert f"expand to more than {MAX_GRID_CELLS} cells" in reason


def test_colspan_zero_is_one_column_and_rowspan_zero_the_rest_of_the_table():
    import lxml.html

    from pipeline.readers.html import build_grid
    table = lxml.html.fromstring('<table><tr><td colspan="0" rowspan="0">a</td><td>b</td></tr>'
                                 '<tr><td>c</td></tr><tr><td>d</td></tr></table>')
    grid = build_grid(table, "t")
    assert [len(row) for row in grid.rows] == [2, 2, 2]
    assert [row[0].text for row in grid.rows] == ["a", "a", "a"]
    assert [row[1].text for row in grid.rows] == ["b", "c", "d"]


def test_picture_too_large_names_its_pixels_and_the_limit():
    reason = _reason(I.lying_png(100000, 100000), "scan.png")
    assert reason.startswith("picture too large (10000.0 Mpx, over the limit of")
    reason = _reason(I.gif_screen(65535, 65535), "scan.gif")
    assert "picture too large (4294.8 Mpx" in reason


def test_a_big_picture_is_scaled_down_for_ocr_not_refused():
    from pipeline.readers.picture import load_gray
    from pipeline.readers.limits import MAX_OCR_PIXELS
    notes: list[str] = []
    gray = load_gray(I.blank_png(9000, 9000), notes)
    assert gray.shape[0] * gray.shape[1] <= MAX_OCR_PIXELS
    assert notes and "9000 × 9000 px" in notes[0] and "scaled" in notes[0]


def test_too_many_pages_and_encryption_are_named():
    assert _reason(P.build_pdf([(595, 842, b"")] * 200), "long.pdf") == \
        "PDF has 200 pages, more than the limit of 150"
    assert _reason(P.build_pdf([(595, 842, P.text_page(["1"]))], encrypt=True),
                   "locked.pdf") == "encrypted PDF (password required)"


def test_a_content_stream_bomb_is_refused_before_it_is_inflated():
    reason = _reason(P.deflated_stream_pdf(200), "bomb.pdf")
    assert reason.startswith("PDF page 1: a content stream inflates to more than 64 MB")


def test_a_huge_page_is_rendered_within_the_pixel_cap():
    from pipeline.readers.pdf import read_pdf
    doc = read_pdf(P.build_pdf([(14400, 14400, P.rect_page(14400, 14400))]))
    from PIL import Image
    import io
    picture = next(b for b in doc.blocks if getattr(b, "data", None))
    with Image.open(io.BytesIO(picture.data)) as img:
        assert img.size[0] * img.size[1] <= MAX_RENDER_PIXELS
    assert any("rendered at scale" in w for w in doc.warnings)
