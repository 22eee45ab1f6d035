"""rapidocr's models driven so that one picture's cost is bounded: text detection in horizontal
strips of at most ``DETECT_STRIP_PIXELS``, short lines packed into shared recogniser inputs.

rapidocr's own pipeline hands the detector the whole picture (up to 2000 px a side, ≈ 250
bytes of activations a pixel: 0.6–0.8 GB) and pads every text line to at least 320 × 48 px
before recognising it, although most lines of a statistics table are numbers a few digits
wide: four fifths of the recogniser's work was padding. Here the detector sees strips that
overlap by more than a text line is tall (every line lies whole in one strip), and short
lines are read side by side (``pipeline.ocr.packing``), wide ones with lines of similar width.
Measured figures: docs/benchmarks.md ("OCR").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline.ocr.packing import (MODEL_WIDTH, PACK_GAP, PACKED_WIDTH, PACKING,
                                  RECOGNISE_HEIGHT, batches, normalised, pack, pieces_of,
                                  width_of)
from pipeline.ocr.runtime import release_freed_memory, session_for

#: longest side OCR works on (rapidocr's max_side_len): larger pictures are scaled down to it
MAX_SIDE = 2000
#: text rows at least this many pixels high are found on a picture scaled down to it (the
#: detector's cost grows with pixels; its boxes are as good down to this height)
DETECT_ROW = 44
#: pixels of one detector input; its activations take ≈ 180 MB a megapixel
DETECT_STRIP_PIXELS = 1_000_000
#: rows two neighbouring strips share; a text line taller than half of it could be cut
STRIP_OVERLAP = 128
#: lines whose recognition score is below this are dropped (rapidocr's text_score)
MIN_TEXT_SCORE = 0.5
#: a packed line is read again beside other neighbours when one of its characters has a
#: probability below DOUBT_SCORE or lies within DOUBT_EDGE columns (of 48 px high input) of
#: the line's edge, where a neighbour's character would be taken for its own
DOUBT_SCORE = 0.9
DOUBT_EDGE = 8
#: what the driver does differently from rapidocr's defaults; part of the OCR cache key
SETTINGS = (f"side{MAX_SIDE}/row{DETECT_ROW}/strip{DETECT_STRIP_PIXELS}+{STRIP_OVERLAP}dedup"
            f"/{PACKING}/score{MIN_TEXT_SCORE}/doubt{DOUBT_SCORE}+{DOUBT_EDGE}")


#: a line closer than this (pixels) to a strip's cut may be cut itself
_CUT_MARGIN = 4


def _same_line(a: np.ndarray, b: np.ndarray) -> bool:
    """Two boxes of one text line (found in two overlapping strips): most of the smaller
    box's area is shared."""
    ax0, ay0, ax1, ay1 = a[:, 0].min(), a[:, 1].min(), a[:, 0].max(), a[:, 1].max()
    bx0, by0, bx1, by1 = b[:, 0].min(), b[:, 1].min(), b[:, 0].max(), b[:, 1].max()
    w, h = min(ax1, bx1) - max(ax0, bx0), min(ay1, by1) - max(ay0, by0)
    if w <= 0 or h <= 0:
        return False
    smaller = min((ax1 - ax0) * (ay1 - ay0), (bx1 - bx0) * (by1 - by0))
    return smaller > 0 and w * h > 0.5 * smaller


@dataclass
class Line:
    """One recognised text line: its quadrilateral in the input's pixels, text and score."""

    quad: np.ndarray
    text: str
    score: float


