"""The OCR driver (pipeline/ocr/models.py): detection in strips finds every line once, packed
recognition reads what each line read alone reads, long lines are cut where there is no ink,
and a change of the driver's settings is a change of the OCR cache key."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.ocr import models as M
from pipeline.ocr import packing as P
from replica.generate import generate_reports
from replica.render import render_table_png


@pytest.fixture(scope="module")
def table_rgb():
    from pipeline.readers.picture import load_gray
    gray = load_gray(render_table_png(generate_reports(1, seed=77)[0], "applications"))
    return np.stack([gray] * 3, axis=-1)


@pytest.fixture(scope="module")
def models():
    pytest.importorskip("rapidocr")
    from pipeline import ocr
    return ocr.engine()


def _rect(quad) -> tuple[float, float, float, float]:
    return quad[:, 0].min(), quad[:, 1].min(), quad[:, 0].max(), quad[:, 1].max()


def _overlap(a, b) -> float:
    """Intersection over the smaller rectangle."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    return w * h / min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))


def test_strips_find_every_line_once(models, table_rgb, monkeypatch):
    whole = [_rect(q) for q in models.detect(table_rgb)]
    monkeypatch.setattr(M, "DETECT_STRIP_PIXELS", 1)  # strips of 3 × the overlap
    assert table_rgb.shape[0] > 3 * 3 * M.STRIP_OVERLAP  # so: four strips or more
    strips = [_rect(q) for q in models.detect(table_rgb)]
    # the detector may box two neighbouring words as one line on a smaller input, but every
    # line of the whole picture lies in a line found in the strips, and none is found twice
    for x0, y0, x1, y1 in whole:
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        assert any(a <= cx <= c and b <= cy <= d for a, b, c, d in strips), (cx, cy)
    assert len(strips) >= 0.95 * len(whole)
    for i, a in enumerate(strips):
        assert all(_overlap(a, b) < 0.5 for b in strips[i + 1:]), a


@pytest.mark.parametrize("offset", range(96, 128, 8))  # 104 and 112 lost a line
def test_no_line_is_lost_where_two_strips_meet(models, table_rgb, monkeypatch, offset):
    """Wherever the cuts fall: each strip boxes a line a few pixels differently, and a line on
    the boundary between two strips' zones was once dropped by both (a 要求行政机关确认… label)."""
    whole = [_rect(q) for q in models.detect(table_rgb)]
    height, width = table_rgb.shape[:2]
    monkeypatch.setattr(M, "DETECT_STRIP_PIXELS", width * (height // 3 + offset))
    strips = [_rect(q) for q in models.detect(table_rgb)]
    lost = [(x0, y0) for x0, y0, x1, y1 in whole
            if not any(a <= (x0 + x1) / 2 <= c and b <= (y0 + y1) / 2 <= d
                       for a, b, c, d in strips)]
    assert lost == []
    for i, a in enumerate(strips):
        assert all(_overlap(a, b) < 0.5 for b in strips[i + 1:]), a


def test_packed_reading_matches_reading_alone(models, table_rgb):
    from rapidocr.utils.process_img import get_rotate_crop_image
    crops = [get_rotate_crop_image(table_rgb, q.astype(np.float32).copy())
             for q in models.detect(table_rgb)]
    short = [c for c in crops if P.width_of(c) < P.MODEL_WIDTH]
    assert len(short) > 100  # the number cells
    packed = models.recognise(short)
    alone = [models._recognise_lines([c], P.MODEL_WIDTH)[0] for c in short]
    digits = [(a, p) for a, p in zip(alone, packed) if a[0].isdigit()]
    assert len(digits) > 100
    assert [p[0] for _, p in digits] == [a[0] for a, _ in digits]


def test_a_packed_reading_unlike_the_line_alone_is_doubtful(models, table_rgb):
    """Only doubtful packed readings are checked again, so every packed reading that differs
    from the line read alone must be marked doubtful (or fall between two lines)."""
    from rapidocr.utils.process_img import get_rotate_crop_image
    crops = [get_rotate_crop_image(table_rgb, q.astype(np.float32).copy())
             for q in models.detect(table_rgb)]
    pieces = [(n, c) for n, c in enumerate(crops)]
    widths = [P.width_of(c) for c in crops]
    narrow = sorted((i for i in range(len(crops)) if widths[i] < P.MODEL_WIDTH),
                    key=lambda i: widths[i])
    # three orders: each line beside different neighbours
    packed = {}
    for order in (narrow, narrow[::-1], narrow[::2] + narrow[1::2]):
        for i, reading in models._read_packed(order, pieces, widths).items():
            packed.setdefault(i, []).append(reading)
    for i in narrow:
        alone = models._recognise_lines([crops[i]], P.MODEL_WIDTH)[0][0]
        for reading in packed[i]:
            if reading is not None and reading[0].replace(" ", "") != alone.replace(" ", ""):
                assert reading[2], (reading, alone)
    assert sum(r is not None and not r[2] for rs in packed.values() for r in rs) > 100


def test_a_long_line_is_cut_at_blank_columns():
    height = 24
    crop = np.full((height, 9000, 3), 255, np.uint8)
    for x in range(0, 9000, 50):
        crop[4:20, x + 10:x + 40] = 0  # glyphs 30 px wide, 20 px apart
    pieces = P.pieces_of(crop)
    limit = P.RECOGNISE_MAX_WIDTH * height / P.RECOGNISE_HEIGHT
    assert len(pieces) > 1 and all(p.shape[1] <= limit for p in pieces)
    assert sum(p.shape[1] for p in pieces) == crop.shape[1]
    for piece in pieces[1:]:
        assert piece[:, 0].min() == 255  # cut through white, not through a glyph


def test_driver_settings_key_the_cache(monkeypatch):
    from pipeline import ocr
    from pipeline.ocr import cache

    png = render_table_png(generate_reports(1, seed=78)[0], "review_litigation")
    reads = []
    monkeypatch.setattr(ocr, "_read_picture", lambda data, prefix: reads.append(1) or ([], []))
    cache._memory.clear()
    ocr.image_blocks(png, "ocr:image1")
    ocr.image_blocks(png, "ocr:image1")
    assert len(reads) == 1
    monkeypatch.setattr(M, "SETTINGS", M.SETTINGS + "/changed")
    ocr.image_blocks(png, "ocr:image1")
    assert len(reads) == 2
    from pipeline.ocr import cells
    monkeypatch.setattr(cells, "SETTINGS", cells.SETTINGS + "/changed")
    ocr.image_blocks(png, "ocr:image1")
    assert len(reads) == 3
    cache._memory.clear()
