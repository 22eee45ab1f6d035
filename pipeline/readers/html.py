"""HTML reader: portal article pages as served (navigation, scripts, layout tables and all).

Charset from a BOM, else the HTTP header or meta tag when the bytes agree, else UTF-8/GB18030
(recorded as a warning; readers/charset.py); the
report body from the first known content container (portals.md §5.5) or the ContentStart /
ContentEnd markers; facts around the body (title, 发布日期/发布时间/成文日期, 索引号, PubDate) into
``Document.page_meta``. Every data ``<table>`` becomes a span-expanded Grid; tables that only
lay out the page (a wrapper cell around the body, nested tables) are read through.
"""

from __future__ import annotations

import re
from typing import Callable
from urllib.parse import urljoin

from lxml import etree

from pipeline.document import Block, Document, Grid, GridCell, ImageBlock, Paragraph, TableBlock
from pipeline.readers import ReadError
from pipeline.readers.charset import decode_markup
from pipeline.readers.html_page import page_meta, report_body
from pipeline.readers.limits import MAX_GRID_CELLS

_DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "select")
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section",
               "article", "blockquote", "center", "dd", "dt", "dl", "pre", "address", "tr",
               "header", "footer", "main", "form", "fieldset", "hr"}
_ASCII_WS = " \t\r\n\f\v"
_LINE_RUNS = re.compile(r"[ \t\r\f\v]+")
_CELL_RUNS = re.compile(r"[ \t\r\n\f\v]+")
MAX_COLSPAN = 64
MAX_ROWSPAN = 1000
#: a cell holding this much text is a page wrapper, not a statistics cell
LAYOUT_CELL_CHARS = 300


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """The page's text; a declared charset the bytes contradict is overruled (charset.py)."""
    return decode_markup(data, content_type)[0]


def _text_of(element, *, skip_tables: bool = True) -> str:
    """Text of an element, <br>/<p> boundaries joined with a line break, nested tables left out."""
    parts: list[str] = []

    def walk(el) -> None:
        if el is not element and skip_tables and el.tag == "table":
            return
        if isinstance(el.tag, str):
            if el.tag == "br" or (el.tag in _BLOCK_TAGS and parts and el is not element):
                parts.append("\n")
            if el.text:
                parts.append(el.text)
            for child in el:
                walk(child)
                if child.tail:
                    parts.append(child.tail)

    walk(element)
    text = "".join(parts)
    lines = [_LINE_RUNS.sub(" ", line).strip(_ASCII_WS) for line in text.split("\n")]
    return "\n".join(line for line in lines if line.strip(_ASCII_WS))


def _cell_text(td, *, nested: bool = True) -> str:
    """A grid cell's text: lines joined (labels wrap inside cells), nested tables left out
    (``nested=False``: the caller knows the table holds none)."""
    if nested and next(td.iter("table"), None) is not None:
        return _text_of(td).replace("\n", "")
    return _CELL_RUNS.sub(" ", _inner_text(td)).strip(_ASCII_WS)


def _inner_text(el) -> str:
    """All text below ``el``, as ``"".join(el.itertext())`` (comments and processing
    instructions are gone at parse time) but serialised by libxml2: ≈ 6× faster per cell."""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def _holds_tables(table) -> bool:
    return any(t is not table for t in table.iter("table"))


def _rows_of(table, nested: bool = True) -> list:
    if not nested:
        return list(table.iter("tr"))
    return [tr for tr in table.iter("tr") if _owner_table(tr) is table]


def _owner_table(el):
    parent = el.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


_LEADING_DIGITS = re.compile(r"\s*\+?(\d+)")


def _span(value: str | None, limit: int, *, zero: int = 1) -> int:
    """A span as browsers parse it: leading digits ("2.5" is 2), anything else 1, ``0`` is
    ``zero`` (for rowspan: the rest of the table; colspan=0 is invalid, read as 1), clamped."""
    if value is None:
        return 1
    found = _LEADING_DIGITS.match(value)
    if not found:
        return 1
    n = int(found.group(1)[:9])
    return max(1, min(zero if n == 0 else n, limit))


