"""Tables drawn straight into a PDF content stream, with cell geometry LibreOffice never makes.

pdftotext's reading order (without -layout) depends on where the words stand, so a reader of
that order must hold for tables drawn by other producers, not only for our DOCX as LibreOffice
lays it out. ``render_drawn_pdf`` draws the report's headings and its three tables with a
geometry drawn from ``seed``: column widths, row heights, font sizes, cell padding, horizontal
and vertical alignment, labels wrapped to the cell width, the table's width and left margin,
page breaks inside a table (with or without the header repeated) and the digit widths of
different fonts. ``rulings`` says which lines a producer draws: every cell's box (``grid``), none
(``none``: many WPS/Word exports of tables set without borders), only the table's outer frame on
each page (``frame``), or only the horizontal rules between rows (``horizontal``: the
"three-line" style and Word's horizontal-borders-only tables). Text is written as a Type0 font with a ToUnicode map and no embedded glyphs,
as many producers do for CJK: the text layer is exact, the picture is not our concern.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass

from pipeline.template import ACTIVE, APPLICATIONS, REVIEW, SECTION_HEADINGS, TABLE_SECTION
from replica.render.grid import PCell, anchors, grid_width, table_grids
from replica.render.textlayer_pdfwrite import PAGE_H, PAGE_W, Font, write_pdf
from replica.spec import ReportSpec

__all__ = ["render_drawn_pdf", "Geometry", "with_unique_numbers", "RULINGS"]

#: which lines a producer draws around the cells
RULINGS = ("grid", "none", "frame", "horizontal")

@dataclass
class Geometry:
    """How one drawn report sets its tables (all lengths in PDF points)."""

    font_size: float
    header_font_size: float
    digit_width: float  # of the em, by font: 0.5 (SimSun-like), 0.556 (Arial-like), 0.6
    padding: float
    row_height: float
    align: str  # value cells: "left", "center", "right"
    valign: str  # "top", "middle", "bottom"
    table_width: float
    left: float
    first_col_share: float  # of the table width, the label column
    jitter: float  # column widths vary by up to this share
    repeat_header: bool
    bottom_margin: float

    @classmethod
    def drawn(cls, seed: int) -> "Geometry":
        rng = random.Random(seed)
        size = rng.choice((7.5, 9, 10.5, 12))
        width = rng.uniform(400, 540)
        return cls(font_size=size, header_font_size=size * rng.choice((0.85, 1.0, 1.0, 1.15)),
                   digit_width=rng.choice((0.5, 0.556, 0.6)), padding=rng.uniform(1.5, 6),
                   row_height=size * rng.uniform(1.6, 3.2),
                   align=rng.choice(("left", "center", "right")),
                   valign=rng.choice(("top", "middle", "bottom")), table_width=width,
                   left=rng.uniform(30, PAGE_W - width - 25),
                   first_col_share=rng.uniform(0.16, 0.4), jitter=rng.uniform(0, 0.5),
                   repeat_header=rng.random() < 0.5, bottom_margin=rng.uniform(40, 300))


class _Pages:
    def __init__(self, font: Font, rulings: str = "grid", missing_rules: float = 0.0,
                 rng: random.Random | None = None) -> None:
        self.font = font
        self.rulings = rulings
        #: share of cell borders left out (a producer's cells with some borders set to none)
        self.missing_rules = missing_rules
        self.rng = rng or random.Random(0)
        self.pages: list[list[str]] = [[]]

    def text(self, x: float, y: float, size: float, text: str) -> None:
        self.pages[-1].append(f"BT /F1 {size:.2f} Tf {x:.2f} {y:.2f} Td "
                              f"{self.font.encode(text)} Tj ET")

    def rect(self, x: float, y: float, w: float, h: float) -> None:
        if not self.missing_rules:
            self.pages[-1].append(f"{x:.2f} {y:.2f} {w:.2f} {h:.2f} re S")
            return
        for x0, y0, x1, y1 in ((x, y, x + w, y), (x, y + h, x + w, y + h), (x, y, x, y + h),
                               (x + w, y, x + w, y + h)):
            self.line(x0, y0, x1, y1)

    def hline(self, x0: float, x1: float, y: float) -> None:
        self.line(x0, y, x1, y)

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        if self.missing_rules and self.rng.random() < self.missing_rules:
            return
        self.pages[-1].append(f"{x0:.2f} {y0:.2f} m {x1:.2f} {y1:.2f} l S")

    def width(self, text: str, size: float) -> float:
        return sum(self.font.width(ch) for ch in text) * size

    def new_page(self) -> None:
        self.pages.append([])


def _wrap(pages: _Pages, text: str, size: float, room: float) -> list[str]:
    """The text's lines in a cell ``room`` wide: its own line breaks, then by width."""
    lines = []
    for part in text.split("\n"):
        line = ""
        for ch in part:
            if line and pages.width(line + ch, size) > room:
                lines.append(line)
                line = ""
            line += ch
        lines.append(line)
    return lines


