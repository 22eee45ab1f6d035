"""OCR of pictures (rapidocr, bundled models, offline): text boxes → table grids and paragraphs.

OCR is expensive (≈ 1–5 s a picture on 2 cores), so it runs only when asked: ``ocr_document``
is called by the extraction when a table is missing from the markup, and ``xxgk extract
--no-ocr`` / ``[extract] ocr = false`` switch it off. Every OCR'd cell carries its recognition
confidence and a crop locator ``ocr:image2/r5/c3@x0,y0,x1,y1`` (pixels of the picture).
What a picture reads as is cached by its sha256 and the OCR version (``configure_cache``):
re-processing a document, or a new version of a report with the same pictures, never OCRs a
picture twice.
"""

from __future__ import annotations

import io
import re
import threading
import warnings

import numpy as np

from pipeline import template as T
from pipeline.document import Block, Document, Grid, ImageBlock, Paragraph, TableBlock
from pipeline.readers import ReadError
from pipeline.readers.limits import MAX_OCR_PIXELS, MAX_OCR_PIXELS_PER_DOCUMENT, megapixels
from pipeline.readers.picture import load_gray
from pipeline.ocr.cells import outside_bands
from pipeline.ocr.ruled import read_regions
from pipeline.ocr.grid import Box, cluster_grid, find_tables, region_grid, text_lines

#: what OCR makes of a printed dash (一 is the usual misreading of —): the cell is na, never 1
DASH_READINGS = frozenset({"一", "—", "－", "-", "–", "_", "一一", "——", "--", "~"})
DASH = "—"
#: pictures smaller than this are icons, logos and seals, not tables
MIN_SIDE = 120
#: pictures whose longer side is below this many pixels are upscaled 2× before OCR …
UPSCALE_BELOW = 1800
#: … or, for ruled tables, whose median row is lower than this many pixels
SMALL_ROW = 36
#: pictures longer than this many times their width (or the reverse) are rules and banners;
#: the detector cannot resize them either
MAX_ASPECT = 25
#: bump whenever what a picture reads as can change (it keys the OCR cache)
OCR_VERSION = "6"
_lock = threading.Lock()
_engine = None
_threads: list[int] = []


def configure_threads(threads: int) -> None:
    """Threads onnxruntime may use per model (0 = one per core); before the first picture."""
    _threads[:] = [threads] if threads else []


class OcrUnavailable(ReadError):
    pass


def engine():
    """The OCR models (``pipeline.ocr.models``), loaded once (≈ 1 s)."""
    global _engine
    if _engine is None:
        try:
            import rapidocr  # noqa: F401
        except ImportError:
            raise OcrUnavailable("OCR is not installed (pip install 'xxgk-archive[ocr]')") \
                from None
        from pipeline.ocr.models import Models

        _engine = Models(_threads[0] if _threads else 0)
    return _engine


def ocr_boxes(gray: np.ndarray, scale: int = 1, row: float | None = None) -> list[Box]:
    """Text lines in picture pixels, read at ``scale`` times the picture's size (never more
    than ``MAX_SIDE`` pixels a side). ``row``, the height of the table rows in the picture,
    lets the lines be found on a smaller copy (``DETECT_ROW``)."""
    from pipeline.ocr.models import DETECT_ROW, MAX_SIDE

    factor = min(float(scale), MAX_SIDE / max(gray.shape))
    detect_scale = min(1.0, DETECT_ROW / (row * factor)) if row else 1.0
    if factor != 1:
        size = (max(1, round(gray.shape[1] * factor)), max(1, round(gray.shape[0] * factor)))
        if factor > 1:
            from PIL import Image
            gray = np.asarray(Image.fromarray(gray).resize(size, Image.LANCZOS))
        else:
            import cv2
            gray = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    rgb = np.stack([gray] * 3, axis=-1)
    del gray
    with _lock:  # onnxruntime sessions already use both cores; one picture at a time
        lines = engine()(rgb, detect_scale)
    out = []
    for line in lines:
        xs, ys = line.quad[:, 0] / factor, line.quad[:, 1] / factor
        out.append(Box(float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()),
                       line.text.strip(), line.score))
    return out


