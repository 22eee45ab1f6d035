"""A table drawn as a picture (PIL, WenQuanYi Zen Hei), like the pasted tables of seed 000.

The ``pdfocr`` engineer OCRs these, so the drawing favours legibility: ruled cells, one font
size, labels wrapped at a fixed width, merged cells drawn as one box.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from replica.render.grid import PRow, anchors, grid_width, table_grids
from replica.spec import ReportSpec

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT_SIZE = 22
PAD = 8
WRAP = 14  # characters per line in label cells
MIN_WIDTH = 70
MARGIN = 12


@lru_cache(maxsize=4)
def _font(size: int = FONT_SIZE) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_PATH, size)


def render_table_png(spec: ReportSpec, table_id: str) -> bytes:
    """PNG bytes of one table (several printed blocks stacked when table 二 is split)."""
    pictures = [_draw(rows) for rows in table_grids(spec, table_id)]
    # a white margin keeps the outer rulings off the picture's edge: scaled down into a PDF,
    # an edge line one pixel wide fades and OCR loses the last row and column with it
    width = max(p.width for p in pictures) + 2 * MARGIN
    height = sum(p.height for p in pictures) + 20 * (len(pictures) - 1) + 2 * MARGIN
    canvas = Image.new("RGB", (width, height), "white")
    y = MARGIN
    for picture in pictures:
        canvas.paste(picture, (MARGIN, y))
        y += picture.height + 20
    out = io.BytesIO()
    canvas.save(out, format="PNG")
    return out.getvalue()


def _lines(text: str) -> list[str]:
    # split labels are re-wrapped at a fixed width: the picture has its own line breaks
    part = text.replace("\n", "")
    return [part[i:i + WRAP] for i in range(0, max(len(part), 1), WRAP)]


def _draw(rows: list[PRow]) -> Image.Image:
    font = _font()
    placed = anchors(rows)
    n_cols = grid_width(rows)
    line_h = FONT_SIZE + 6
    widths = [MIN_WIDTH] * n_cols
    heights = [line_h + 2 * PAD] * len(rows)
    for r, row in enumerate(placed):
        for c, cell in row:
            lines = _lines(cell.text)
            text_w = max(font.getlength(x) for x in lines) + 2 * PAD
            if cell.colspan == 1:
                widths[c] = max(widths[c], int(text_w))
            if cell.rowspan == 1:
                heights[r] = max(heights[r], len(lines) * line_h + 2 * PAD)
    # a merged cell wider than the columns it spans widens them evenly (otherwise its text
    # runs over the neighbouring ruling, e.g. 本年收费金额（单位：万元） over three columns)
    for row in placed:
        for c, cell in row:
            if cell.colspan > 1:
                text_w = max(font.getlength(x) for x in _lines(cell.text)) + 2 * PAD
                short = int(text_w) - sum(widths[c:c + cell.colspan])
                for k in range(c, c + cell.colspan) if short > 0 else ():
                    widths[k] += -(-short // cell.colspan)
    xs = [0]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [0]
    for h in heights:
        ys.append(ys[-1] + h)
    image = Image.new("RGB", (xs[-1] + 1, ys[-1] + 1), "white")
    draw = ImageDraw.Draw(image)
    for r, row in enumerate(placed):
        for c, cell in row:
            box = (xs[c], ys[r], xs[c + cell.colspan], ys[r + cell.rowspan])
            draw.rectangle(box, outline="black", width=1)
            lines = _lines(cell.text)
            top = (box[1] + box[3]) / 2 - len(lines) * line_h / 2
            for k, line in enumerate(lines):
                x = (box[0] + box[2]) / 2 - font.getlength(line) / 2
                draw.text((x, top + k * line_h + 3), line, fill="black", font=font)
    return image
