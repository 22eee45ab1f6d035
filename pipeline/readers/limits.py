"""Caps that bound what one document may cost, whatever its bytes claim (issue 17).

Every reader checks the size a structure will expand to *before* allocating it, and refuses
with a one-line ``ReadError`` naming the number and the limit (or, for pictures, scales down
and says so). Statistics tables have a few hundred cells and report pages are A4 or A3, so
the limits sit orders of magnitude above any real report and far below what hurts a worker.
"""

from __future__ import annotations

#: cells of one span-expanded table grid (a template table has ≈ 40 × 10)
MAX_GRID_CELLS = 200_000
#: pixels of one rendered PDF page or picture crop (A3 at 2.5× is ≈ 12 Mpx); larger pages
#: are rendered at a lower scale, never above this
MAX_RENDER_PIXELS = 16_000_000
#: bytes one picture may take decoded (width × height × bands) before it is refused
MAX_DECODED_PICTURE_BYTES = 160 * 2**20
#: pixels one picture is given to OCR; larger pictures are scaled down to it first
MAX_OCR_PIXELS = 12_000_000
#: pixels OCR'd per document, all pictures together; pictures past it are left unread (warned)
MAX_OCR_PIXELS_PER_DOCUMENT = 60_000_000
#: bytes one compressed stream (ZIP member, PDF content stream) may inflate to
MAX_INFLATED_STREAM_BYTES = 64 * 2**20
#: bytes all streams of one document may inflate to together
MAX_INFLATED_DOCUMENT_BYTES = 200 * 2**20


def megapixels(pixels: int) -> str:
    return f"{pixels / 1e6:.1f} Mpx"


def mb(size: int) -> str:
    return f"{size / 2**20:.0f} MB"


def fit_scale(width: float, height: float, scale: float, max_pixels: int) -> float:
    """``scale``, or less so that ``width × height`` rendered at it stays within
    ``max_pixels``."""
    pixels = width * height * scale ** 2
    if pixels <= max_pixels:
        return scale
    return max(scale * (max_pixels / pixels) ** 0.5, 1e-3)


def inflated_size_over(raw: bytes, limit: int) -> bool:
    """Whether zlib data ``raw`` inflates to more than ``limit`` bytes, found out in 1 MB steps
    without holding the output (damaged data counts as what inflated before the damage)."""
    import zlib
    inflater = zlib.decompressobj()
    total, pending = 0, raw
    try:
        while pending:
            total += len(inflater.decompress(pending, 2**20))
            if total > limit:
                return True
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        return False
    return False


def check_pdf_streams(page_obj, number: int) -> None:
    """Refuse a PDF page whose deflated content streams inflate past the per-stream cap,
    before pdfminer inflates them whole (a 1 MB stream can hold 1 GB of operators)."""
    from pdfminer.pdftypes import PDFStream, resolve1

    from pipeline.readers import ReadError
    contents = resolve1(getattr(page_obj, "contents", None) or [])
    for stream in contents if isinstance(contents, list) else [contents]:
        stream = resolve1(stream)
        if not isinstance(stream, PDFStream) or stream.rawdata is None:
            continue
        filters = resolve1(stream.get_any(("F", "Filter")))
        names = [getattr(resolve1(f), "name", f) for f in
                 (filters if isinstance(filters, list) else [filters])]
        if "FlateDecode" in names and inflated_size_over(stream.rawdata,
                                                          MAX_INFLATED_STREAM_BYTES):
            raise ReadError(f"PDF page {number}: a content stream inflates to more than "
                            f"{mb(MAX_INFLATED_STREAM_BYTES)} (limit; compression bomb?)")