def image_blocks(data: bytes, prefix: str) -> tuple[list[Block], list[str]]:
    """One picture → its tables (grids) and the text around them (paragraphs), top to bottom."""
    from pipeline.ocr.cache import cached

    from pipeline.ocr import cells
    from pipeline.ocr.models import SETTINGS

    return cached(data, prefix, f"{OCR_VERSION}/{SETTINGS}/{cells.SETTINGS}",
                  lambda: _read_picture(data, prefix))


def _read_picture(data: bytes, prefix: str) -> tuple[list[Block], list[str]]:
    notes: list[str] = []
    gray = load_gray(data, notes)
    if min(gray.shape) < MIN_SIDE:
        return [], notes
    if max(gray.shape) > MAX_ASPECT * min(gray.shape):
        return [], notes + [f"picture of {gray.shape[1]} × {gray.shape[0]} px is a strip "
                            f"(sides over {MAX_ASPECT}:1), not a table: not OCR'd"]
    ruled, horizontal, vertical = find_tables(gray)
    scale, row = _scale(gray, ruled), _row_height(ruled)
    if ruled:  # the rules bound every cell's text: no detector for the tables
        regions = ruled
        boxes = read_regions(gray, ruled, horizontal, vertical, scale, recognise,
                             recognise_after_copy)
        rest, bands = outside_bands(gray, ruled)
        for top, bottom in bands:
            boxes += [Box(b.x0, b.y0 + top, b.x1, b.y1 + top, b.text, b.score)
                      for b in ocr_boxes(rest[top:bottom], scale, row)]
        del rest
    else:
        boxes = ocr_boxes(gray, scale, row)
        regions, horizontal, vertical = find_tables(gray, boxes)
    placed: list[tuple[float, Block]] = []
    used: set[int] = set()
    for k, region in enumerate(regions, start=1):
        x0, y0, x1, y1 = region.bbox
        inside = [i for i, b in enumerate(boxes) if x0 <= b.cx <= x1 and y0 <= b.cy <= y1]
        used.update(inside)
        table_prefix = prefix if len(regions) == 1 else f"{prefix}/tbl{k}"
        grid = region_grid(region, horizontal, vertical, [boxes[i] for i in inside],
                           table_prefix, gray, lambda crop: _reread(gray, crop, scale, row))
        placed.append((y0, TableBlock(grid)))
    rest = [b for i, b in enumerate(boxes) if i not in used]
    if not regions and _looks_tabular(rest):
        placed.append((min(b.y0 for b in rest), TableBlock(cluster_grid(rest, prefix))))
        rest = []
    for line in text_lines(rest):
        placed.append((line[0].y0, Paragraph("".join(b.text for b in line), prefix)))
    placed.sort(key=lambda tb: tb[0])
    blocks = [b for _, b in placed]
    notes += [w for b in blocks if isinstance(b, TableBlock) for w in fold_dashes(b.grid)]
    return blocks, notes


def recognise(images: list[np.ndarray], checked: bool | list[bool] = True,
              ) -> list[tuple[str, float]]:
    """(text, score) of each text line image; lines read with a score under the driver's
    threshold come back empty. ``checked`` False (for all, or an image) skips the driver's
    second readings of doubtful short lines (for readings something else checks: a label's
    first characters)."""
    from pipeline.ocr.models import MIN_TEXT_SCORE
    from pipeline.ocr.runtime import release_freed_memory

    with _lock:
        read = engine().recognise(images, checked)
    release_freed_memory()
    return [(text, score) if text.strip() and score >= MIN_TEXT_SCORE else ("", score)
            for text, score in read]


def recognise_after_copy(images: list[np.ndarray]) -> list[tuple[str, float]]:
    """(text, score) of each line image read after a copy of itself (a second context)."""
    from pipeline.ocr.models import MIN_TEXT_SCORE

    with _lock:
        read = engine().recognise_after_copy(images)
    return [(text, score) if text.strip() and score >= MIN_TEXT_SCORE else ("", score)
            for text, score in read]


def _reread(gray: np.ndarray, crop: tuple[int, int, int, int], scale: int,
            row: float | None) -> list[Box]:
    """OCR one cell alone, inside its rules (a few hundred ms), in picture coordinates."""
    x0, y0, x1, y1 = crop
    pad = 3
    part = np.pad(gray[y0 + pad:y1 - pad, x0 + pad:x1 - pad], 12, constant_values=255)
    return [Box(b.x0 + x0 + pad - 12, b.y0 + y0 + pad - 12, b.x1 + x0 + pad - 12,
                b.y1 + y0 + pad - 12, b.text, b.score) for b in ocr_boxes(part, scale, row)]


