"""Ruled tables read cell by cell, without the text detector.

Where ``pipeline.ocr.grid`` finds the rulings, every cell between them already bounds its text:
a number cell is one text line, a wrapped label a few lines stacked. The detector (about a third
of a table's OCR time) is not needed to find them: the ink of a cell, with the rules taken out,
is split into lines at the blank rows between them, and each line is cropped to its ink with
the margin the detector's boxes leave. A cell with no ink is not recognised at all (it stays
blank, or a dash, as ``blank_cell_reading`` says). The detector still reads whatever lies
outside the tables (titles, notes), band by band. Here: the cells' ink, lines and crops;
``pipeline.ocr.ruled`` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline.ocr import labels
from pipeline.ocr.grid import INK, TableRegion

#: a line is cropped as the detector boxes it: the box is as high as the font's line, not
#: as its ink (a 0 gets the same box as 国): ≈ 1.3 × the ink of a Chinese line, ≈ 1.7 × the
#: digits' ink (the table's text height); on each side ≈ 0.12 × its height, ≈ 0.28 × for
#: short lines (under SHORT × their height: a number). Medians of the detector's boxes on our
#: generator's pictures, Chromium screenshots and a 200 dpi scan. Tighter sides read a lone
#: 0 as O (a picture LibreOffice scaled into a PDF), wider ones a scan's 未 as 禾
BOX_OF_INK = 1.3
BOX_OF_TEXT = 1.7
SIDE = 0.12
SIDE_SHORT = 0.18
SHORT = 1.5
#: a cell's ink taller than this many text heights holds several lines, to be split
SPLIT_ABOVE = 1.8
#: each line split off a cell is at least this many text heights tall (the blank rows inside
#: 三 or 二 never split it)
LINE_AT_LEAST = 0.7
#: a cell whose ink is not this share of the text height tall holds no line (specks of a
#: scan, a printed dash: the cell is left to ``blank_cell_reading``)
SPECK = 0.3
#: pixels of rule mask around a cell's edge that are not the cell's ink
RULE_BAND = 6
#: the cell reader's settings, for the OCR cache key
SETTINGS = (f"cells/box{BOX_OF_INK}+{BOX_OF_TEXT}/side{SIDE}+{SIDE_SHORT}<{SHORT}"
            f"/split{SPLIT_ABOVE}+{LINE_AT_LEAST}/speck{SPECK}/band{RULE_BAND}/{labels.SETTINGS}")


@dataclass
class LineCrop:
    """A text line in a cell, in picture pixels (its ink, without margin)."""

    x0: int
    y0: int
    x1: int
    y1: int


def cell_ink(gray: np.ndarray, rules: np.ndarray, crop: tuple[int, int, int, int],
             ) -> tuple[np.ndarray, np.ndarray]:
    """The cell's ink, and the pixels of the rules along its edges (with their
    anti-aliasing), which are not its ink."""
    x0, y0, x1, y1 = crop
    band = np.zeros((y1 - y0, x1 - x0), dtype=bool)
    band[:RULE_BAND], band[-RULE_BAND:] = True, True
    band[:, :RULE_BAND], band[:, -RULE_BAND:] = True, True
    ruled = band & (rules[y0:y1, x0:x1] > 0)
    ruled[:2], ruled[-2:], ruled[:, :2], ruled[:, -2:] = True, True, True, True
    return (gray[y0:y1, x0:x1] < INK) & ~ruled, ruled


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of the runs of True (end exclusive)."""
    padded = np.concatenate(([False], flags, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(edges[::2], edges[1::2]))


def text_height(inks: list[np.ndarray]) -> float:
    """The height of one line of text in the table: the lower quartile of the cells' ink
    heights (most cells are one line of digits; wrapped labels are the tall ones)."""
    heights = []
    for ink in inks:
        rows = np.flatnonzero(ink.any(axis=1))
        if rows.size:
            heights.append(rows[-1] - rows[0] + 1)
    return float(np.percentile(heights, 25)) if heights else 0.0


def split_lines(ink: np.ndarray, height: float) -> list[tuple[int, int]]:
    """Row ranges of the text lines in a cell's ink: one range unless the ink is taller than
    SPLIT_ABOVE lines, then cut at the widest blank rows that leave every piece a line tall."""
    speck = max(3.0, (SPECK * height) ** 2 / 4)
    runs = [(a, b) for a, b in _runs(ink.any(axis=1)) if ink[a:b].sum() >= speck]
    if not runs or runs[-1][1] - runs[0][0] < SPECK * height:
        return []  # specks, or a dash (left to blank_cell_reading)
    top, bottom = runs[0][0], runs[-1][1]
    if bottom - top <= SPLIT_ABOVE * height:
        return [(top, bottom)]
    gaps = sorted(((runs[k + 1][0] - runs[k][1], k) for k in range(len(runs) - 1)), reverse=True)
    cuts: list[int] = []
    for _, k in gaps:
        trial = sorted(cuts + [k])
        pieces = _pieces(runs, trial)
        if all(b - a >= LINE_AT_LEAST * height for a, b in pieces):
            cuts = trial
    return _pieces(runs, cuts)


def _pieces(runs: list[tuple[int, int]], cuts: list[int]) -> list[tuple[int, int]]:
    out, start = [], 0
    for k in cuts + [len(runs) - 1]:
        out.append((runs[start][0], runs[k][1]))
        start = k + 1
    return out


def cell_lines(ink: np.ndarray, crop: tuple[int, int, int, int],
               height: float) -> list[LineCrop]:
    """The text lines of one cell, each cropped to its ink, in picture pixels."""
    out = []
    for a, b in split_lines(ink, height):
        cols = np.flatnonzero(ink[a:b].any(axis=0))
        out.append(LineCrop(crop[0] + int(cols[0]), crop[1] + a,
                            crop[0] + int(cols[-1]) + 1, crop[1] + b))
    return out


def line_image(gray: np.ndarray, ruled: np.ndarray, crop: tuple[int, int, int, int],
               line: LineCrop, height: float, scale: int, clip: int | None = None,
               ) -> np.ndarray:
    """The line as the recogniser reads it: the picture around its ink with a margin (as the
    detector's box would crop it), the rules and whatever lies beyond the cell painted in the
    cell's paper colour, at ``scale`` times the picture's size, three channels. Columns from
    ``clip`` on (where a label's first characters were cut off) are paper too."""
    x0, y0, x1, y1 = crop
    ink_height = line.y1 - line.y0
    box = max(round(BOX_OF_INK * ink_height), round(BOX_OF_TEXT * height))
    top = (box - ink_height) // 2
    short = line.x1 - line.x0 < SHORT * ink_height
    bottom, side = box - ink_height - top, max(2, round((SIDE_SHORT if short else SIDE) * box))
    ly0, ly1, lx0, lx1 = line.y0 - top, line.y1 + bottom, line.x0 - side, line.x1 + side
    cell = gray[y0:y1, x0:x1]
    paper = int(np.median(cell[~ruled])) if (~ruled).any() else 255
    part = np.full((ly1 - ly0, lx1 - lx0), paper, dtype=np.uint8)
    cy0, cy1, cx0, cx1 = max(ly0, y0), min(ly1, y1), max(lx0, x0), min(lx1, x1)
    inside = cell[cy0 - y0:cy1 - y0, cx0 - x0:cx1 - x0].copy()
    inside[ruled[cy0 - y0:cy1 - y0, cx0 - x0:cx1 - x0]] = paper
    if clip is not None:
        inside[:, max(0, clip - cx0):] = paper
    part[cy0 - ly0:cy1 - ly0, cx0 - lx0:cx1 - lx0] = inside
    if scale != 1:
        from PIL import Image
        part = np.asarray(Image.fromarray(part).resize(
            (part.shape[1] * scale, part.shape[0] * scale), Image.LANCZOS))
    return np.stack([part] * 3, axis=-1)


def side_by_side(images: list[np.ndarray]) -> np.ndarray:
    """Line images joined left to right, each scaled to the first one's height."""
    if len(images) == 1:
        return images[0]
    import cv2

    height = images[0].shape[0]
    scaled = [im if im.shape[0] == height else
              cv2.resize(im, (max(1, round(im.shape[1] * height / im.shape[0])), height),
                         interpolation=cv2.INTER_AREA) for im in images]
    return np.concatenate(scaled, axis=1)


def prefix_line(ink: np.ndarray, crop: tuple[int, int, int, int], line: LineCrop,
                ems: float) -> LineCrop | None:
    """The first ``ems`` line heights of ``line`` (a label's first characters), cut at the
    widest blank run of its last line height (between two characters, rarely inside one: 结
    or 社 have a narrower gap of their own); None when the line is no wider."""
    em = line.y1 - line.y0
    limit = round(ems * em)
    if line.x1 - line.x0 <= limit + em // 2:
        return None
    a, b, start = line.y0 - crop[1], line.y1 - crop[1], line.x0 - crop[0]
    columns = ink[a:b, start:start + limit + 1].any(axis=0)
    window = max(1, limit - em)
    gaps = [(end - begin, begin) for begin, end in _runs(~columns[window:])]
    cut = window + max(gaps)[1] if gaps else limit
    used = np.flatnonzero(columns[:cut])
    if not used.size:
        return None
    return LineCrop(line.x0, line.y0, line.x0 + int(used[-1]) + 1, line.y1)


def first_characters(ink: np.ndarray, crop: tuple[int, int, int, int], found: list[LineCrop],
                     ) -> list[tuple[LineCrop, int | None]] | None:
    """The lines (the last one cut, at a column) that hold a label cell's first
    ``labels.PREFIX_EMS`` line heights; None when the cell holds no more than that."""
    budget = labels.PREFIX_EMS
    out: list[tuple[LineCrop, int | None]] = []
    for line in found:
        em = max(1, line.y1 - line.y0)
        if budget < 1:
            return out
        cut = prefix_line(ink, crop, line, budget)
        if cut is not None:
            return out + [(cut, cut.x1)]
        out.append((line, None))
        budget -= (line.x1 - line.x0) / em
    return None


def outside_bands(gray: np.ndarray, regions: list[TableRegion], gap: int = 40,
                  ) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The picture with its tables whited out, and the row ranges of it that still hold ink
    (titles, notes, text beside a table): what the detector has left to read."""
    rest = gray.copy()
    for region in regions:
        x0, y0, x1, y1 = region.bbox
        rest[max(0, y0 - 2):y1 + 3, max(0, x0 - 2):x1 + 3] = 255
    rows = (rest < INK).sum(axis=1) >= 3
    bands: list[tuple[int, int]] = []
    for a, b in _runs(rows):
        if bands and a - bands[-1][1] < gap:
            bands[-1] = (bands[-1][0], b)
        else:
            bands.append((a, b))
    pad = gap // 2
    return rest, [(max(0, a - pad), min(gray.shape[0], b + pad)) for a, b in bands
                  if b - a >= 4]
