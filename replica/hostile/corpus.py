"""Assemble the hostile corpus: every kind of damaged, bombing or non-report input, seeded.

Real-shaped bases come from the report generator (DOCX, HTML pages, text); bombs and broken
headers are written by the sibling modules. ``Case.report`` says whether the input still holds
a report (a truncated or bit-flipped rendering may): only those may yield numbers.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from replica.hostile import archives as Z
from replica.hostile import markup as M
from replica.hostile import pdf as P
from replica.hostile import pictures as I

EXTENSIONS = (".pdf", ".docx", ".doc", ".wps", ".html", ".htm", ".txt", ".md", ".png", ".jpg",
              ".gif", ".bmp", ".tif", ".webp", ".xlsx", ".zip", ".bin", "")
_MAGICS = (b"PK\x03\x04", b"%PDF-1.7\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
           b"\x89PNG\r\n\x1a\n", b"GIF89a", b"\xff\xd8\xff\xe0", b"BM", b"II*\x00",
           b"RIFF\x00\x00\x00\x00WEBP", b"<html><body><table>", b"\xef\xbb\xbf", b"\xff\xfe")


@dataclass(frozen=True)
class Case:
    path: Path
    kind: str
    #: the input still holds (part of) a real report, so numbers may be read from it
    report: bool = False
    #: needs OCR to be exercised (pictures), so it is run with OCR on
    ocr: bool = False


class _Writer:
    def __init__(self, out: Path):
        self.out = out
        self.cases: list[Case] = []

    def add(self, kind: str, data: bytes, suffix: str, *, report: bool = False,
            ocr: bool = False) -> None:
        path = self.out / f"{len(self.cases):04d}-{kind}{suffix}"
        path.write_bytes(data)
        self.cases.append(Case(path, kind, report, ocr))


def _bases(seed: int, n: int):
    from replica.generate import generate_reports
    from replica.render.docx import render_docx
    from replica.render.page import render_html_page
    from replica.render.text import render_text
    out = []
    for spec in generate_reports(n, seed=seed):
        page = render_html_page(spec)
        out.append((render_docx(spec), page if isinstance(page, bytes) else page.encode(),
                    render_text(spec)))
    return out


def build_corpus(out: Path, seed: int = 14, *, scale: int = 1,
                 with_pictures: bool = True) -> list[Case]:
    """Write the corpus (≈ 1,100 files at ``scale`` 1) into ``out``; deterministic for a seed."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    w = _Writer(out)
    bases = _bases(seed, 8)
    _nothing(w, rng, scale)
    _damaged_docx(w, rng, bases, scale)
    _docx_bombs(w, rng, bases)
    _markup(w, rng, bases, scale)
    _pdfs(w, rng, scale)
    if with_pictures:
        _pictures(w)
    return w.cases


def _nothing(w: _Writer, rng: random.Random, scale: int) -> None:
    for suffix in EXTENSIONS:
        for kind, data in (("empty", b""), ("blank", b" \r\n\t" * 8), ("nul", b"\x00"),
                           ("bom", b"\xef\xbb\xbf")):
            w.add(kind, data, suffix)
        for _ in range(10 * scale):
            w.add("random", rng.randbytes(rng.choice((1, 7, 100, 4096, 65536))), suffix)
    for magic in _MAGICS:
        for _ in range(6 * scale):
            w.add("magic-random", magic + rng.randbytes(rng.randrange(1, 20000)),
                  rng.choice(EXTENSIONS))


def _damaged_docx(w: _Writer, rng: random.Random, bases, scale: int) -> None:
    for k in range(100 * scale):
        docx = bases[k % len(bases)][0]
        w.add("truncated-docx", Z.truncated(docx, rng), ".docx", report=True)
    for k in range(150 * scale):
        docx = bases[k % len(bases)][0]
        w.add("bitflip-docx", Z.bit_flipped(docx, rng, rng.choice((1, 2, 5, 20, 100))),
              ".docx", report=True)
    for k in range(24 * scale):
        docx = bases[k % len(bases)][0]
        member = ("word/document.xml", "word/styles.xml", "docProps/core.xml",
                  "word/_rels/document.xml.rels")[k % 4]
        try:
            w.add("corrupt-member", Z.corrupt_member(docx, rng, member), ".docx", report=True)
        except KeyError:
            continue
    for k in range(8):
        w.add("garbage-deflate", Z.raw_deflate_garbage(rng, 2000 + 500 * k), ".docx")
        w.add("crc-mismatch", Z.stored_crc_mismatch(bases[k % len(bases)][0]), ".docx",
              report=True)
        w.add("encrypted-zip", Z.encrypted_member(bases[k % len(bases)][0]), ".docx")
    w.add("docx-as-pdf", bases[0][0], ".pdf", report=True)