def _column_widths(rows, geo: Geometry, rng: random.Random) -> list[float]:
    """Label columns (no value anchored in them) share the label part of the width, the
    innermost the most; value columns the rest, each varied by up to ``jitter``."""
    n = grid_width(rows)
    valued = {c for placed in anchors(rows) for c, cell in placed if cell.kind == "value"}
    labels = [c for c in range(n) if c not in valued]
    share = [2.0 ** k for k in range(len(labels))]
    label_width = geo.table_width * min(geo.first_col_share * (1 + 0.5 * (len(labels) - 1)), 0.6) \
        if labels else 0.0
    raw = [1 + rng.uniform(-geo.jitter, geo.jitter) for _ in range(n - len(labels))]
    # a producer sizes a value column to hold its widest number: never narrower than that
    widest = max((len(cell.text) for placed in anchors(rows) for _, cell in placed
                  if cell.kind == "value"), default=1)
    need = widest * geo.digit_width * geo.font_size + 2 * geo.padding + 2
    label_width = min(label_width, geo.table_width - need * sum(raw) / min(raw))
    rest = geo.table_width - label_width
    widths, values = [], iter(raw)
    for c in range(n):
        if c in labels:
            widths.append(label_width * share[labels.index(c)] / sum(share))
        else:
            widths.append(rest * next(values) / sum(raw))
    return widths


