"""What a PDF costs, counted rather than timed: every page's content is parsed once, by pdfium
(the sideways-text check reads the characters the reader parses; pdfminer's interpreter never
runs on a page pdfium loads), and the cross-check's text layer comes from what was read, not
from a second text-line pass over the page."""

from __future__ import annotations

import io

import pdfplumber.page

import pipeline.readers.pdf as pdf_reader
from pipeline.readers.pdf import read_pdf
from pipeline.tables.textlayer import reconstruct


def _count(monkeypatch, name: str) -> list[int]:
    calls = [0]
    original = getattr(pdfplumber.page.Page, name)

    def counted(self, *args, **kwargs):
        calls[0] += 1
        return original(self, *args, **kwargs)
    monkeypatch.setattr(pdfplumber.page.Page, name, counted)
    return calls


def test_each_page_is_parsed_once(pdfs, monkeypatch):
    parsed = _count(monkeypatch, "parse_objects")
    lines = _count(monkeypatch, "extract_text_lines")
    installed = [0]
    install = pdf_reader.install

    def counted_install(*args):
        installed[0] += 1
        return install(*args)
    monkeypatch.setattr(pdf_reader, "install", counted_install)
    _, pdf = pdfs[0]
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        n_pages = len(doc.pages)
    parsed[0] = lines[0] = 0
    doc = read_pdf(pdf)
    assert installed[0] == n_pages  # pdfium's objects, once a page
    assert parsed[0] == 0  # pdfminer's interpreter not at all
    assert lines[0] == n_pages  # the text outside the tables, once a page
    # and that text layer still holds the three tables for the cross-check
    tables = reconstruct(doc.text_layer)
    assert len(tables) == 3
    read = sum(c.semantic != "missing" for t in tables for r in t.table.values() for c in r.values())
    assert read >= 150, read
