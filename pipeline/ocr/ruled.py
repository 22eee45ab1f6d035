"""Ruled tables read cell by cell: every cell's lines recognised together, label cells first
by their first characters (completed from the template, ``pipeline.ocr.labels``), the rest
whole. The geometry of cells, lines and crops is ``pipeline.ocr.cells``.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable

import numpy as np

from pipeline.ocr import labels
from pipeline.ocr.cells import (RULE_BAND, LineCrop, cell_ink, cell_lines, first_characters,
                                line_image, side_by_side, text_height)
from pipeline.ocr.grid import Box, TableRegion, cell_groups
from pipeline.ocr.packing import MODEL_WIDTH, width_of

#: ink this many pixels inside a cell's rule band lies against the rule
NEAR_RULE = 2
#: a line whose ink comes this close (pixels) to where the page's edge cut its table may be
#: cut by it …
CUT_MARGIN = 2
#: … and its reading gets at most this score: doubtful (``pipeline.ocr.review``), not dropped
CUT_SCORE = 0.5


def read_regions(gray: np.ndarray, regions: list[TableRegion], horizontal: np.ndarray,
                 vertical: np.ndarray, scale: int, recognise, recognise_after_copy=None,
                 ) -> list[Box]:
    """Every text line in the cells of the ruled tables, recognised together
    (``recognise(images, checked)`` → (text, score) each), as boxes in picture pixels.
    Cells without ink give no box. A cell wider than a label's first characters, or wrapped,
    is first read by those characters alone, without the recogniser's own second readings
    (``checked`` False: the template is the check): a beginning only one template label has
    is completed to it (``Box.read`` keeps what was read), any other is read whole. In a
    table whose labels complete, a label read whole as no template label is read once more
    after a copy of itself (``recognise_after_copy``), and that reading taken if it is one."""
    rules = np.maximum(horizontal, vertical)
    whole: list[tuple[LineCrop, np.ndarray, int]] = []
    # a label cell read by its first characters: its whole image is made only if they do
    # not complete (most do: making it for every label was a tenth of the Python time)
    started: list[tuple[LineCrop, Callable[[], np.ndarray], np.ndarray, int, float]] = []
    # the cells (their lines' span) whose ink lies against their cell's side rule
    beside_rule: set[tuple[int, int, int, int]] = set()
    for k, region in enumerate(regions):
        cells = []
        for members in cell_groups(region, horizontal, vertical):
            r0, c0 = min(m[0] for m in members), min(m[1] for m in members)
            r1, c1 = max(m[0] for m in members), max(m[1] for m in members)
            crop = (region.xs[c0], region.ys[r0], region.xs[c1 + 1], region.ys[r1 + 1])
            if crop[2] - crop[0] > 2 * RULE_BAND and crop[3] - crop[1] > 2 * RULE_BAND:
                cells.append((crop, *cell_ink(gray, rules, crop)))
        height = text_height([ink for _, ink, _ in cells])
        for crop, ink, ruled in cells if height > 0 else []:
            found = cell_lines(ink, crop, height)
            if not found:
                continue
            # a wrapped label's lines are read side by side, as one line: the recogniser
            # reads a whole word better than its halves (a scan's 尚未 | 审结 read 尚禾 | 宙结)
            span = LineCrop(min(f.x0 for f in found), found[0].y0,
                            max(f.x1 for f in found), found[-1].y1)
            def image(ruled=ruled, crop=crop, found=found, height=height) -> np.ndarray:
                return side_by_side([line_image(gray, ruled, crop, f, height, scale)
                                     for f in found])
            if _beside_rule(span, crop):
                beside_rule.add((span.x0, span.y0, span.x1, span.y1))
            first = first_characters(ink, crop, found)
            if first is None:
                whole.append((span, image(), k))
            else:
                ems = sum((f.x1 - f.x0) / (f.y1 - f.y0) for f in found)
                prefix = side_by_side([line_image(gray, ruled, crop, f, height, scale, clip=at)
                                       for f, at in first])
                started.append((span, image, prefix, k, ems))
    # the labels' first characters are read with the other cells (as many lines to pack
    # as before: a short line's reading depends a little on its neighbours)
    read = recognise([image for _, image, _ in whole] + [p for _, _, p, _, _ in started],
                     [True] * len(whole) + [False] * len(started)) if whole or started else []
    completed = _complete_labels(started, read[len(whole):])
    again = [(span, image(), k) for n, (span, image, _, k, _) in enumerate(started)
             if n not in completed]
    if again:
        whole += again
        read = read[:len(whole) - len(again)] + recognise([image for _, image, _ in again])
    if recognise_after_copy is not None:
        labelled = Counter([k for k, _ in completed.values()] + [
            k for (_, _, k), (text, _) in zip(whole, read) if labels.is_label(text)])
        read = _read_labels_again(whole, read, {k for k, n in labelled.items()
                                                if n >= labels.MIN_COMPLETED},
                                  recognise_after_copy)
    return [Box(line.x0, line.y0, line.x1, line.y1, text.strip(),
                min(score, CUT_SCORE) if (line.x0, line.y0, line.x1, line.y1) in beside_rule
                or _at_cut(line, regions[k].cuts) else score)
            for (line, _, k), (text, score) in zip(whole, read) if text.strip()] + \
        [box for _, box in completed.values()]


def _beside_rule(line: LineCrop, crop: tuple[int, int, int, int]) -> bool:
    """Does the line's ink begin or end against its cell's side rule? The rule's mask ends
    there: what lies against it may be the rule's own edge (drawn twice, a little off, by a
    re-distilled file), which reads as a 1."""
    near = RULE_BAND + NEAR_RULE
    return line.x0 - crop[0] <= near or crop[2] - line.x1 <= near


def _at_cut(line: LineCrop, cuts: tuple[int, ...]) -> bool:
    """Does the line's ink reach where its table is cut by the page's edge (the line may have
    lost characters there)?"""
    return any(line.x0 <= x + CUT_MARGIN and line.x1 >= x - CUT_MARGIN for x in cuts)


def _complete_labels(started, read: list[tuple[str, float]]) -> dict[int, tuple[int, Box]]:
    """The label cells whose first characters begin exactly one template label: (table,
    box holding that label); only in tables where at least ``labels.MIN_COMPLETED`` labels
    complete."""
    completed: dict[int, tuple[int, Box]] = {}
    for n, ((span, _, _, region, ems), (text, score)) in enumerate(zip(started, read)):
        label = labels.complete(text, ems) if text.strip() else None
        if label is not None:
            completed[n] = (region, Box(span.x0, span.y0, span.x1, span.y1, label, score,
                                        read=text.strip()))
    per_region = Counter(region for region, _ in completed.values())
    return {n: (region, box) for n, (region, box) in completed.items()
            if per_region[region] >= labels.MIN_COMPLETED}


def _read_labels_again(whole, read: list[tuple[str, float]], tables: set[int],
                       recognise_after_copy) -> list[tuple[str, float]]:
    """``read``, where a short Chinese reading in a template table (a line packed with
    others, whose reading its neighbours sway) is no template label but its reading after a
    copy of itself is one, with that reading (the recogniser reads a
    character a little differently after other characters: a scan's 尚未审结 read 尚未宙结
    alone, 尚未审结 after a copy)."""
    doubted = [n for n, ((_, image, k), (text, _)) in enumerate(zip(whole, read))
               if k in tables and width_of(image) < MODEL_WIDTH and labels.has_chinese(text)
               and not labels.is_label(text)]
    if not doubted:
        return read
    out = list(read)
    for n, (text, score) in zip(doubted, recognise_after_copy([whole[n][1] for n in doubted])):
        if labels.is_label(text):
            out[n] = (text, score)
    return out