def _draw_cell(pages: _Pages, cell: PCell, x: float, top: float, w: float, h: float,
               geo: Geometry, lines: list[str] | None = None) -> list[str]:
    """Rules the cell and writes its text (or ``lines``, the rest of a cell broken by the page);
    returns the lines that did not fit: a cell cut by the page break goes on in its
    continuation on the next page, as Word and WPS flow it, never over the rows above."""
    size = geo.font_size if cell.kind in ("value", "label") else geo.header_font_size
    _rule_cell(pages, x, top, w, h)
    # a number is never broken (a producer shrinks or overflows it); labels wrap
    if lines is None:
        lines = [cell.text] if cell.kind == "value" else \
            _wrap(pages, cell.text, size, max(w - 2 * geo.padding, size))
    lead = size * 1.25
    block = lead * len(lines)
    valign, rest = geo.valign, []
    if block > h - 2 * geo.padding and cell.rowspan > 1 and len(lines) > 1:
        fit = max(int((h - 2 * geo.padding) // lead), 1)
        lines, rest, valign = lines[:fit], lines[fit:], "top"
        block = lead * len(lines)
    y0 = {"top": top - geo.padding - size,
          "middle": top - (h - block) / 2 - size,
          "bottom": top - h + geo.padding + block - size}[valign]
    align = geo.align if cell.kind == "value" else ("left" if cell.kind == "label" else "center")
    for k, line in enumerate(lines):
        lw = pages.width(line, size)
        dx = {"left": geo.padding, "center": (w - lw) / 2,
              "right": w - geo.padding - lw}[align]
        pages.text(x + max(dx, 0.5), y0 - k * lead, size, line)
    return rest


def _rule_cell(pages: _Pages, x: float, top: float, w: float, h: float) -> None:
    if pages.rulings == "grid":
        pages.rect(x, top - h, w, h)
    elif pages.rulings == "horizontal":  # the cell's top and bottom borders, not through a merge
        pages.hline(x, x + w, top)
        pages.hline(x, x + w, top - h)


def _row_heights(pages: _Pages, rows, widths: list[float], geo: Geometry) -> list[float]:
    """Each grid row tall enough for the wrapped text of the one-row cells anchored in it."""
    heights = [geo.row_height] * len(rows)
    for r, placed in enumerate(anchors(rows)):
        for c, cell in placed:
            if cell.rowspan != 1 or cell.kind == "value":
                continue
            w = sum(widths[c:c + cell.colspan])
            size = geo.font_size if cell.kind in ("value", "label") else geo.header_font_size
            n = len(_wrap(pages, cell.text, size, max(w - 2 * geo.padding, size)))
            heights[r] = max(heights[r], n * size * 1.25 + 2 * geo.padding)
    for r, placed in enumerate(anchors(rows)):  # a spanning cell's text fits its rows
        for c, cell in placed:
            if cell.rowspan > 1:
                w = sum(widths[c:c + cell.colspan])
                size = geo.header_font_size
                n = len(_wrap(pages, cell.text, size, max(w - 2 * geo.padding, size)))
                need = n * size * 1.25 + 2 * geo.padding
                have = sum(heights[r:r + cell.rowspan])
                if need > have:
                    heights[r + cell.rowspan - 1] += need - have
    return heights


def _draw_table(pages: _Pages, rows, y: float, geo: Geometry, rng: random.Random) -> float:
    widths = _column_widths(rows, geo, rng)
    heights = _row_heights(pages, rows, widths, geo)
    placed = anchors(rows)
    header = 0
    while header < len(rows) and all(cell.kind != "value" for _, cell in placed[header]):
        header += 1
    header = min(header, len(rows) - 1)
    # first where every row goes (page parts of (row, top)), then the cells, so that a cell
    # spanning rows ends with the last of them on its page, as a producer's table does
    usable = PAGE_H - 60 - geo.bottom_margin
    parts: list[list[tuple[int, float]]] = [[]]
    r = 0
    while r < len(rows):
        span = max(cell.rowspan for _, cell in placed[r]) if placed[r] else 1
        block = sum(heights[r:r + span])
        # a spanning cell is kept on one page where it fits on one (below the repeated header);
        # else rows break one by one
        room = usable - (sum(heights[:header]) if geo.repeat_header else 0)
        step = span if block <= room else 1
        if y - sum(heights[r:r + step]) < geo.bottom_margin and r >= header and r > 0:
            parts.append([])
            y = PAGE_H - 60
            for h in range(header if geo.repeat_header else 0):
                parts[-1].append((h, y))
                y -= heights[h]
        for k in range(step):
            parts[-1].append((r + k, y))
            y -= heights[r + k]
        r += step
    pending: dict[tuple[int, int], list[str]] = {}  # (row, col) -> lines cut by the page
    for n, part in enumerate(parts):
        if n:
            pages.new_page()
        _draw_part(pages, placed, part, widths, heights, geo, header, pending, continued=n > 0)
    return y


def _draw_part(pages: _Pages, placed, part: list[tuple[int, float]], widths: list[float],
               heights: list[float], geo: Geometry, header: int,
               pending: dict[tuple[int, int], list[str]], continued: bool) -> None:
    """The rows of one page: each cell down to the last of its rows on the page, and the
    empty continuation of a cell that spans rows from the page before (Word and WPS rule it)."""
    order = [r for r, _ in part]
    tops = dict(part)
    for i, (r, top) in enumerate(part):
        for c, cell in placed[r]:
            k = 1
            while k < cell.rowspan and i + k < len(order) and order[i + k] == r + k:
                k += 1
            x, w = geo.left + sum(widths[:c]), sum(widths[c:c + cell.colspan])
            rest = _draw_cell(pages, cell, x, top, w, sum(heights[r:r + k]), geo)
            if rest:
                pending[(r, c)] = rest
    body = next((r for r in order if r >= header), None) if continued else None
    if body is not None:
        for a in range(body):
            for c, cell in placed[a]:
                if a + cell.rowspan > body and a not in tops:
                    k = min(a + cell.rowspan, order[-1] + 1) - body
                    x, w = geo.left + sum(widths[:c]), sum(widths[c:c + cell.colspan])
                    pending[(a, c)] = _draw_cell(pages, cell, x, tops[body], w,
                                                 sum(heights[body:body + k]), geo,
                                                 lines=pending.get((a, c), []))
    if part:
        last = part[-1]
        _frame(pages, geo.left, geo.left + sum(widths), part[0][1], last[1] - heights[last[0]])


def _frame(pages: _Pages, left: float, right: float, top: float, bottom: float) -> None:
    if pages.rulings == "frame":
        pages.rect(left, bottom, right - left, top - bottom)


def with_unique_numbers(spec: ReportSpec) -> ReportSpec:
    """A copy of ``spec`` whose printed numbers are all different (table 二 from 10, 四 from
    50, 三 from 100, numbered in template order), so that a text layer shows the order in
    which a tool prints the cells. Its identities no longer hold: for reading-order probes of
    readers that don't need them."""
    out = copy.deepcopy(spec)
    for table_id, start in ((ACTIVE, 10), (REVIEW, 50), (APPLICATIONS, 100)):
        n = start
        for cols in out.tables.get(table_id, {}).values():
            for col, value in cols.items():
                if isinstance(value, (int, float)):
                    cols[col] = n
                    n += 1
    out.slug = f"{spec.slug}-unique"
    return out


def render_drawn_pdf(spec: ReportSpec, seed: int, rulings: str = "grid",
                     geometry: Geometry | None = None, missing_rules: float = 0.0) -> bytes:
    """The report's title, table headings and tables 二, 三, 四 as a PDF drawn with the
    geometry ``Geometry.drawn(seed)`` (or ``geometry``) and the lines ``rulings`` (one of
    ``RULINGS``), of which a share ``missing_rules`` of the border segments is left out."""
    if rulings not in RULINGS:
        raise ValueError(f"unknown rulings {rulings!r} (one of {', '.join(RULINGS)})")
    geo = geometry or Geometry.drawn(seed)
    rng = random.Random(seed + 1)
    pages = _Pages(Font(geo.digit_width), rulings, missing_rules, random.Random(seed + 2))
    y = PAGE_H - 70
    for line in spec.title_lines():
        pages.text(geo.left, y, 16, line)
        y -= 24
    for table_id in (ACTIVE, APPLICATIONS, REVIEW):
        if table_id not in spec.tables:
            continue
        if y < geo.bottom_margin + 80:
            pages.new_page()
            y = PAGE_H - 60
        section = TABLE_SECTION[table_id]
        pages.text(geo.left, y, 12, f"{'一二三四五六'[section - 1]}、{SECTION_HEADINGS[section]}")
        y -= 24
        for grid in table_grids(spec, table_id):
            y = _draw_table(pages, grid, y, geo, rng) - geo.font_size * 2
    return write_pdf(pages.font, pages.pages)
