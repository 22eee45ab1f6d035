"""Page pictures of one PDF (pipeline/ocr/pages.py, grid._closed_by_cut): a table cut by its
page's edge keeps its outer column, and a table split over two pages is joined again. On a
generated table 三 drawn by replica/render/png.py, cut as Chromium clips a table wider than
its page (the horizontal rules run into the margin, the outer column has no rule)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from pipeline.document import ImageBlock, Paragraph, TableBlock
from pipeline.ocr import grid as G
from pipeline.ocr.pages import column_rules, join_page_breaks
from replica.generate import generate_reports
from replica.render import render_table_png


def _gray() -> np.ndarray:
    spec = generate_reports(1, seed=93, broken_share=0.0)[0]
    png = render_table_png(spec, "applications")
    return np.asarray(Image.open(io.BytesIO(png)).convert("L"))


def _clipped(gray: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """The picture cut half way into its last column, with the whole table's rules."""
    regions, _, _ = G.find_tables(gray)
    xs = regions[0].xs
    cut = (xs[-2] + xs[-1]) // 2
    return np.ascontiguousarray(gray[:, :cut + 1]), xs


def test_a_column_cut_by_the_page_edge_is_kept_and_said_to_be_cut():
    gray = _gray()
    clipped, whole = _clipped(gray)
    regions, _, _ = G.find_tables(clipped)
    assert len(regions) == 1
    region = regions[0]
    assert len(region.xs) == len(whole)  # the cut column is still a column
    assert all(abs(a - b) <= 3 for a, b in zip(region.xs[:-1], whole[:-1]))
    assert region.cuts == (region.xs[-1],)


def test_an_uncut_table_has_no_cut():
    regions, _, _ = G.find_tables(_gray())
    assert regions and all(r.cuts == () for r in regions)


def _grid(gray: np.ndarray, prefix: str):
    regions, horizontal, vertical = G.find_tables(gray)
    return G.region_grid(regions[0], horizontal, vertical, [], prefix, gray)


def test_a_table_split_over_two_pages_is_joined_only_where_its_columns_go_on():
    gray = _gray()
    regions, _, _ = G.find_tables(gray)
    ys = regions[0].ys
    middle = ys[len(ys) // 2]
    top, bottom = gray[:middle + 2], gray[middle - 2:]
    first, second = _grid(top, "ocr:image1"), _grid(bottom, "ocr:image2")
    assert column_rules(first) and len(column_rules(first)) == len(column_rules(second))
    pages = [(ImageBlock("pdf:p1", b"", "pdf:p1"), [TableBlock(first)]),
             (ImageBlock("pdf:p2", b"", "pdf:p2"), [TableBlock(second), Paragraph("x", "p")])]
    read, notes = join_page_breaks([(b, list(f)) for b, f in pages])
    assert len(notes) == 1 and "joined" in notes[0]
    joined = read[0][1][-1].grid
    assert joined.n_rows == first.n_rows + second.n_rows
    assert all(cell.row == r for r, row in enumerate(joined.rows) for cell in row[:1]
               if cell.rowspan == 1)
    assert [type(b) for b in read[1][1]] == [Paragraph]
    # not on the same page's next picture, nor where the columns differ
    narrow = _grid(np.ascontiguousarray(bottom[:, :regions[0].xs[-2] - 4]), "ocr:image2")
    other = [(ImageBlock("pdf:p1", b"", "pdf:p1"), [TableBlock(first)]),
             (ImageBlock("pdf:p2", b"", "pdf:p2"), [TableBlock(narrow)])]
    assert join_page_breaks(other)[1] == []
    same_page = [(ImageBlock("pdf:p1/img1", b"", "pdf:p1/img1"), [TableBlock(first)]),
                 (ImageBlock("pdf:p1/img2", b"", "pdf:p1/img2"), [TableBlock(second)])]
    assert join_page_breaks(same_page)[1] == []
