"""How text lines are laid out into recogniser inputs: short lines packed side by side into
shared rows, rows and wide lines grouped into batches of bounded width, very long lines cut.

The recogniser's cost and memory grow with the columns of its input (≈ 0.1 ms a column of
48 px on one core), so a batch is bounded by its columns, not by its number of lines.
"""

from __future__ import annotations

import math

import numpy as np

#: the recogniser's input height (the model's) and the columns of one batch (memory ∝ columns)
RECOGNISE_HEIGHT = 48
RECOGNISE_BATCH_WIDTH = 2560
#: the width the recogniser was trained on: a shorter line alone reads worse (a lone 0 as O),
#: so shorter lines share inputs of PACKED_WIDTH columns, PACK_GAP padding columns apart
MODEL_WIDTH = 320
PACKED_WIDTH = 640
PACK_GAP = 16
#: a line wider than this (at the recogniser's height) is read in pieces cut at blank columns
RECOGNISE_MAX_WIDTH = 3200
#: the layout settings, for the OCR cache key
PACKING = (f"rec{RECOGNISE_HEIGHT}x{RECOGNISE_BATCH_WIDTH}/pack{PACKED_WIDTH}+{PACK_GAP}"
           f"/max{RECOGNISE_MAX_WIDTH}")


def pack(items: list[int], widths: list[int]) -> list[list[tuple[int, int]]]:
    """Short lines placed left to right into rows of at most PACKED_WIDTH columns."""
    rows: list[list[tuple[int, int]]] = []
    x = PACKED_WIDTH
    for i in items:
        if x + widths[i] > PACKED_WIDTH:
            rows.append([])
            x = 0
        rows[-1].append((i, x))
        x += widths[i] + PACK_GAP
    return rows


def batches(rows: list, fixed: int | None, widths: list[int] | None = None) -> list[list]:
    """Consecutive rows grouped so that rows × the widest row stays within
    RECOGNISE_BATCH_WIDTH columns (always at least one row a batch)."""
    out: list[list] = []
    widest = 0
    for row in rows:
        w = fixed or max(widths[i] for i, _ in row)  # type: ignore[index]
        if out and (len(out[-1]) + 1) * max(widest, w) <= RECOGNISE_BATCH_WIDTH:
            out[-1].append(row)
            widest = max(widest, w)
        else:
            out.append([row])
            widest = w
    return out


def normalised(crop: np.ndarray, width: int) -> np.ndarray:
    import cv2

    line = cv2.resize(crop, (width, RECOGNISE_HEIGHT)).astype(np.float32)
    return (line.transpose(2, 0, 1) / 255 - 0.5) / 0.5


def width_of(crop: np.ndarray) -> int:
    """Columns of ``crop`` scaled to the recogniser's height."""
    return max(1, math.ceil(RECOGNISE_HEIGHT * crop.shape[1] / max(crop.shape[0], 1)))


def pieces_of(crop: np.ndarray) -> list[np.ndarray]:
    """``crop`` cut at its palest columns into pieces no wider than RECOGNISE_MAX_WIDTH at the
    recogniser's height (a line across a whole page would otherwise be one huge input)."""
    limit = int(RECOGNISE_MAX_WIDTH * crop.shape[0] / RECOGNISE_HEIGHT)
    if crop.shape[1] <= limit or limit < 8:
        return [crop]
    ink = 255 - crop.min(axis=2).astype(np.int32) if crop.ndim == 3 else 255 - crop
    column_ink = ink.sum(axis=0)
    pieces, start = [], 0
    while crop.shape[1] - start > limit:
        lo = start + (3 * limit) // 4
        cut = lo + int(np.argmin(column_ink[lo:start + limit]))
        pieces.append(crop[:, start:cut])
        start = cut
    pieces.append(crop[:, start:])
    return pieces
