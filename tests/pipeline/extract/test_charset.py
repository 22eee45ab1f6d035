"""Issue 17 case 5: a declared charset is verified, not trusted; UTF-16 with a BOM is text.

The pages are the generator's portal pages of the seeds, re-encoded the ways real producers get
it wrong: a template that says UTF-8 around an article pasted in GB18030, a GBK declaration
around UTF-8 bytes, a Windows editor's UTF-16 with a byte-order mark.
"""

from __future__ import annotations

import pytest

from pipeline.extract import extract_bytes
from pipeline.readers.charset import decode, decode_markup
from pipeline.readers.detect import HTML, TEXT, detect
from replica.render.page import render_html_page


def _tables(report) -> dict:
    return report.to_json()["tables"]


@pytest.fixture(scope="module")
def page_001(seed_specs) -> str:
    return render_html_page(seed_specs["001"][1]).decode("utf-8")


def test_page_declared_utf8_but_served_in_gb18030_is_read(page_001):
    assert 'charset=utf-8' in page_001
    honest = extract_bytes(page_001.encode("utf-8"), url="http://x/a.html",
                           content_type="text/html; charset=utf-8")
    lying = extract_bytes(page_001.encode("gb18030"), url="http://x/b.html",
                          content_type="text/html; charset=utf-8")
    assert _tables(honest) and _tables(lying) == _tables(honest)
    assert (lying.agency, lying.title) == (honest.agency, honest.title) and honest.agency
    assert any("declares charset utf-8" in w and "GB18030" in w for w in lying.warnings)
    assert not any("charset" in w for w in honest.warnings)


def test_meta_declaration_is_checked_like_the_header(page_001):
    """No HTTP header (an imported file): the page's own meta tag is the claim that is verified."""
    data = page_001.replace("charset=utf-8", "charset=gbk").encode("utf-8")
    text, warnings = decode_markup(data)
    assert text == page_001.replace("charset=utf-8", "charset=gbk")
    assert warnings and "declares charset gbk" in warnings[0] and "UTF-8" in warnings[0]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_html_with_a_bom_is_read_whatever_it_declares(page_001, codec):
    data = page_001.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    assert detect(data) == HTML
    report = extract_bytes(data, url="http://x/c.html", content_type="text/html; charset=utf-8")
    reference = extract_bytes(page_001.encode("utf-8"), url="http://x/c.html")
    assert _tables(report) == _tables(reference)
    assert not any("charset" in w for w in report.warnings)


def test_utf16_text_layer_is_read_as_text(seed_specs):
    path, _ = seed_specs["002"]
    raw = path.read_bytes()
    data = raw.decode("utf-8").encode("utf-16")  # BOM + little-endian, as Notepad saves
    assert b"\x00" in data[:64] and detect(data) == TEXT
    report = extract_bytes(data, path="002-utf16.txt")
    assert _tables(report) == _tables(extract_bytes(raw, path="002.txt"))
    assert _tables(report)["applications"]


def test_bytes_in_no_charset_are_replaced_and_counted():
    text, warnings = decode(b"\xe5\xb9\xb4\xff\xfe\xff\x81", "utf-8")
    assert text.startswith("年") and "\ufffd" in text and len(warnings) == 1
    assert "not valid in any known charset" in warnings[-1]


def test_unknown_declared_charset_is_named():
    text, warnings = decode("年度报告".encode("utf-8"), "x-klingon")
    assert text == "年度报告" and "unknown charset 'x-klingon'" in warnings[0]
