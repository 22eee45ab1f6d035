"""What a page break does to a printed document: ruled tables left open at the cut, and the
running header and footer a browser or word processor prints on every page.

A browser (Chromium's print to PDF) breaks a table between rows without drawing a rule at the
cut: the continuation's first row, or the last row before the break, has no rule on its open
side, so its cells are no closed rectangles and a table finder drops them. The page's verticals
still hang down to (or up from) the cut; ``cut_rules`` closes each such group at its open end.

Running headers and footers (date and title, URL and ``1/3``) stand between a table's rows on
two pages; ``running_lines`` finds them as lines in the page margins whose text, digits aside,
recurs on other pages.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter

#: points within which a rule meets a vertical's end
_MEET = 2.0
#: a page with more rulings than this is no report's table page (a drawing, a hatched box)
MAX_EDGES = 20000
#: share of the page height that counts as its top or bottom margin
MARGIN_SHARE = 0.08
_DIGITS = re.compile(r"\d+")


def cut_rules(page) -> list[dict]:
    """Horizontal rules to add where two or more verticals of a ruled table end, at one height,
    without any horizontal rule meeting them there while rules cross them elsewhere (a table
    cut by the page break). Each rule spans only those verticals."""
    edges = page.edges
    if len(edges) > MAX_EDGES:
        return []  # not a report's table page (a hatch, a drawing): nothing to close
    horizontals = sorted((e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 3),
                         key=lambda e: e["top"])
    tops = [h["top"] for h in horizontals]
    #: (side, height) -> (x, crossed by a rule, open) of the verticals ending there
    ends: dict[tuple[str, float], list[tuple[float, bool, bool]]] = {}
    for x, top, bottom in _vertical_lines(edges):
        crossing = [h["top"] for h in horizontals[bisect_left(tops, top - _MEET):
                                                  bisect_right(tops, bottom + _MEET)]
                    if h["x0"] - _MEET <= x <= h["x1"] + _MEET]
        for side, y in (("top", top), ("bottom", bottom)):
            key = next((k for k in ends if k[0] == side and abs(k[1] - y) <= _MEET), (side, y))
            ends.setdefault(key, []).append(
                (x, bool(crossing), all(abs(y - c) > _MEET for c in crossing)))
    # a vertical no rule crosses on this page (the border of a label spanning every row on
    # it) belongs to the cut table when it ends where that table's crossed verticals end
    rules = []
    for (_, y), found in ends.items():
        open_xs = [x for x, _, is_open in found if is_open]
        if len(open_xs) >= 2 and any(crossed for _, crossed, _ in found):
            xs = open_xs + [x for x, crossed, _ in found if crossed]
            rules.append({"object_type": "line", "x0": min(xs), "x1": max(xs), "top": y,
                          "bottom": y, "width": max(xs) - min(xs), "height": 0.0})
    return rules


def _vertical_lines(edges) -> list[tuple[float, float, float]]:
    """(x, top, bottom) of the page's vertical rules, a line drawn in pieces (Chromium draws
    each cell's border on its own) joined into one."""
    pieces = sorted(((e["x0"] + e["x1"]) / 2, e["top"], e["bottom"]) for e in edges
                    if e["orientation"] == "v" and e["bottom"] - e["top"] > 1)
    lines: list[list[float]] = []
    for x, top, bottom in sorted(pieces, key=lambda p: (round(p[0]), p[1])):
        # the pieces of one line sort together (a thin rectangle's two sides interleave)
        same = next((ln for ln in reversed(lines[-4:]) if abs(ln[0] - x) <= 0.5
                     and top <= ln[2] + _MEET), None)
        if same is not None:
            same[2] = max(same[2], bottom)
        else:
            lines.append([x, top, bottom])
    return [(x, top, bottom) for x, top, bottom in lines if bottom - top > 3]