class Models:
    """The detector and recogniser of rapidocr's bundled models, with our session options."""

    def __init__(self, threads: int = 0) -> None:
        import logging

        from rapidocr import RapidOCR

        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        params = {"Global.log_level": "error",
                  # the strips arrive at the size to read them: no resize inside the detector
                  "Det.limit_type": "max", "Det.limit_side_len": MAX_SIDE + STRIP_OVERLAP}
        engine = RapidOCR(params=params)
        self.detector = engine._load_det_model()
        self.recogniser = engine._load_rec_model()
        for model in (self.detector, self.recogniser):
            model.session.session = session_for(model.session.session, threads)
        release_freed_memory()  # rapidocr's own sessions, just replaced (≈ 50 MB)

    def __call__(self, rgb: np.ndarray, detect_scale: float = 1.0) -> list[Line]:
        """Every text line of ``rgb`` (at most ``MAX_SIDE`` a side) that the recogniser reads
        with a score of at least ``MIN_TEXT_SCORE``; lines are found on ``rgb`` scaled by
        ``detect_scale`` (≤ 1) and read from ``rgb`` itself."""
        import cv2
        from rapidocr.utils.process_img import get_rotate_crop_image

        if detect_scale < 1:
            small = cv2.resize(rgb, (max(1, round(rgb.shape[1] * detect_scale)),
                                     max(1, round(rgb.shape[0] * detect_scale))),
                               interpolation=cv2.INTER_AREA)
            sy, sx = rgb.shape[0] / small.shape[0], rgb.shape[1] / small.shape[1]
            quads = [quad * (sx, sy) for quad in self.detect(small)]
            del small
        else:
            quads = self.detect(rgb)
        crops = [get_rotate_crop_image(rgb, quad.astype(np.float32).copy()) for quad in quads]
        read = self.recognise(crops)
        del crops
        release_freed_memory()
        return [Line(quad, text, score) for quad, (text, score) in zip(quads, read)
                if text.strip() and score >= MIN_TEXT_SCORE]

    def detect(self, rgb: np.ndarray) -> list[np.ndarray]:
        """Text line quadrilaterals, found strip by strip. A line found whole in two strips is
        taken once, from the strip where it lies farther from a cut; a line a cut touches is
        left to the neighbour that holds it whole (the overlap is taller than a line). The two
        strips' boxes of one line differ by a few pixels, so splitting the overlap at a fixed
        row lost a line whose centre each strip put on the other's side."""
        height, width = rgb.shape[:2]
        rows = max(DETECT_STRIP_PIXELS // max(width, 1), 3 * STRIP_OVERLAP)
        if height <= rows:
            return self._detect_strip(rgb, 0)
        step = rows - STRIP_OVERLAP
        found: list[tuple[float, np.ndarray]] = []  # (distance from the nearest cut, quad)
        for top in range(0, height - STRIP_OVERLAP, step):
            bottom = min(top + rows, height)
            for quad in self._detect_strip(rgb[top:bottom], top):
                above = quad[:, 1].min() - top if top > 0 else np.inf
                below = bottom - quad[:, 1].max() if bottom < height else np.inf
                if min(above, below) >= _CUT_MARGIN:
                    found.append((min(above, below), quad))
            if bottom == height:
                break
        kept: list[np.ndarray] = []
        for _distance, quad in sorted(found, key=lambda dq: -dq[0]):
            if not any(_same_line(quad, other) for other in kept):
                kept.append(quad)
        return sorted(kept, key=lambda q: (q[:, 1].min(), q[:, 0].min()))

    def _detect_strip(self, rgb: np.ndarray, top: int) -> list[np.ndarray]:
        from rapidocr.utils.process_img import apply_vertical_padding

        # very wide, low inputs are padded as rapidocr pads them (the detector misses lines
        # in a strip much wider than high)
        padded, record = apply_vertical_padding(rgb, {}, 8, 30)
        found = self.detector(padded)
        if found.boxes is None:
            return []
        shift = top - record["padding_1"]["top"]
        out = []
        for quad in found.boxes:
            quad = np.array(quad, dtype=np.float64)
            quad[:, 1] += shift
            quad[:, 0] = quad[:, 0].clip(0, rgb.shape[1])
            out.append(quad)
        return out

    def recognise(self, crops: list[np.ndarray], checked: bool | list[bool] = True,
                  ) -> list[tuple[str, float]]:
        """(text, score) of each crop; crops of identical pixels are read once (a rendered
        table's zeros are cut to the same pixels in most cells). Packed short lines whose
        ``checked`` is False (one flag for all, or one a crop) are not read a second time
        where doubtful: the caller checks them."""
        flags = [checked] * len(crops) if isinstance(checked, bool) else list(checked)
        first: dict[bytes, int] = {}
        unique: list[np.ndarray] = []
        unique_checked: list[bool] = []
        which = []
        for crop, flag in zip(crops, flags):
            key = crop.shape.__repr__().encode() + crop.tobytes()
            if key not in first:
                first[key] = len(unique)
                unique.append(crop)
                unique_checked.append(flag)
            unique_checked[first[key]] |= flag
            which.append(first[key])
        read = self._recognise_unique(unique, unique_checked)
        return [read[k] for k in which]

    def _recognise_unique(self, crops: list[np.ndarray], checked: bool | list[bool] = True,
                          ) -> list[tuple[str, float]]:
        """(text, score) of each crop. Lines narrower than the model's 320 px are packed side
        by side into shared inputs (each read back from its own columns); wider lines are
        batched with lines of similar width."""
        flags = [checked] * len(crops) if isinstance(checked, bool) else checked
        pieces: list[tuple[int, np.ndarray]] = []
        for n, crop in enumerate(crops):
            pieces += [(n, piece) for piece in pieces_of(crop)]
        widths = [width_of(piece) for _, piece in pieces]
        order = sorted(range(len(pieces)), key=lambda i: widths[i])
        narrow = [i for i in order if widths[i] < MODEL_WIDTH]
        wide = [i for i in order if widths[i] >= MODEL_WIDTH]
        read: dict[int, tuple[str, float]] = {}
        # a short line's packed reading is checked only where it is doubtful (a character
        # near its line's edge could be a neighbour's: 0 read as 10; or a character the
        # decoder was unsure of): those lines are read again beside other neighbours, and
        # alone (as rapidocr reads them) where the two readings differ or agree with a score
        # that would drop them (a lone 0 between neighbours read at 0.46, alone at 0.99)
        first = self._read_packed(narrow, pieces, widths)
        doubtful = [i for i in narrow if flags[pieces[i][0]] and first.get(i) is not None
                    and first[i][2]]
        second = self._read_packed(doubtful[::2] + doubtful[1::2], pieces, widths)
        alone = [i for i in narrow if first.get(i) is None
                 or (i in second and (second[i] is None or first[i][0] != second[i][0]
                                      or min(first[i][1], second[i][1]) < MIN_TEXT_SCORE))]
        for i in narrow:
            if i not in alone:
                text, score, _ = first[i]  # type: ignore[misc]
                if i in second:
                    score = min(score, second[i][1])  # type: ignore[index]
                read[i] = (text, score)
        for group in batches([[(i, 0)] for i in alone], MODEL_WIDTH):
            items = [i for row in group for i, _ in row]
            read.update(zip(items, self._recognise_lines([pieces[i][1] for i in items],
                                                          MODEL_WIDTH)))
        for group in batches([[(i, 0)] for i in wide], None, widths):
            items = [i for row in group for i, _ in row]
            read.update(zip(items, self._recognise_lines([pieces[i][1] for i in items],
                                                          max(widths[i] for i in items))))
        texts: dict[int, list[tuple[int, str, float]]] = {}
        for i, (text, score) in read.items():
            texts.setdefault(pieces[i][0], []).append((i, text, score))
        out = []
        for n in range(len(crops)):
            parts = sorted(texts.get(n, []))
            out.append(("".join(t for _, t, _ in parts),
                        min((s for _, _, s in parts), default=0.0)))
        return out

    def recognise_after_copy(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """(text, score) of each crop read where it follows a copy of itself: a second
        context for a line (its first character is read after characters, not after the
        model's padding), for lines whose first reading something else doubts."""
        out: list[tuple[str, float]] = []
        for crop in crops:  # few lines: one input each
            w = width_of(crop)
            read, _ = self._recognise_packed([[(0, crop, 0, w), (1, crop, w + PACK_GAP, w)]])
            text, score, _ = read.get(1, ("", 0.0, True))
            out.append((text, score))
        return out

    def _read_packed(self, items: list[int], pieces, widths: list[int],
                     ) -> dict[int, tuple[str, float, bool] | None]:
        """(text, score, doubtful) of the short lines ``items``, packed in this order (None:
        a character fell between two lines)."""
        out: dict[int, tuple[str, float, bool] | None] = {}
        for rows in batches(pack(items, widths), PACKED_WIDTH):
            packed, uncertain = self._recognise_packed([[(i, pieces[i][1], x, widths[i])
                                                         for i, x in row] for row in rows])
            out.update(packed)
            out.update((i, None) for i in uncertain)
        return out

    def _recognise_lines(self, crops: list[np.ndarray], width: int) -> list[tuple[str, float]]:
        """One batch of lines, each padded (as the model was trained: mid-gray) to ``width``."""
        batch = np.zeros((len(crops), 3, RECOGNISE_HEIGHT, width), dtype=np.float32)
        for k, crop in enumerate(crops):
            w = min(width, width_of(crop))
            batch[k, :, :, :w] = normalised(crop, w)
        preds = self.recogniser.session(batch)
        del batch
        decode = self.recogniser.postprocess_op.decode
        return [(text, float(score)) for text, score in
                decode(preds.argmax(axis=2), preds.max(axis=2), remove_duplicate=True)[0]]

    def _recognise_packed(self, rows: list[list[tuple[int, np.ndarray, int, int]]],
                          ) -> tuple[dict[int, tuple[str, float, bool]], list[int]]:
        """Rows of short lines placed at x, mid-gray between them (the model's padding: white
        gaps made it read a lone 0 as O). Each character the decoder emits belongs to the line
        whose columns hold its time step; a character emitted over a gap could belong to
        either neighbour (a 0 read as 10), so those lines are returned as uncertain, to be
        read alone."""
        width = max(MODEL_WIDTH, max(x + w for row in rows for _, _, x, w in row))
        batch = np.zeros((len(rows), 3, RECOGNISE_HEIGHT, width), dtype=np.float32)
        for k, row in enumerate(rows):
            for _, crop, x, w in row:
                batch[k, :, :, x:x + w] = normalised(crop, w)
        preds = self.recogniser.session(batch)
        del batch
        per_step = width / preds.shape[1]
        index, prob = preds.argmax(axis=2), preds.max(axis=2)
        characters = self.recogniser.postprocess_op.character
        read: dict[int, tuple[str, float, bool]] = {}
        uncertain: set[int] = set()
        for k, row in enumerate(rows):
            found: dict[int, list[tuple[str, float, float]]] = {i: [] for i, _, _, _ in row}
            previous = 0
            for step, (token, p) in enumerate(zip(index[k], prob[k])):
                token = int(token)
                if token != 0 and token != previous:  # 0 is CTC's blank
                    centre = (step + 0.5) * per_step
                    owners = [i for i, _, x, w in row if x <= centre < x + w]
                    if owners:
                        found[owners[0]].append((characters[token], float(p), centre))
                    else:
                        uncertain.update(i for i, _, x, w in row
                                         if x - PACK_GAP <= centre < x + w + PACK_GAP)
                previous = token
            for i, chars in found.items():
                text = "".join(c for c, _, _ in chars).strip()
                x, w = next((x, w) for j, _, x, w in row if j == i)
                doubtful = not chars or any(p < DOUBT_SCORE or min(c - x, x + w - c) < DOUBT_EDGE
                                            for _, p, c in chars)
                read[i] = (text, float(np.mean([p for _, p, _ in chars])) if chars else 0.0,
                           doubtful)
        return read, sorted(uncertain)
