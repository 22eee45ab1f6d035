"""The DOCX reader's paragraph and cell text take one scan where nothing needs leaving out; on
random WordprocessingML (text boxes, alternate content, nested tables, breaks, tabs) they must
say exactly what the ancestor-walking reading says."""

from __future__ import annotations

import random

import pytest
from lxml import etree

from pipeline.readers import docx_text as X
from pipeline.readers.docx import build_grid

NS = f'xmlns:w="{X.W}" xmlns:mc="{X.MC}" xmlns:a="{X.A}" xmlns:v="{X.V}" xmlns:r="{X.R}"'


def reference_paragraph_text(p) -> str:
    parts = []
    for el in p.iter(X.T, X.TAB, X.BR, X.CR, X.TXBX, X.FALLBACK):
        if el.tag == X.T:
            if not X.inside_any(el, p, (X.TXBX, X.FALLBACK)):
                parts.append(el.text or "")
        elif el.tag == X.TAB and not X.inside_any(el, p, (X.TXBX,)):
            parts.append("\t")
        elif el.tag in (X.BR, X.CR) and not X.inside_any(el, p, (X.TXBX,)):
            parts.append("\n")
    return "".join(parts)


def reference_cell_text(tc) -> str:
    return "".join(reference_paragraph_text(p).replace("\t", " ").replace("\n", "")
                   for p in tc.iter(X.P) if not X.inside_any(p, tc, (X.TBL,)))


class Words:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def run(self, depth: int) -> str:
        rng = self.rng
        choice = rng.random()
        if depth < 2 and choice < 0.1:  # a text box, in both branches of alternate content
            box = f"<w:txbxContent>{self.paragraph(depth + 1)}</w:txbxContent>"
            return (f"<w:r><mc:AlternateContent><mc:Choice>{box}</mc:Choice>"
                    f"<mc:Fallback>{box}</mc:Fallback></mc:AlternateContent></w:r>")
        if depth < 2 and choice < 0.15:  # a VML box without alternate content
            return f"<w:r><w:pict><w:txbxContent>{self.paragraph(depth + 1)}</w:txbxContent></w:pict></w:r>"
        if choice < 0.2:
            return f'<w:r><a:blip r:embed="rId{rng.randint(1, 9)}"/></w:r>'
        inner = rng.choice(["<w:tab/>", "<w:br/>", "<w:cr/>", "", "", ""])
        return f"<w:r>{inner}<w:t>字{rng.randint(0, 99)} </w:t></w:r>"

    def paragraph(self, depth: int = 0) -> str:
        return f"<w:p>{''.join(self.run(depth) for _ in range(self.rng.randint(0, 4)))}</w:p>"

    def cell(self, depth: int) -> str:
        rng = self.rng
        parts = [self.paragraph() for _ in range(rng.randint(1, 3))]
        if depth < 1 and rng.random() < 0.2:
            parts.insert(rng.randint(0, len(parts)), self.table(depth + 1))
        if rng.random() < 0.15:  # a content control around a paragraph
            parts.append(f"<w:sdt><w:sdtContent>{self.paragraph()}</w:sdtContent></w:sdt>")
        props = ""
        if rng.random() < 0.3:
            merge = rng.choice(['<w:vMerge/>', '<w:vMerge w:val="restart"/>', ""])
            span = rng.choice(["", '<w:gridSpan w:val="2"/>'])
            props = f"<w:tcPr><w:tcW w:w=\"100\"/>{span}{merge}</w:tcPr>"
        return f"<w:tc>{props}{''.join(parts)}</w:tc>"

    def table(self, depth: int = 0) -> str:
        rng = self.rng
        rows = "".join(f"<w:tr>{''.join(self.cell(depth) for _ in range(rng.randint(1, 4)))}</w:tr>"
                       for _ in range(rng.randint(1, 4)))
        return f"<w:tbl>{rows}</w:tbl>"


@pytest.mark.parametrize("seed", range(200))
def test_paragraph_and_cell_text_match_the_ancestor_walk(seed):
    words = Words(random.Random(seed))
    root = etree.fromstring(f"<w:body {NS}>{words.paragraph()}{words.table()}</w:body>")
    for p in root.iter(X.P):
        assert X.paragraph_text(p) == reference_paragraph_text(p)
    for tc in root.iter(X.TC):
        assert X.cell_text(tc) == reference_cell_text(tc)


def test_random_tables_are_not_trivial():
    """The generator makes the cases the fast paths step aside for."""
    boxes = nested = tabs = 0
    for seed in range(200):
        xml = Words(random.Random(seed)).table()
        boxes += "txbxContent" in xml
        nested += xml.count("<w:tbl>") > 1
        tabs += "<w:tab/>" in xml
    assert min(boxes, nested, tabs) > 20


@pytest.mark.parametrize("seed", range(40))
def test_each_grid_cell_holds_the_text_of_its_w_tc(seed):
    tbl = etree.fromstring(Words(random.Random(seed)).table().replace("<w:tbl>", f"<w:tbl {NS}>", 1))
    grid = build_grid(tbl, "docx:tbl1")
    expected = {f"docx:tbl1/r{r + 1}/c{k + 1}": reference_cell_text(tc)
                for r, tr in enumerate(tbl.iterchildren(X.w("tr")))
                for k, tc in enumerate(tr.iterchildren(X.TC))}
    read = {c.locator: c.text for row in grid.rows for c in row if "/c" in c.locator}
    assert read and all(expected[locator] == text for locator, text in read.items())
