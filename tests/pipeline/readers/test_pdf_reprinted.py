"""The PDF reader on report PDFs re-made by the real Ghostscript, poppler and MuPDF
(``replica.render.reprinted_pdf``): fonts re-encoded with a broken or no Unicode map must not be
read as text, a searchable scan's invisible OCR layer is recognised and said to be unchecked
(OCR off) or kept as the reading the picture's OCR is checked against (OCR on). Sources: a
generated report's LibreOffice PDF and its Chromium print, made afresh in a temporary cache."""

from __future__ import annotations

import shutil

import pypdfium2
import pytest

from benchmarks.textlayer import score_tables
from pipeline.document import ImageBlock, Paragraph
from pipeline.extract import extract_bytes
from pipeline.readers.pdf import read_pdf
from pipeline.readers.pdf_trust import untrusted_text
from replica.content import convert_all
from replica.generate import generate_reports
from replica.render import render_docx
from replica.render.reprinted_pdf import reprint
from tests.pipeline.readers.chromium_prints import print_in_fresh_cache

#: accented Latin letters: what a CJK font's broken Unicode map turns glyphs into
_LATIN = [chr(c) for c in range(0xC0, 0x250) if chr(c).isalpha()]


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    """(spec, LibreOffice PDF, Chromium PDF) of one generated report; the re-made PDFs are
    cached in a fresh folder, so the tools installed now make them."""
    for tool in ("gs", "mutool", "pdftops", "pdftoppm", "soffice"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is required by these tests (scripts/install.sh)")
    cache = tmp_path_factory.mktemp("reprinted-cache")
    spec = [s for s in generate_reports(3, 3) if not s.layout.tables_as_images][0]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XXGK_REPLICA_CACHE", str(cache))
        office = convert_all({spec.slug: render_docx(spec)}, "pdf")[spec.slug]
    chromium = print_in_fresh_cache([(spec, "ruled")], cache)[0]
    return spec, office, chromium, cache


def _remade(sources, source: str, producer: str, monkeypatch) -> bytes:
    spec, office, chromium, cache = sources
    monkeypatch.setenv("XXGK_REPLICA_CACHE", str(cache))
    return reprint(office if source == "libreoffice" else chromium, producer)


def _counts(report, spec) -> list[int]:
    per_table = score_tables(report, spec)[0]
    return [sum(c[k] for c in per_table.values()) for k in range(3)]


def test_ghostscript_broken_map_of_a_chromium_print_is_not_read_as_text(sources, monkeypatch):
    """Ghostscript re-encodes Chromium's subset CID font and maps some of its glyphs to Latin-1
    letters and some punctuation to digits: the page is read from its picture, never as text."""
    spec = sources[0]
    pdf = _remade(sources, "chromium", "gs-pdfwrite", monkeypatch)
    doc = read_pdf(pdf, ocr=False)
    assert any("broken Unicode map" in w for w in doc.warnings)
    assert all(isinstance(b, ImageBlock) for b in doc.blocks)
    text = "".join(b.text for b in doc.blocks if isinstance(b, Paragraph))
    assert not any(ch in text for ch in _LATIN)
    right, wrong, missing = _counts(extract_bytes(pdf, path="r.pdf", ocr=False), spec)
    assert wrong == 0 and missing > 0


@pytest.mark.parametrize("source,producer", [("libreoffice", "print-ps"),
                                             ("chromium", "print-ps"),
                                             ("libreoffice", "mutool-convert")])
def test_fonts_without_a_usable_map_send_the_page_to_ocr(sources, monkeypatch, source,
                                                         producer):
    spec = sources[0]
    pdf = _remade(sources, source, producer, monkeypatch)
    doc = read_pdf(pdf, ocr=False)
    assert doc.warnings and all("page read" in w for w in doc.warnings)
    assert not [b for b in doc.blocks if isinstance(b, Paragraph)]
    report = extract_bytes(pdf, path="r.pdf", ocr=False)
    assert _counts(report, spec)[:2] == [0, 0]


# Chromium's print through Ghostscript has a broken map: the first test above
@pytest.mark.parametrize("source,producer", [("libreoffice", "gs-pdfwrite"),
                                             ("libreoffice", "mutool-clean"),
                                             ("chromium", "mutool-clean")])
def test_redistilled_pdfs_with_good_maps_read_like_the_original(sources, monkeypatch, source,
                                                                producer):
    spec, office, chromium, _ = sources
    original = _counts(extract_bytes(office if source == "libreoffice" else chromium,
                                     path="o.pdf", ocr=False), spec)
    report = extract_bytes(_remade(sources, source, producer, monkeypatch), path="r.pdf",
                           ocr=False)
    assert _counts(report, spec) == original


def test_outlined_text_leaves_pictures_only(sources, monkeypatch):
    pdf = _remade(sources, "libreoffice", "print-outlines", monkeypatch)
    doc = read_pdf(pdf, ocr=False)
    assert doc.blocks and all(isinstance(b, ImageBlock) for b in doc.blocks)


@pytest.mark.parametrize("producer", ["scan", "scan-tilted"])
def test_searchable_scan_read_without_ocr_is_said_to_be_unchecked(sources, monkeypatch,
                                                                  producer):
    spec = sources[0]
    pdf = _remade(sources, "libreoffice", producer, monkeypatch)
    report = extract_bytes(pdf, path="scan.pdf", ocr=False)
    unchecked = [w for w in report.warnings if "not checked against the picture" in w]
    assert len(unchecked) == len(pypdfium2.PdfDocument(pdf))
    # the page pictures are the scans of the text, not pictures of tables left unread
    assert not any("picture(s) and no readable table" in w for w in report.warnings)
    if producer == "scan-tilted":  # the words run along the tilted lines until turned level
        assert any("turned level" in w for w in report.warnings)
    right, wrong, missing = _counts(report, spec)
    # what is not right is the layer's own OCR slips (0 read as O, a digit dropped)
    assert right >= 0.85 * (right + wrong + missing)


def test_searchable_scan_with_ocr_reads_the_picture_and_keeps_the_layer(sources, monkeypatch):
    """With OCR on, every page is its picture for OCR, and the invisible layer is the second
    reading the cross-check compares the OCR'd cells with."""
    pdf = _remade(sources, "libreoffice", "scan", monkeypatch)
    doc = read_pdf(pdf, ocr=True)
    assert doc.blocks and all(isinstance(b, ImageBlock) for b in doc.blocks)
    assert any("checked against it" in w for w in doc.warnings)
    layer = "".join(doc.text_layer)
    assert "本年新收" in layer and "行政复议" in layer


def test_a_chinese_report_text_is_trusted(sources):
    """No false alarm on the originals: every page of both prints reads as text."""
    import io

    import pdfplumber

    _, office, chromium, _ = sources
    for pdf in (office, chromium):
        with pdfplumber.open(io.BytesIO(pdf)) as opened:
            for page in opened.pages:
                assert untrusted_text(page.chars) is None


def test_page_pictures_ocr_reads_table_three_over_the_page_break_with_no_unflagged_wrong(
        sources, monkeypatch):
    """Chromium · gs-pdfwrite, OCR on: every page is read from its picture. Chromium clips
    table 三 at the page's margin (its 总计 column has no rule) and breaks it over two pages:
    the cut column is read and the two pages' grids are joined. A wrong number is never
    unflagged: a warning names the cell (a score OCR doubted) or the table's identities
    fail."""
    pytest.importorskip("rapidocr")
    from benchmarks.pdfreprinted import flagged_wrongs

    spec = sources[0]
    pdf = _remade(sources, "chromium", "gs-pdfwrite", monkeypatch)
    report = extract_bytes(pdf, path="r.pdf", ocr=True)
    assert any("table continued from the page before" in w for w in report.warnings)
    per_table = score_tables(report, spec)[0]
    right, wrong, missing = per_table["applications"]
    assert right >= 0.9 * (right + wrong + missing)
    flagged, unflagged, lines = flagged_wrongs(report, spec)
    assert unflagged == 0, lines
