"""DOC/WPS → DOCX with LibreOffice: the converted tables equal their DOCX source."""

from __future__ import annotations

import io
import random
import time

import pytest
from docx import Document as DocxDocument

from pipeline.readers.convert import doc_to_docx, is_word_binary
from pipeline.readers import ReadError


def _table_texts(docx: bytes) -> list[list[list[str]]]:
    """Every table as python-docx sees it (merged cells repeated at each position)."""
    doc = DocxDocument(io.BytesIO(docx))
    return [[[table.cell(r, c).text.strip() for c in range(len(table.columns))]
             for r in range(len(table.rows))] for table in doc.tables]


def test_doc_converts_to_the_same_tables(reports, docs):
    for (layouts, docx), (_, doc) in zip(reports, docs):
        assert is_word_binary(doc) and not is_word_binary(docx)
        converted = doc_to_docx(doc)
        assert _table_texts(converted) == _table_texts(docx)
        assert _table_texts(converted) == [layout.cells for layout in layouts]


def test_doc_libreoffice_cannot_open(docs, tmp_path):
    import olefile
    path = tmp_path / "broken.doc"
    path.write_bytes(docs[0][1])
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        size = ole.get_size("WordDocument")
        rng = random.Random(7)
        ole.write_stream("WordDocument", bytes(rng.randrange(256) for _ in range(size)))
    start = time.monotonic()
    with pytest.raises(ReadError) as err:
        doc_to_docx(path.read_bytes())
    assert time.monotonic() - start < 60
    message = str(err.value)
    assert message.startswith("LibreOffice could not open") and "\n" not in message


def test_conversion_timeout_and_missing_soffice(docs, monkeypatch):
    from pipeline.readers import convert

    # no conversion cache: an earlier test of this process may have configured one
    monkeypatch.setattr(convert, "_settings", {})
    with pytest.raises(ReadError, match="within 0 s"):
        doc_to_docx(docs[0][1], timeout=0.01)
    with pytest.raises(ReadError, match="not installed"):
        doc_to_docx(docs[0][1], soffice="no-such-soffice")


def test_sniff_not_extension():
    assert not is_word_binary(b"PK\x03\x04 docx bytes")
    assert not is_word_binary(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 truncated ole")
