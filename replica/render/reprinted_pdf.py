"""A report's PDF re-made by the other programs real reports pass through.

Many published PDFs are not the file the author's office suite exported: someone printed it
again, or scanned a printout. ``reprint(pdf, producer)`` runs the real tools on a LibreOffice or
Chromium PDF of a generated report:

- ``gs-pdfwrite``: distilled again by Ghostscript's pdfwrite (what "Adobe PDF" and many
  virtual printers do): fonts re-subset and re-encoded under new ToUnicode maps, text runs cut
  anew, rulings re-written as paths;
- ``print-ps``: printed to PostScript (poppler's ``pdftops``, a printer driver's job) and
  distilled by Ghostscript (Microsoft Print to PDF, Foxit's printer): the fonts lose their
  Unicode maps on the way, so the text layer is the glyph codes;
- ``print-outlines``: the same with the driver's "print text as graphics"
  (``-dNoOutputFonts``): no text layer at all, glyphs as filled paths;
- ``mutool-clean``: MuPDF's ``clean`` (garbage-collected, streams recompressed, objects
  renumbered: what "optimise PDF" buttons do);
- ``mutool-convert``: every page re-drawn through MuPDF's PDF writer (fonts re-embedded as CID
  fonts with maps MuPDF builds itself); MuPDF refuses pages drawn in Type 3 fonts (Chromium's),
  which raises ``ReprintError``;
- ``scan`` and ``scan-tilted``: a searchable scan: each page rendered by ``pdftoppm`` at a
  scanner's 150 dpi in grey, (``scan-tilted``: turned by up to 0.6° and speckled), JPEG
  compressed, with an invisible text layer (render mode 3) of the page's true words placed
  roughly where the picture shows them and with an OCR engine's slips (``0``→``O``,
  ``1``→``l``, a dropped digit) in some numbers. Written with the drawn writer's machinery
  (``textlayer_pdfwrite``).

Results are cached under ``$XXGK_REPLICA_CACHE/reprinted`` by input, producer and tool
versions.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
import os
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from replica.render.cache import cache_dir
from replica.render.textlayer_pdfwrite import Font, write_pdf

PRODUCERS = ("gs-pdfwrite", "print-ps", "print-outlines", "mutool-clean", "mutool-convert",
             "scan", "scan-tilted")
#: Debian packages the producers run (scripts/install.sh)
TOOLS = {"gs": "ghostscript", "mutool": "mupdf-tools", "pdftops": "poppler-utils",
         "pdftoppm": "poppler-utils"}
#: a scanner's resolution for searchable scans
SCAN_DPI = 150
#: share of a scan's numbers the OCR engine that made its text layer misreads
SLIP_SHARE = 0.08
_GS = ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite"]
TIMEOUT = 300


class ReprintError(RuntimeError):
    """A tool is missing or refused the input (one line naming the tool and why)."""


def reprint(pdf: bytes, producer: str, seed: int = 0) -> bytes:
    """``pdf`` re-made by ``producer`` (one of ``PRODUCERS``); ``seed`` draws a scan's tilt,
    speckles and OCR slips."""
    if producer not in PRODUCERS:
        raise ValueError(f"unknown producer {producer!r} (one of {', '.join(PRODUCERS)})")
    key = hashlib.sha256(pdf + repr((producer, seed, _versions())).encode()).hexdigest()
    cached = cache_dir() / "reprinted" / f"{key}.pdf"
    if cached.exists():
        return cached.read_bytes()
    with tempfile.TemporaryDirectory(prefix="xxgk-reprint-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        if producer.startswith("scan"):
            out = _searchable_scan(source, random.Random(seed), tilted=producer == "scan-tilted")
        else:
            target = Path(tmp) / "out.pdf"
            for command in _commands(producer, source, target):
                _run(command)
            out = target.read_bytes()
            if not out:
                raise ReprintError(f"{producer}: the tool wrote an empty file")
    cached.parent.mkdir(parents=True, exist_ok=True)
    part = cached.with_suffix(f".{os.getpid()}.tmp")
    part.write_bytes(out)
    os.replace(part, cached)
    return out


def _commands(producer: str, source: Path, target: Path) -> list[list[str]]:
    ps = target.with_suffix(".ps")
    return {
        "gs-pdfwrite": [[*_GS, "-o", str(target), str(source)]],
        "print-ps": [["pdftops", "-paper", "match", str(source), str(ps)],
                     [*_GS, "-o", str(target), str(ps)]],
        "print-outlines": [["pdftops", "-paper", "match", str(source), str(ps)],
                           [*_GS, "-dNoOutputFonts", "-o", str(target), str(ps)]],
        "mutool-clean": [["mutool", "clean", "-gggg", "-z", str(source), str(target)]],
        "mutool-convert": [["mutool", "convert", "-F", "pdf", "-o", str(target), str(source)]],
    }[producer]


def _run(command: list[str]) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise ReprintError(f"{tool} is not installed (Debian package {TOOLS[tool]})")
    done = subprocess.run(command, capture_output=True, timeout=TIMEOUT)
    error = (done.stderr or b"").decode("utf-8", "replace").strip().splitlines()
    failed = [line for line in error if line.startswith("error")]
    if done.returncode != 0 or failed:
        reason = (failed or error or [f"exit {done.returncode}"])[0]
        raise ReprintError(f"{tool}: {reason}")


@functools.lru_cache(maxsize=1)
def _versions() -> str:
    out = []
    for tool, flag in (("gs", "--version"), ("mutool", "-v"), ("pdftoppm", "-v")):
        if shutil.which(tool):
            done = subprocess.run([tool, flag], capture_output=True, text=True, timeout=60)
            out.append((done.stdout + done.stderr).strip().splitlines()[0])
    return "|".join(out)


# -- searchable scans ----------------------------------------------------------------------

def _searchable_scan(source: Path, rng: random.Random, tilted: bool) -> bytes:
    import logging

    import pdfplumber

    # pdfminer warns about every Type 3 font without a bounding box (Chromium's)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="xxgk-scan-") as tmp:
        _run(["pdftoppm", "-r", str(SCAN_DPI), "-gray", "-png", str(source), f"{tmp}/page"])
        pngs = sorted(Path(tmp).glob("page*.png"))
        font = Font(0.5)
        pages, pictures, sizes = [], [], []
        with pdfplumber.open(source) as pdf:
            for page, png in zip(pdf.pages, pngs):
                angle = rng.uniform(-0.6, 0.6) if tilted else 0.0
                width, height = float(page.width), float(page.height)
                pictures.append(_scanned_picture(png, angle, rng if tilted else None))
                sizes.append((width, height))
                ops = [f"q {width:.2f} 0 0 {height:.2f} 0 0 cm /Im1 Do Q"]
                for word in page.extract_words(keep_blank_chars=False, use_text_flow=False):
                    ops.append(_invisible_word(font, word, width, height, angle, rng))
                pages.append(ops)
    return write_pdf(font, pages, pictures, sizes)


def _scanned_picture(png: Path, angle: float, rng: random.Random | None
                     ) -> tuple[bytes, int, int]:
    from PIL import Image

    image = Image.open(png).convert("L")
    if angle:
        image = image.rotate(angle, resample=Image.BILINEAR, fillcolor=255)
    if rng is not None:  # dust and toner speckles, a few hundred a page
        pixels = image.load()
        w, h = image.size
        for _ in range(400):
            x, y = rng.randrange(w), rng.randrange(h)
            pixels[x, y] = rng.choice((0, 60, 120))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue(), image.width, image.height


def _invisible_word(font: Font, word: dict, width: float, height: float, angle: float,
                    rng: random.Random) -> str:
    """One word of the OCR text layer: invisible (3 Tr), stretched to the width the engine
    measured on the picture (Tz), its baseline where the picture shows it give or take a
    point, the text with the engine's slips."""
    size = max(word["bottom"] - word["top"], 4.0)
    # where the (turned) picture shows the word's baseline start, in PDF space (y up)
    x, y = _turn(word["x0"], height - word["bottom"] + 0.15 * size, width, height, angle)
    x += rng.uniform(-1.0, 1.0)
    y += rng.uniform(-1.0, 1.0)
    text = _slipped(word["text"], rng)
    natural = sum(font.width(ch) for ch in text) * size or 1.0
    stretch = 100 * max(word["x1"] - word["x0"], 1.0) / natural
    return (f"BT 3 Tr /F1 {size:.2f} Tf {stretch:.1f} Tz 1 0 0 1 {x:.2f} {y:.2f} Tm "
            f"{font.encode(text)} Tj ET")


def _turn(x: float, y: float, width: float, height: float, angle: float) -> tuple[float, float]:
    """The point (PDF space) turned with the picture about the page's centre, as PIL turns
    it (counter-clockwise by ``angle`` degrees)."""
    if not angle:
        return x, y
    a = math.radians(angle)
    cx, cy = width / 2, height / 2
    dx, dy = x - cx, y - cy
    return cx + dx * math.cos(a) - dy * math.sin(a), cy + dx * math.sin(a) + dy * math.cos(a)


def _slipped(text: str, rng: random.Random) -> str:
    """An OCR engine's misreadings of a number: 0 read as O, 1 as l, a digit lost."""
    if not any(ch.isdigit() for ch in text) or rng.random() >= SLIP_SHARE:
        return text
    digits = [k for k, ch in enumerate(text) if ch.isdigit()]
    k = rng.choice(digits)
    if text[k] == "0":
        return text[:k] + "O" + text[k + 1:]
    if text[k] == "1":
        return text[:k] + "l" + text[k + 1:]
    if len(digits) > 1:
        return text[:k] + text[k + 1:]
    return text