def _docx_bombs(w: _Writer, rng: random.Random, bases) -> None:
    w.add("zip-bomb", Z.deflate_bomb(300), ".docx")
    w.add("zip-bomb-lying", Z.lying_directory(120), ".docx")
    w.add("zip-many-members", Z.many_members(20000), ".docx")
    nested = Z.package({"inner.docx": Z.deflate_bomb(50)})
    w.add("zip-nested", nested, ".docx")
    for levels in (3, 6, 9):
        w.add("entities", Z.minimal_docx(Z.billion_laughs(levels)), ".docx")
        w.add("entities-rels", Z.minimal_docx(
            Z.document_xml("<w:p/>"),
            {"word/_rels/document.xml.rels": Z.billion_laughs(levels)}), ".docx")
    odt = Z.package({"mimetype": b"application/vnd.oasis.opendocument.text" * 50,
                     "content.xml": b"<office:document-content/>"})
    w.add("corrupt-odt-mimetype", Z.corrupt_member(odt, rng, "mimetype"), ".odt")
    w.add("xxe", Z.minimal_docx(Z.external_entity()), ".docx")
    w.add("xxe-http", Z.minimal_docx(Z.external_entity("http://127.0.0.1:9/x")), ".docx")
    for depth in (100, 1000, 5000, 50000):
        w.add("deep-xml", Z.minimal_docx(Z.deep_xml(depth)), ".docx")
    for rows, cells, span, vmerge in ((2000, 50, 64, False), (3000, 40, 64, True),
                                      (1, 20000, 64, False), (50000, 1, 1, True)):
        w.add("docx-span-bomb", Z.minimal_docx(Z.span_table_xml(rows, cells, span, vmerge)),
              ".docx")
    picture = I.blank_png(12000, 12000)
    pictured = Z.minimal_docx(
        Z.document_xml("".join(
            f'<w:p><w:r><w:drawing><a:blip xmlns:a="http://schemas.openxmlformats.org/'
            f'drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships" r:embed="rId{i}"/></w:drawing></w:r></w:p>'
            for i in range(40))),
        {"word/_rels/document.xml.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships">' + "".join(
                f'<Relationship Id="rId{i}" Target="media/image{i}.png" Type="image"/>'
                for i in range(40)) + "</Relationships>").encode(),
         **{f"word/media/image{i}.png": picture for i in range(40)}})
    w.add("docx-pictures", pictured, ".docx")
    w.add("docx-pictures-damaged", Z.bit_flipped(pictured, rng, 30), ".docx")


def _markup(w: _Writer, rng: random.Random, bases, scale: int) -> None:
    for colspan, rowspan in (("0", "0"), ("1000000", "1000000"), ("64", "1000"),
                             ("-5", "x"), ("1e9", "0"), ("0", "1"), ("", "")):
        for rows, cells in ((50, 20), (400, 200), (3000, 3)):
            w.add("span-bomb", M.span_bomb(rows, cells, colspan, rowspan), ".html")
    for tag in ("table", "div", "span", "li"):
        for depth in (300, 3000, 30000):
            w.add("deep-html", M.deep_nesting(tag, depth), ".html")
        w.add("unclosed-html", M.unclosed(tag, 20000), ".html")
    w.add("html-entities", M.html_entities(), ".html")
    for k in range(40 * scale):
        docx, html, text = bases[k % len(bases)]
        w.add("mixed-encoding", M.mixed_encoding(text, rng), rng.choice((".txt", ".md")),
              report=True)
        declared, actual = rng.choice((("utf-8", "gb18030"), ("gbk", "utf-8"),
                                       ("big5", "gb18030"), ("utf-8", "utf-16")))
        w.add("wrong-charset", M.declared_wrong(html.decode("utf-8", "replace"), declared,
                                                actual), ".html", report=True)
        w.add("truncated-html", html[:rng.randrange(1, len(html))], ".html", report=True)
        w.add("bitflip-text", Z.bit_flipped(text.encode("gb18030"), rng, 20), ".txt",
              report=True)
    for k in range(20 * scale):
        w.add("random-chinese", M.random_chinese(rng, 40).encode(), ".txt")
        w.add("number-soup", M.number_soup(rng, 80).encode(), rng.choice((".txt", ".md")))
        w.add("number-soup-html", M.page("<table>" + "".join(
            "<tr>" + "".join(f"<td>{n}</td>" for n in line.split()) + "</tr>"
            for line in M.number_soup(rng, 40).splitlines()) + "</table>").encode(), ".html")
    for k, text in enumerate(M.NON_REPORTS):
        w.add("non-report", text.encode(), ".txt")
        w.add("non-report-html", M.page("".join(f"<p>{line}</p>" for line in
                                                text.splitlines())).encode(), ".html")


