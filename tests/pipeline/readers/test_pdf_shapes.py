"""PDF layouts real producers make that the template does not: frames without a table, tables
with fewer rows or columns than the template, a table over three pages whose last part has
other column edges, pages without text. None of them may end in an exception."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.document import TableBlock
from pipeline.extract import ExtractError, extract_bytes
from pipeline.readers.pdf_join import join_pages
from pipeline.readers.pdf_grid import aligned, build_fragment, continues
from pipeline.readers.pdf_positions import Word, build_grid
from replica.render.layout_office import render_docx, soffice_convert_many
from replica.render.layouts import report_layouts


def _cells(xs: list[float], ys: list[float]) -> list[tuple[float, float, float, float]]:
    return [(x0, y0, x1, y1) for y0, y1 in zip(ys, ys[1:]) for x0, x1 in zip(xs, xs[1:])]


def test_frame_slivers_alone_are_no_table():
    slivers = [(0, 0, 400, 4), (0, 4, 4, 300), (0, 0, 400, 300)]
    assert build_fragment(slivers, ["", "", ""], 1, 1) is None


def test_third_page_with_one_more_column_edge_continues_the_joined_table():
    """pages 1+2 join (same columns); page 3 has an extra column edge. The joined head keeps no
    cell boxes (it used to IndexError, then stayed a table of its own, its rows headerless):
    its grid's column is split, each head cell covering both parts, and page 3 joins."""
    two = _cells([0, 100, 200], [0, 20, 40])
    three = _cells([0, 50, 100, 200], [0, 20, 40])
    p1 = build_fragment(two, ["规章", "1"] * 2, 1, 1)
    p2 = build_fragment(two, ["规章", "2"] * 2, 2, 1)
    p3 = build_fragment(three, ["a", "b", "3"] * 2, 3, 1)
    (block,) = [b for b in join_pages([[p1], [p2], [p3]], {}) if isinstance(b, TableBlock)]
    grid = block.grid
    assert (grid.n_rows, grid.n_cols) == (6, 3)
    assert grid.rows[0][0] is grid.rows[0][1] and grid.rows[0][0].colspan == 2
    assert [grid.rows[0][c].text for c in range(3)] == ["规章", "规章", "1"]
    assert [grid.rows[5][c].text for c in range(3)] == ["a", "b", "3"]
    joined = join_pages([[p1], [p2]], {})[0].grid
    assert continues(build_fragment(two, ["x"] * 4, 9, 1), p3)
    assert aligned(dataclasses.replace(p1, cells=[], texts=[], grid=joined), p3) is not None


@pytest.mark.parametrize("lines", [
    [],
    [[Word("申请人情况", 10, 60, 0, 8)]],
    [[Word("7", 100, 105, 0, 8)]],
    [[Word("一、行", 10, 40, 0, 8)], [Word("5", 100, 105, 40, 8), Word("6", 100, 105, 41, 8)]],
    [[Word("总计", 100, 116, 0, 8)], [Word("—", 100, 108, 20, 8)], [Word("数量", 10, 26, 400, 8)]],
])
def test_positional_grid_on_degenerate_lines(lines):
    grid = build_grid(lines, "t")
    if grid is not None:
        assert all(len(row) == grid.n_cols for row in grid.rows)
        assert all(cell is not None for row in grid.rows for cell in row)


@pytest.fixture(scope="module")
def short_tables():
    """Tables cut short (rows dropped, the last columns dropped), ruled and unruled, and a report
    whose tables are all gone (prose pages only)."""
    docs = []
    for ruled in (True, False):
        layouts = report_layouts(61)
        cut = [dataclasses.replace(layouts[0], cells=layouts[0].cells[:3],
                                   merges=[m for m in layouts[0].merges if m[2] < 3]),
               dataclasses.replace(layouts[1], cells=layouts[1].cells[:9],
                                   merges=[m for m in layouts[1].merges if m[2] < 9]),
               dataclasses.replace(layouts[2], cells=[r[:6] for r in layouts[2].cells],
                                   merges=[m for m in layouts[2].merges if m[3] < 6])]
        docs.append(render_docx(cut, filler_lines=30, ruled=ruled))
    docs.append(render_docx([], filler_lines=90))
    return soffice_convert_many(docs, ".docx", "pdf")


def test_short_tables_read_what_is_printed(short_tables):
    for i, pdf in enumerate(short_tables[:2]):
        report = extract_bytes(pdf, path=f"short{i}.pdf", ocr=False)
        table = report.tables.get("applications", {})
        # the printed rows that kept their numbers are read; the rest is missing, not made up
        assert table.get("new_received", {}).get("natural_person") is not None
        assert all(cell.semantic in ("number", "missing", "empty", "na")
                   for row in table.values() for cell in row.values())
    # prose alone, without the report's sections or tables: refused, never stored as a report
    with pytest.raises(ExtractError, match=r"^prose\.pdf: not an annual report"):
        extract_bytes(short_tables[2], path="prose.pdf", ocr=False)


def test_fonts_without_unicode_map_go_to_ocr(short_tables):
    """No Unicode map and nothing pdfium can decode: every page becomes a picture for OCR
    with a warning, never paragraphs of glyph codes; without OCR a one-line error."""
    from pipeline.document import ImageBlock
    from pipeline.readers.pdf import read_pdf
    from replica.render.layout_office import without_unicode_maps
    bad = without_unicode_maps(short_tables[0])
    assert len(bad) == len(short_tables[0])
    doc = read_pdf(bad)
    assert doc.blocks and all(isinstance(b, ImageBlock) for b in doc.blocks)
    assert any("no legible text layer" in w for w in doc.warnings)
    # without OCR the report keeps its pictures and says why no cell was read
    report = extract_bytes(bad, path="nomap.pdf", ocr=False)
    assert not any(c.semantic == "number" for table in report.tables.values()
                   for row in table.values() for c in row.values())
    assert any("no legible text layer" in w for w in report.warnings)
    # an ordinary PDF never takes that path
    assert not any(isinstance(b, ImageBlock) for b in read_pdf(short_tables[0]).blocks)


def test_positional_grid_on_mutated_real_lines(short_tables):
    """Lines of a generated unruled PDF with words dropped, duplicated, moved and emptied at
    random (seeded): every mutation gives a rectangular grid or None, never an exception."""
    import random

    import pdfplumber
    import io

    from pipeline.readers.pdf_positions import line_words
    with pdfplumber.open(io.BytesIO(short_tables[1])) as pdf:
        lines = [line_words(ln["chars"]) for page in pdf.pages
                 for ln in page.extract_text_lines(return_chars=True)]
    rng = random.Random(7)
    for _ in range(300):
        mutated = []
        for line in rng.sample(lines, k=min(len(lines), rng.randint(1, 60))):
            words = []
            for w in line:
                roll = rng.random()
                if roll < 0.1:
                    continue
                if roll < 0.2:
                    w = Word(w.text, w.x0 + rng.uniform(-40, 40), w.x1 + rng.uniform(-40, 40),
                             w.top + rng.uniform(-20, 20), w.size)
                elif roll < 0.25:
                    w = Word(rng.choice(["", "0", "—", "（三）", "1."]), w.x0, w.x1, w.top, w.size)
                words.append(w)
                if roll > 0.97:
                    words.append(w)
            mutated.append(words)
        grid = build_grid(mutated, "fuzz")
        if grid is not None:
            assert len({len(row) for row in grid.rows}) == 1
