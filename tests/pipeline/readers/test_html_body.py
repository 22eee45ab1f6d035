"""The HTML reader finds the report body in one pass over the page: it must pick the element
the portals.md §5.5 selectors pick as XPath (earliest selector first, then document order), and
read the same cells and text through lxml.etree's elements as through lxml.html's."""

from __future__ import annotations

import random

import lxml.html
import pytest
from lxml import etree

from pipeline.readers.html import _drop_tree, build_grid, read_html
from pipeline.readers.html_page import CONTENT_SELECTORS, report_body

#: the selectors as XPath, the way the reader evaluated them before the one-pass search
REFERENCE = [f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name[1:]} ')]"
             if name.startswith(".") else f"//*[@id='{name[1:]}']" for name in CONTENT_SELECTORS]
DECOYS = ["art_con2", "zoomed", "TRS_Editor_x", "MsoNormal", "main", "xxgk", "con"]


def reference_body(root):
    for selector in REFERENCE:
        found = root.xpath(selector)
        if found:
            return found[0]
    start = root.xpath('//meta[@name="ContentStart"]')
    if start:
        return start[0].getparent()
    body = root.find("body")
    return body if body is not None else root


def _attributes(rng: random.Random) -> str:
    names = [n[1:] for n in CONTENT_SELECTORS]
    out = []
    if rng.random() < 0.5:
        chosen = rng.sample(names + DECOYS, rng.randint(1, 3))
        # XML whitespace separates names; a no-break space or U+3000 does not
        separator = rng.choice([" ", "\t", "\n ", "  ", "\u00a0", "\u3000"])
        out.append(f'class="{separator.join(chosen)}"')
    if rng.random() < 0.3:
        out.append(f'id="{rng.choice(names + DECOYS)}"')
    return " ".join(out)


def random_page(rng: random.Random) -> str:
    def element(depth: int) -> str:
        if depth > 3 or rng.random() < 0.3:
            if rng.random() < 0.1:
                return '<meta name="ContentStart">'
            return f"<p {_attributes(rng)}>正文{rng.randint(0, 99)}</p>"
        tag = rng.choice(["div", "section", "td", "span"])
        inner = "".join(element(depth + 1) for _ in range(rng.randint(1, 4)))
        if tag == "td":
            return f"<table><tr><td {_attributes(rng)}>{inner}</td></tr></table>"
        return f"<{tag} {_attributes(rng)}>{inner}</{tag}>"
    return f"<html><head><title>t</title></head><body>{element(0)}{element(0)}</body></html>"


@pytest.mark.parametrize("seed", range(300))
def test_one_pass_body_is_the_first_selector_match(seed):
    page = random_page(random.Random(seed))
    root = etree.fromstring(page.encode(), etree.HTMLParser(encoding="utf-8"))
    expected, got = reference_body(root), report_body(root)
    assert got is expected, (page, etree.tostring(expected)[:80], etree.tostring(got)[:80])


def test_a_later_selector_earlier_in_the_page_loses_to_an_earlier_selector():
    page = ('<html><body><div class="xxgk_content"><p>导航</p></div>'
            '<div id="zoom"><p>正文</p></div><div class="x\tart_con"><p>报告</p></div>'
            '</body></html>')
    doc = read_html(page.encode())
    assert [b.text for b in doc.blocks] == ["报告"]


def test_dropped_script_keeps_its_tail_text():
    root = etree.fromstring(b"<div><p>a</p><script>x()</script>tail<b>b</b></div>",
                            etree.HTMLParser())
    div = root.find(".//div")
    _drop_tree(div.find("script"))
    assert "".join(div.itertext()) == "atailb"
    first = etree.fromstring(b"<div><script>x()</script>lead<b>b</b></div>", etree.HTMLParser())
    div = first.find(".//div")
    _drop_tree(div.find("script"))
    assert div.text == "lead"


def test_grid_from_lxml_html_and_lxml_etree_elements_is_the_same():
    from replica.generate import generate_reports
    from replica.render.page import render_html_page

    compared = 0
    for spec in generate_reports(6, seed=3):
        page = render_html_page(spec)
        page = page if isinstance(page, bytes) else page.encode()
        html_tables = lxml.html.document_fromstring(page).iter("table")
        etree_tables = etree.fromstring(page, etree.HTMLParser(encoding="utf-8")).iter("table")
        for i, (a, b) in enumerate(zip(html_tables, etree_tables, strict=True)):
            ga, gb = build_grid(a, f"t{i}"), build_grid(b, f"t{i}")
            assert [[(c.text, c.row, c.col, c.rowspan, c.colspan, c.locator) for c in row]
                    for row in ga.rows] == \
                   [[(c.text, c.row, c.col, c.rowspan, c.colspan, c.locator) for c in row]
                    for row in gb.rows]
            compared += sum(len(row) for row in ga.rows)
    assert compared > 500


@pytest.mark.parametrize("seed", range(60))
def test_inner_text_is_the_itertext_join(seed):
    from pipeline.readers.html import _inner_text

    rng = random.Random(seed)
    bits = ["字", "&nbsp;", "&amp;", "&#12288;", "<br>", "<b>粗</b>", " \t\n ", "<span>1</span>",
            "<o:p></o:p>", "<p>段</p>", "<table><tr><td>内</td></tr></table>", "😀", "&lt;x&gt;"]
    cells = "".join(f"<td>{''.join(rng.choices(bits, k=rng.randint(0, 8)))}</td>"
                    for _ in range(6))
    page = f"<html><body><table><tr>{cells}</tr></table>tail</body></html>"
    root = etree.fromstring(page.encode(), etree.HTMLParser(encoding="utf-8",
                                                            remove_comments=True))
    for td in root.iter("td"):
        assert _inner_text(td) == "".join(td.itertext())