def _pdfs(w: _Writer, rng: random.Random, scale: int) -> None:
    small = P.build_pdf([(595, 842, P.text_page(
        [" ".join(str(rng.randrange(100)) for _ in range(8)) for _ in range(30)]))],
        deflate=True)
    for k in range(40 * scale):
        w.add("truncated-pdf", Z.truncated(small, rng), ".pdf")
        w.add("bitflip-pdf", Z.bit_flipped(small, rng, rng.choice((1, 5, 30))), ".pdf")
    w.add("pdf-numbers", small, ".pdf")
    for side in (14400, 200000):
        w.add("pdf-page-size", P.build_pdf([(side, side, P.rect_page(side, side))]), ".pdf")
    w.add("pdf-page-size-text", P.build_pdf([(14400, 14400, P.text_page(["1 2 3"]))]), ".pdf")
    w.add("pdf-zero-page", P.build_pdf([(0, 0, P.rect_page(600, 800))]), ".pdf")
    w.add("pdf-stream-bomb", P.deflated_stream_pdf(400), ".pdf")
    w.add("pdf-glyphs", P.build_pdf([(595, 842, P.text_page(["0 " * 2000] * 25, 1))]), ".pdf")
    w.add("pdf-many-pages", P.build_pdf([(595, 842, b"")] * 400), ".pdf")
    w.add("pdf-rect-pages", P.build_pdf([(595, 842, P.rect_page(595, 842))] * 3), ".pdf")
    w.add("pdf-encrypted", P.build_pdf([(595, 842, P.text_page(["1"]))], encrypt=True), ".pdf")
    w.add("pdf-image-bomb", P.build_pdf(
        [(595, 842, b"q 595 0 0 842 0 0 cm /Im0 Do Q")],
        images={0: (20000, 20000, b"\xff" * 1000)}), ".pdf")
    w.add("pdf-empty-stream", P.build_pdf([(595, 842, b"")]), ".pdf")


def _pictures(w: _Writer) -> None:
    w.add("huge-png", I.blank_png(12000, 12000), ".png", ocr=True)
    w.add("tall-png", I.blank_png(400, 60000), ".png", ocr=True)
    w.add("wide-png", I.blank_png(30000, 300), ".png", ocr=True)
    w.add("gray-png", I.blank_png(5000, 7000, gray=128), ".png", ocr=True)
    w.add("lying-png", I.lying_png(100000, 100000), ".png", ocr=True)
    w.add("gif-screen", I.gif_screen(65535, 65535), ".gif", ocr=True)
    w.add("jpeg-header", I.jpeg_header(65000, 65000), ".jpg", ocr=True)
    w.add("bmp-header", I.bmp_header(50000, 50000), ".bmp", ocr=True)
    from replica.generate import generate_reports
    from replica.render.png import render_table_png
    table = render_table_png(generate_reports(1, seed=14)[0], "applications")
    w.add("dense-scan", I.scanned_sheet(table), ".jpg", report=True, ocr=True)
    for kind, suffix in (("PNG", ".png"), ("JPEG", ".jpg"), ("GIF", ".gif"), ("BMP", ".bmp"),
                         ("TIFF", ".tif"), ("WEBP", ".webp")):
        w.add("small-picture", I.small_picture(kind), suffix, ocr=True)
        w.add("tiny-picture", I.small_picture(kind, 3, 3), suffix, ocr=True)
