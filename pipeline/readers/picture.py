"""Pictures decoded under the caps: 8-bit gray, refused from the header when too large.

Shared by the image reader (is this a picture at all?) and the OCR stage (what to read), so the
same limits hold on every path a picture takes.
"""

from __future__ import annotations

import io
import math
import re
import struct
import warnings

import numpy as np

from pipeline.readers import ReadError
from pipeline.readers.limits import MAX_DECODED_PICTURE_BYTES, MAX_OCR_PIXELS, megapixels

#: bytes per pixel of Pillow's modes, to know what decoding a picture will cost
_MODE_BYTES = {"1": 1, "L": 1, "P": 1, "LA": 2, "PA": 2, "I;16": 2, "I;16B": 2, "I;16L": 2,
               "RGB": 3, "YCbCr": 3, "LAB": 3, "HSV": 3}


def load_gray(data: bytes, notes: list[str] | None = None, *,
              max_pixels: int = MAX_OCR_PIXELS) -> np.ndarray:
    """The picture as 8-bit gray, never more than ``max_pixels`` (scaled down, with a note in
    ``notes``). A picture whose decoded size would pass ``MAX_DECODED_PICTURE_BYTES`` is refused
    from its header, before any pixel is decoded."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():  # Pillow warns on odd EXIF etc.: one line, or nothing
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as img:
                width, height = img.size
                if img.format == "JPEG" and width * height > max_pixels:
                    factor = math.sqrt(width * height / max_pixels)
                    img.draft("L", (math.ceil(width / factor), math.ceil(height / factor)))
                _check_decoded_size(img)
                img.load()
                return _fit(img, width, height, max_pixels, notes)
    except Image.DecompressionBombError as exc:
        found = re.search(r"\((\d+) pixels\)", str(exc))
        pixels = megapixels(int(found.group(1))) if found else "too many pixels"
        raise ReadError(f"picture too large ({pixels}, over the limit of "
                        f"{megapixels(MAX_DECODED_PICTURE_BYTES)} for gray pictures)") from None
    except UnidentifiedImageError:
        raise ReadError("unreadable image (damaged or unknown picture header)") from None
    except (OSError, ValueError, EOFError, SyntaxError,
            struct.error, ZeroDivisionError) as exc:
        raise ReadError(f"unreadable image ({' '.join(str(exc).split())[:120]})") from None


def _check_decoded_size(img) -> None:
    width, height = img.size
    per_pixel = _MODE_BYTES.get(img.mode, 4)
    if width * height * per_pixel > MAX_DECODED_PICTURE_BYTES:
        limit = MAX_DECODED_PICTURE_BYTES // per_pixel
        raise ReadError(f"picture too large: {width} × {height} px "
                        f"({megapixels(width * height)}, mode {img.mode}), over the limit of "
                        f"{megapixels(limit)} for such pictures")


def _fit(img, width: int, height: int, max_pixels: int, notes: list[str] | None) -> np.ndarray:
    """Gray and at most ``max_pixels``; shrinking before converting keeps the peak to the
    decoded picture plus a small copy."""
    w, h = img.size  # smaller than (width, height) when JPEG drafting already reduced it
    factor = math.ceil(math.sqrt(w * h / max_pixels)) if w * h > max_pixels else 1
    if factor > 1 and img.mode in ("L", "RGB", "RGBA", "LA", "I", "F", "CMYK"):
        img = img.reduce(factor)
    gray = img.convert("L")
    if factor > 1 and gray.size == (w, h):
        gray = gray.reduce(factor)
    if gray.size != (width, height) and notes is not None:
        notes.append(f"picture of {width} × {height} px ({megapixels(width * height)}) scaled "
                     f"to {gray.size[0]} × {gray.size[1]} for OCR (limit "
                     f"{megapixels(max_pixels)})")
    return np.asarray(gray)
