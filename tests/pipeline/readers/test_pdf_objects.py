"""pdfium's objects in pdfplumber's dicts (``pipeline.readers.pdf_objects``) against pdfplumber's
own parse by pdfminer: the same characters at the same places, the same rulings however they
are drawn, hence the same table cells and cell texts."""

from __future__ import annotations

import io
import random

import pdfplumber
import pypdfium2
import pytest

from pipeline import template as T
from pipeline.document import ImageBlock
from pipeline.readers.pdf import read_pdf
from pipeline.readers.pdf_grid import chars_text
from pipeline.readers.pdf_objects import page_objects, unmapped_share
from tests.pipeline.readers.pdf_build import HELVETICA, NOMAP, Form, Page, build, text

#: column and row edges of the test grid (PDF user space, y up)
XS = (60.0, 260.0, 360.0, 460.0)
YS = (700.0, 670.0, 640.0, 610.0)


def _grid_texts(seed: int) -> list[list[str]]:
    """Row labels of the national template and numbers drawn from the seed."""
    rng = random.Random(seed)
    labels = [r.label for r in T.APPLICATION_ROWS if 4 <= len(r.label) <= 12][:len(YS) - 1]
    return [[label] + [str(rng.randint(0, 999)) for _ in XS[2:]] for label in labels]


def _texts(cells: list[list[str]], dx: float = 0.0, dy: float = 0.0) -> bytes:
    out = b""
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            out += text(XS[c] + 4 + dx, YS[r + 1] + 9 + dy, value)
    return out


def _segments() -> list[tuple[float, float, float, float]]:
    return [(x, YS[-1], x, YS[0]) for x in XS] + [(XS[0], y, XS[-1], y) for y in YS]


def stroked_lines() -> bytes:
    return b"0.5 w " + b"".join(b"%g %g m %g %g l S\n" % s for s in _segments())


def thin_filled_rectangles() -> bytes:
    # WPS and some Word exports fill a hairline rectangle per ruling instead of stroking
    out = b""
    for x0, y0, x1, y1 in _segments():
        if x0 == x1:
            out += b"%g %g 0.5 %g re f\n" % (x0 - 0.25, y0, y1 - y0)
        else:
            out += b"%g %g %g 0.5 re f\n" % (x0, y0 - 0.25, x1 - x0)
    return out


def one_path_grid() -> bytes:
    # the whole grid as one path, painted once
    return b"0.5 w " + b"".join(b"%g %g m %g %g l\n" % s for s in _segments()) + b"S\n"


def cell_boxes() -> bytes:
    out = b"0.75 w "
    for r in range(len(YS) - 1):
        for c in range(len(XS) - 1):
            out += b"%g %g %g %g re S\n" % (XS[c], YS[r + 1], XS[c + 1] - XS[c], YS[r] - YS[r + 1])
    return out


DRAWINGS = {"stroked lines": stroked_lines, "thin filled rectangles": thin_filled_rectangles,
            "one path for the grid": one_path_grid, "a box per cell": cell_boxes}


def _reference_and_pdfium(data: bytes, number: int = 1):
    """(pdfminer's objects, pdfium's objects) of one page, and pdfplumber's page for each."""
    document = pypdfium2.PdfDocument(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[number - 1]
        reference = {k: list(v) for k, v in page.objects.items()}
        reference_tables = _tables(page)
        page.flush_cache()
        pdfium_page = document[number - 1]
        page._objects = page_objects(page, pdfium_page, pdfium_page.get_textpage())
        mine = {k: list(v) for k, v in page.objects.items()}
        mine_tables = _tables(page)
    return reference, mine, reference_tables, mine_tables


def _tables(page) -> list[list[tuple[tuple[float, ...], str]]]:
    return [[(tuple(round(v, 2) for v in box),
              chars_text([c for c in page.chars if box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2]
                          and box[1] <= (c["top"] + c["bottom"]) / 2 <= box[3]]))
             for box in table.cells] for table in page.find_tables()]


def _same_chars(reference: list[dict], mine: list[dict]) -> None:
    assert [c["text"] for c in mine] == [c["text"] for c in reference]
    for a, b in zip(reference, mine):
        for key in ("x0", "top", "bottom", "doctop", "size"):
            assert b[key] == pytest.approx(a[key], abs=0.01), (a["text"], key)
        # pdfium's advance is its loose box: a glyph's ink may reach past its advance
        assert b["x1"] == pytest.approx(a["x1"], abs=0.3), a["text"]
        assert b["upright"] == a["upright"]


def _boxes(objects: dict, kinds=("rect", "line", "curve")) -> list[tuple]:
    return sorted((kind, *(round(o[k], 2) for k in ("x0", "top", "x1", "bottom")))
                  for kind in kinds for o in objects.get(kind, []))


@pytest.mark.parametrize("drawing", DRAWINGS)
def test_rulings_drawn_any_way_give_pdfminers_cells(drawing):
    cells = _grid_texts(len(drawing))
    data = build([Page(DRAWINGS[drawing]() + _texts(cells))])
    reference, mine, reference_tables, mine_tables = _reference_and_pdfium(data)
    assert _boxes(mine) == _boxes(reference)
    _same_chars(reference["char"], mine["char"])
    assert mine_tables == reference_tables
    # and the table is the one drawn: every written text in its cell
    assert len(mine_tables) == 1
    read = {t for _, t in mine_tables[0]}
    assert {value for row in cells for value in row} <= read