def build_grid(table, locator: str) -> Grid:
    """Expand rowspan/colspan into a full rectangular grid (absurd spans clamped; a grid over
    ``MAX_GRID_CELLS`` is refused before it is allocated)."""
    nested = _holds_tables(table)
    trs = _rows_of(table, nested)
    rows: list[list[GridCell | None]] = [[] for _ in trs]
    slots = 0
    for r, tr in enumerate(trs):
        c = 0
        for k, td in enumerate(x for x in tr if x.tag in ("td", "th")):
            while c < len(rows[r]) and rows[r][c] is not None:
                c += 1
            rest = len(trs) - r
            rowspan = _span(td.get("rowspan"), min(MAX_ROWSPAN, rest), zero=rest)
            colspan = _span(td.get("colspan"), MAX_COLSPAN)
            slots += rowspan * colspan
            if slots > MAX_GRID_CELLS:
                raise ReadError(f"table {locator}: its row and column spans expand to more "
                                f"than {MAX_GRID_CELLS} cells (limit reached at row {r + 1})")
            cell = GridCell(_cell_text(td, nested=nested), r, c, rowspan, colspan,
                            f"{locator}/tr[{r + 1}]/td[{k + 1}]")
            for rr in range(r, r + rowspan):
                row = rows[rr]
                while len(row) < c + colspan:
                    row.append(None)
                for cc in range(c, c + colspan):
                    if row[cc] is None:
                        row[cc] = cell
            c += colspan
    width = max((len(r) for r in rows), default=0)
    if width * len(rows) > MAX_GRID_CELLS:
        raise ReadError(f"table {locator} is {len(rows)} rows × {width} columns, over the "
                        f"limit of {MAX_GRID_CELLS} cells")
    grid_rows: list[list[GridCell]] = []
    for r, row in enumerate(rows):
        row += [None] * (width - len(row))
        grid_rows.append([cell if cell is not None else
                          GridCell("", r, c, locator=f"{locator}/tr[{r + 1}]/pad[{c + 1}]")
                          for c, cell in enumerate(row)])
    return Grid(grid_rows, locator)


def is_layout_table(table) -> bool:
    """A table that arranges the page (wraps the body, holds other tables) rather than data."""
    # a table inside is a layout table's mark: its outermost nested tables are owned by it
    if _holds_tables(table):
        return True
    trs = _rows_of(table, nested=False)
    cells = [td for tr in trs for td in tr if td.tag in ("td", "th")]
    if len(trs) <= 1 or len(cells) <= 1:
        return True
    return any(len(_inner_text(td)) > LAYOUT_CELL_CHARS for td in cells)


class _Walker:
    def __init__(self, base_url: str | None, resolver: Callable[[str], bytes | None] | None):
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.tables = 0
        self.images = 0
        self.base_url, self.resolver = base_url, resolver

    def flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer = []
        for line in text.split("\n"):
            line = _LINE_RUNS.sub(" ", line).strip(_ASCII_WS)
            if line.strip():
                self.blocks.append(Paragraph(line, f"html:p[{len(self.blocks) + 1}]"))

    def walk(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag == "table":
            self.flush()
            self.tables += 1
            if is_layout_table(el):
                self._children(el)
            else:
                grid = build_grid(el, f"html:table[{self.tables}]")
                self.blocks.append(TableBlock(grid))
                for nested in el.iter("table"):
                    if nested is not el:
                        self.walk(nested)
            self.flush()
            return
        if tag == "img":
            self.flush()
            self.images += 1
            src = el.get("src") or el.get("data-src") or ""
            ref = urljoin(self.base_url, src) if self.base_url else src
            data = self.resolver(ref) if self.resolver and ref else None
            self.blocks.append(ImageBlock(ref, data, f"html:img[{self.images}]"))
            return
        if tag == "br":
            self.buffer.append("\n")
            return
        block = tag in _BLOCK_TAGS or tag in ("td", "th")
        if block:
            self.buffer.append("\n")
        if el.text and tag is not None:
            self.buffer.append(el.text)
        self._children(el)
        if block:
            self.buffer.append("\n")

    def _children(self, el) -> None:
        for child in el:
            self.walk(child)
            if child.tail:
                self.buffer.append(child.tail)


def _drop_tree(el) -> None:
    """Remove ``el`` and its subtree; its tail text stays, joined to what precedes it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + el.tail
        else:
            previous.tail = (previous.tail or "") + el.tail
    parent.remove(el)


def read_html(data: bytes, *, content_type: str | None = None, url: str | None = None,
              image_resolver: Callable[[str], bytes | None] | None = None,
              **_: object) -> Document:
    text, charset_warnings = decode_markup(data, content_type)
    # lxml.etree's own elements: lxml.html's Python class lookup ran for every element touched
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                              no_network=True, huge_tree=False)
    # None: "Document is empty", a page cut before its first element
    root = etree.fromstring(text.encode("utf-8"), parser) if text.strip() else None
    if root is None:
        return Document([], "text/html", "html", warnings=charset_warnings)
    for el in list(root.iter(*_DROP)):
        _drop_tree(el)
    body = report_body(root)
    walker = _Walker(url, image_resolver)
    walker.walk(body)
    walker.flush()
    return Document(walker.blocks, "text/html", "html", page_meta=page_meta(root, body),
                    warnings=charset_warnings)