def _row_height(regions) -> float | None:
    """Median height of the ruled rows (the text size where there are rules), or None."""
    gaps = [b - a for r in regions for a, b in zip(r.ys, r.ys[1:]) if b - a > 8]
    return float(np.median(gaps)) if gaps else None


def _scale(gray: np.ndarray, regions) -> int:
    """Screen-resolution tables (~15 px digits) are read at twice their size: the recogniser
    confuses 6/9 and 3/8 below ~20 px. Row height tells the text size where there are rules."""
    row = _row_height(regions)
    if row is not None:
        return 2 if row < SMALL_ROW else 1
    return 2 if max(gray.shape) < UPSCALE_BELOW else 1


def _looks_tabular(boxes: list[Box]) -> bool:
    numbers = sum(1 for b in boxes if re.fullmatch(r"[\d,.\s]+", b.text))
    return numbers >= 6


def fold_dashes(grid: Grid) -> list[str]:
    """A cell read as only 一/—/- is a printed dash (na), never the number 1."""
    warnings = []
    for r, row in enumerate(grid.rows):
        for c, cell in enumerate(row):
            if cell.is_anchor(r, c) and cell.text.replace(" ", "") in DASH_READINGS \
                    and cell.text != DASH:
                warnings.append(f"{cell.locator}: OCR read {cell.text!r}, taken as a dash (na)")
                cell.text = DASH
    return warnings


def ocr_document(doc: Document) -> Document:
    """``doc`` with what OCR reads in its pictures, when (and only when) a statistics table is
    missing from the markup: each picture is followed by its tables (``ocr:imageN`` locators)
    and text. Tables the markup already has are not added again from pictures. The picture
    blocks stay, so the S checks still see which sections hold pictures."""
    pictures = [b for b in doc.blocks if isinstance(b, ImageBlock) and b.data]
    if not pictures:
        return doc
    from pipeline.tables import find_tables

    have = {f.table_id for f in find_tables(_copy(doc, doc.blocks))}
    if have >= set(T.TABLE_IDS):
        return doc
    from pipeline.ocr.pages import join_page_breaks

    warnings = list(doc.warnings)
    budget = MAX_OCR_PIXELS_PER_DOCUMENT
    read: list[tuple[ImageBlock, list[Block]]] = []
    for block in pictures:
        prefix = f"ocr:image{pictures.index(block) + 1}"
        cost = min(_pixels(block.data), MAX_OCR_PIXELS)
        if cost > budget:
            warnings.append(f"{block.ref or block.locator}: not OCR'd: the document's pictures "
                            f"pass the OCR limit of {megapixels(MAX_OCR_PIXELS_PER_DOCUMENT)}")
            continue
        budget -= cost
        try:
            found, notes = image_blocks(block.data, prefix)
        except OcrUnavailable:
            raise
        except ReadError as exc:
            warnings.append(f"{block.ref or block.locator}: {exc}")
            continue
        read.append((block, list(found)))
        warnings.extend(notes)
    read, notes = join_page_breaks(read)
    warnings.extend(notes)
    found_in = {id(block): found for block, found in read}
    blocks: list[Block] = []
    for block in doc.blocks:
        blocks.append(block)
        for item in found_in.get(id(block), []):
            if isinstance(item, TableBlock):
                ids = {f.table_id for f in find_tables(_copy(doc, [item]))}
                if ids and ids <= have:
                    continue  # the markup has this table; a picture of it adds nothing
            blocks.append(item)
    return _copy(doc, blocks, warnings)


def _pixels(data: bytes) -> int:
    """Pixels a picture declares (header only, nothing decoded); 0 when unreadable."""
    from PIL import Image
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as img:
                return img.size[0] * img.size[1]
    except Exception:  # unreadable pictures cost nothing here; load_gray names the reason
        return 0


def _copy(doc: Document, blocks: list[Block], warnings: list[str] | None = None) -> Document:
    return Document(list(blocks), doc.media_type, doc.source_kind, dict(doc.page_meta),
                    list(doc.warnings if warnings is None else warnings))