def test_rulings_and_text_inside_a_transformed_form():
    """A form XObject (its own /Matrix) drawn under a scaling CTM, holding the grid and text,
    plus a rotated text object: nested spaces compose as pdfminer composes them."""
    cells = _grid_texts(5)
    form = Form(stroked_lines() + _texts(cells)
                + b"q 0 1 -1 0 520 300 cm " + text(0, 0, "Sideways", font=HELVETICA) + b"Q\n",
                matrix=(1, 0, 0, 1, 20, -40))
    data = build([Page(b"q 0.8 0 0 0.8 30 60 cm /Fm1 Do Q\n")], {"Fm1": form})
    reference, mine, reference_tables, mine_tables = _reference_and_pdfium(data)
    assert _boxes(mine) == _boxes(reference)
    _same_chars(reference["char"], mine["char"])
    assert mine_tables == reference_tables and len(mine_tables) == 1
    assert any(not c["upright"] for c in mine["char"])


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_rotated_page_with_offset_media_box(rotate):
    cells = _grid_texts(rotate)
    data = build([Page(one_path_grid() + _texts(cells), mediabox=(10, 20, 605, 862),
                       rotate=rotate)])
    reference, mine, reference_tables, mine_tables = _reference_and_pdfium(data)
    assert _boxes(mine) == _boxes(reference)
    _same_chars(reference["char"], mine["char"])
    assert mine_tables == reference_tables


def test_cid_font_text_and_pictures():
    """A CID font with a predefined CMap (no ToUnicode): pdfium maps it as pdfminer does; an
    image's box follows its matrix."""
    shown = "政府信息公开工作年度报告"
    image = (b"q 200 0 0 100 100 400 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q\n")
    data = build([Page(text(72, 760, shown, size=16) + image)])
    reference, mine, _, _ = _reference_and_pdfium(data)
    _same_chars(reference["char"], mine["char"])
    assert "".join(c["text"] for c in mine["char"]) == shown
    assert unmapped_share(mine["char"]) == 0
    assert _boxes(mine, ("image",)) == _boxes(reference, ("image",))


def test_font_without_unicode_map_is_read_by_ocr():
    """Glyph ids of a font without any Unicode map: pdfium flags them, and the page becomes a
    picture for OCR with a warning instead of paragraphs of glyph codes."""
    line = "".join(chr(0x4e00 + i * 7) for i in range(30))
    data = build([Page(b"".join(text(60, 780 - 20 * i, line, font=NOMAP) for i in range(6)))])
    document = pypdfium2.PdfDocument(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        chars = page_objects(page, document[0], document[0].get_textpage())["char"]
    assert unmapped_share(chars) > 0.5
    doc = read_pdf(data)
    assert doc.blocks and all(isinstance(b, ImageBlock) for b in doc.blocks)
    assert any("no legible text layer" in w for w in doc.warnings)


def test_generated_report_pages_match_pdfminer(pdfs):
    """Every page of a LibreOffice export of generated reports: the same characters, rulings
    and table cells from pdfium as from pdfminer."""
    _, data = pdfs[0]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        n_pages = len(pdf.pages)
    compared = 0
    for number in range(1, n_pages + 1):
        reference, mine, reference_tables, mine_tables = _reference_and_pdfium(data, number)
        assert _boxes(mine) == _boxes(reference), number
        _same_chars(reference.get("char", []), mine.get("char", []))
        assert mine_tables == reference_tables, number
        compared += sum(len(t) for t in mine_tables)
    assert compared > 100


def test_page_pdfium_cannot_load_is_read_by_pdfminer(pdfs, monkeypatch):
    """pdfium failing on one page (forced here: no PDF at hand that pdfium refuses and pdfminer
    reads) costs that page pdfminer's slower parse, with a warning, not the document."""
    import pipeline.readers.pdf as pdf_reader
    _, data = pdfs[0]
    expected = read_pdf(data)
    install = pdf_reader.install

    def failing_on_page_two(page, *args):
        if page.page_number == 2:
            raise pypdfium2.PdfiumError("forced")
        return install(page, *args)
    monkeypatch.setattr(pdf_reader, "install", failing_on_page_two)
    doc = read_pdf(data)
    assert any(w.startswith("pdf:p2: pdfium could not load the page") for w in doc.warnings)
    assert [type(b).__name__ for b in doc.blocks] == [type(b).__name__ for b in expected.blocks]
    assert doc.text_layer == expected.text_layer


def test_page_in_a_font_not_embedded_with_listed_widths_is_read_by_pdfminer():
    """A font the file lists widths for but does not embed: pdfium's boxes take the substitute
    font's advances (digits came out wider than the file says, and overlapped), so such a page
    keeps pdfminer's parse, which follows the file's widths."""
    from pipeline.readers.pdf_objects import FontNotEmbedded
    from replica.generate import generate_reports
    from replica.render.textlayer_pdf import render_drawn_pdf

    data = render_drawn_pdf(generate_reports(1, seed=4)[0], seed=1)
    with pdfplumber.open(io.BytesIO(data)) as pdf, pypdfium2.PdfDocument(data) as doc:
        page = pdf.pages[0]
        with pytest.raises(FontNotEmbedded, match="DrawnSong"):
            page_objects(page, doc[0], doc[0].get_textpage())
    # what the reader then reads from such pages: tests/pipeline/readers/test_pdf_drawn.py
