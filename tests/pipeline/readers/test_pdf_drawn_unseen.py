"""The PDF reader on drawn PDFs of draws not looked at while the reader was written
(``replica.render.textlayer_pdf.render_drawn_pdf``, generator seed 19)."""

from __future__ import annotations

from benchmarks.textlayer import score_tables
from pipeline.extract import extract_bytes
from replica.generate import generate_reports
from replica.render.textlayer_pdf import render_drawn_pdf


def test_table_four_total_printed_as_heji_wrapped_one_character_a_line_is_one_leaf():
    # agencies print 总计 as 合计; set 合 / 计 one character a line, 合 was no template header's
    # first line in table 四, so it read as a header spanning its neighbour and 计 as a leaf:
    # table 四 had a header level too many and no reading (15 cells missing)
    spec = [s for s in generate_reports(16, 19) if not s.layout.tables_as_images][3]
    pdf = render_drawn_pdf(spec, seed=3, rulings="none")
    per_table, wrongs = score_tables(extract_bytes(pdf, path=f"{spec.slug}.pdf", ocr=False), spec)
    assert not wrongs
    assert per_table["review_litigation"] == [15, 0, 0], per_table