def furniture_key(text: str) -> str:
    """A margin line's text with its numbers blanked: page ``1/3`` and ``2/3`` are one line."""
    return _DIGITS.sub("#", "".join(text.split()))


def running_lines(margins: dict[int, list[str]]) -> set[str]:
    """The keys (``furniture_key``) of margin lines that recur on two or more pages."""
    pages = Counter(key for keys in margins.values() for key in set(keys))
    return {key for key, n in pages.items() if n >= 2 and key.strip("#")}


def drop_running(pages: list[list], margins: dict[int, list[tuple[object, str, bool]]],
                 open_ends: dict[int, bool]) -> list[list]:
    """Pages' blocks without the running header and footer lines. ``margins`` holds per page
    the paragraphs that began in a margin, their key and whether the page's text ran open
    before them; a page whose footer goes is open (continues) as its text was before it."""
    running = running_lines({n: [key for _, key, _ in found] for n, found in margins.items()})
    out = []
    for number, blocks in enumerate(pages, start=1):
        dropped = {id(block): was_open for block, key, was_open in margins.get(number, [])
                   if key in running}
        kept = [block for block in blocks if id(block) not in dropped]
        if blocks and id(blocks[-1]) in dropped:
            open_ends[number] = dropped[id(blocks[-1])]
        out.append(kept)
    return out


def overflow(cells: list[tuple[float, float, float, float]], bbox, cut: list[dict],
             chars: list[dict]) -> tuple[list[tuple[float, float, float, float]], tuple]:
    """Text boxes of a table's cells, and its box, taking in the text a cell cut by the page
    break paints past its cut border (Chromium draws a spanning label's remaining lines below
    the page's last rule): the lines that follow on directly under a cell ending at the cut."""
    bottom = bbox[3]
    if not any(abs(rule["top"] - bottom) <= _MEET for rule in cut):
        return list(cells), bbox
    boxes, lowest = [], bottom
    borders = sorted({x for c in cells for x in (c[0], c[2])})
    under = [c for c in chars if c["top"] >= bottom - 0.5]
    for x0, top, x1, end in cells:
        if abs(end - bottom) > _MEET:
            boxes.append((x0, top, x1, end))
            continue
        column = [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1]
        tops = _line_tops([c for c in column if top <= (c["top"] + c["bottom"]) / 2 <= end])
        # a cell's lines go on at its own pitch, past one blank line at most (a wrapped space
        # in a one-character-wide column); without two lines above the cut, only what touches
        pitch = min((b - a for a, b in zip(tops, tops[1:])), default=0.0)
        below = sorted((c for c in column if c["top"] >= bottom - 0.5), key=lambda c: c["top"])
        reach, last = bottom, tops[-1] if tops else None
        for ch in below:
            near = ch["top"] - reach <= max(ch["size"], 1.0) * 0.8
            if not near and not (pitch > 0 and last is not None
                                 and ch["top"] - last <= 2 * pitch + _MEET):
                break  # a gap: what follows is no longer this cell's text
            if _crosses(ch, under, borders):
                break  # a line running across the columns: a paragraph, not a cell's rest
            reach, last = max(reach, ch["bottom"]), ch["top"]
        boxes.append((x0, top, x1, reach))
        lowest = max(lowest, reach)
    return boxes, (bbox[0], bbox[1], bbox[2], lowest)


def _line_tops(chars: list[dict]) -> list[float]:
    tops: list[float] = []
    for c in sorted(chars, key=lambda c: c["top"]):
        if not tops or c["top"] - tops[-1] > max(c["size"], 1.0) * 0.5:
            tops.append(c["top"])
    return tops


def _crosses(ch: dict, chars: list[dict], borders: list[float]) -> bool:
    """Does a character of ``ch``'s line straddle a column border of the table?"""
    half = max(ch["size"], 1.0) * 0.5
    return any(abs(c["top"] - ch["top"]) <= half and any(c["x0"] + 0.5 < x < c["x1"] - 0.5
                                                         for x in borders) for c in chars)
