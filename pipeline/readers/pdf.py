"""PDF → Document: paragraphs in reading order, ruled tables as full grids, pages without a text
layer as images for OCR.

pdfplumber gives the document's structure and finds ruled tables (cell rectangles, see
``pdf_grid``) on the characters and rulings pdfium parsed (``pdf_objects``; pdfminer's interpreter
only for a page pdfium cannot load); text outside the tables becomes paragraphs, so an unruled
table reaches the text-table path as its label/number lines. A page whose fonts have no Unicode
map and whose text is not legible either is read as a picture (OCR). Bad input (encrypted,
corrupt, truncated, too many pages, too slow) raises ``ReadError``.
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass

from pipeline.document import Document, ImageBlock, Paragraph, TextTableBlock
from pipeline.readers import ReadError
from pipeline.readers.limits import check_pdf_streams
from pipeline.readers.pdf_text import line_cells, table_runs, value_line
from pipeline.readers.pdf_cells import (CharIndex, cell_rows, inside as _inside, ruled_boxes,
                                        stacked_tables)
from pipeline.readers.pdf_grid import Fragment, build_fragment, chars_text, fold_radicals
from pipeline.readers.pdf_join import HEADING, join_pages
from pipeline.readers.pdf_objects import FontNotEmbedded, install, unmapped_share
from pipeline.readers.pdf_pagecut import (MARGIN_SHARE, cut_rules, drop_running, furniture_key,
                                          overflow)
from pipeline.readers.pdf_layout import values
from pipeline.readers.pdf_positions import PositionalTable, line_words, positional_regions
from pipeline.readers.pdf_render import pictures, render_page
from pipeline.readers.pdf_rotation import page_turn, sideways_turns, turned
from pipeline.readers.pdf_trust import layer_tilt, scanned_page, untilt, untrusted_text

MEDIA_TYPE = "application/pdf"
#: reports run to a few dozen pages; beyond this a file is not a report (or an attack)
MAX_PAGES = 150
#: seconds one PDF may take before it is given up
TIME_BUDGET = 120.0
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])[ \t]+(?=[0-9A-Za-z])|"
                        r"(?<=[0-9A-Za-z])[ \t]+(?=[\u4e00-\u9fff])")
_LEGIBLE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef0-9A-Za-z.,:;%()\-—、“”]")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d+\s*(页|/\s*\d+\s*页?)?[-—–\s]*$")


@dataclass
class _Limits:
    budget: float
    deadline: float

    def check(self, page: int) -> None:
        if time.monotonic() > self.deadline:
            raise ReadError(f"PDF took longer than {self.budget:g} s (stopped at page {page})")


def read_pdf(data: bytes, *, max_pages: int = MAX_PAGES, time_budget: float = TIME_BUDGET,
             ocr: bool = True, _turned: bool = False, **_: object) -> Document:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise ReadError("not a PDF (no %PDF- header)")
    if b"%%EOF" not in data[-2048:]:
        raise ReadError("truncated PDF (no %%EOF trailer)")
    limits = _Limits(time_budget, time.monotonic() + time_budget)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        n_pages = len(pdf.pages)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ReadError(f"encrypted PDF ({type(exc).__name__})") from None
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ReadError("encrypted PDF (password required)") from None
        raise ReadError(f"corrupt PDF ({_one_line(cause)})") from None
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise ReadError(f"corrupt PDF ({_one_line(exc)})") from None
    with pdf:
        if n_pages > max_pages:
            raise ReadError(f"PDF has {n_pages} pages, more than the limit of {max_pages}")
        if n_pages == 0:
            raise ReadError("PDF has no pages")
        # every stream measured before anything parses a page (the sideways check reads chars)
        for number, page in enumerate(pdf.pages, start=1):
            check_pdf_streams(page.page_obj, number)
        reader = _PageReader(data, ocr)
        turns: dict[int, int] = {}
        try:
            blocks = []
            for number, page in enumerate(pdf.pages, start=1):
                limits.check(number)
                # sideways text is checked on the characters the page is read from; the rare
                # sideways page sends the whole file round again, turned upright
                reader.prepare(page, number)
                turn = None if _turned else page_turn(page)
                if turn is not None:
                    reader.release(page, number)
                    turns = {number - 1: turn,
                             **sideways_turns(pdf, start=number, prepare=reader.prepare,
                                              release=reader.release)}
                    break
                blocks.append(reader.read_page(page, number))
                reader.release(page, number)
            blocks = drop_running(blocks, reader.margins, reader.open_ends)
            joined = join_pages(blocks, reader.open_ends) if not turns else []
        except ReadError:
            raise
        except Exception as exc:
            raise ReadError(f"corrupt PDF ({type(exc).__name__}: {_one_line(exc)})") from None
        finally:
            reader.close()
    if turns:
        doc = read_pdf(turned(data, turns), max_pages=max_pages, ocr=ocr, _turned=True,
                       time_budget=max(limits.deadline - time.monotonic(), 0.0))
        pages = ", ".join(str(i + 1) for i in sorted(turns))
        doc.warnings.insert(0, f"pdf: text ran sideways on page(s) {pages}; turned upright")
        return doc
    doc = Document(joined, MEDIA_TYPE, "pdf")
    doc.warnings.extend(reader.warnings)
    doc.text_layer = [line for number in sorted(reader.text_layer)
                      for line in reader.text_layer[number]]
    return doc


def _one_line(exc: object) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


class _PageReader:
    def __init__(self, data: bytes, ocr: bool = True) -> None:
        self.data = data
        #: pictures will be OCR'd: a scan's own text layer is then only checked against them
        self.ocr = ocr
        self._pdfium = None
        self._pdfium_failed = False
        self._pages: dict[int, tuple[object, object]] = {}
        self._garbled_pages: dict[int, bool] = {}
        #: page -> its last paragraph ran to the margin (may continue on the next page)
        self.open_ends: dict[int, bool] = {}
        #: page -> (paragraph, its furniture_key, was the text open before it) of the
        #: paragraphs that begin in the page's top or bottom margin (running headers/footers?)
        self.margins: dict[int, list[tuple[object, str, bool]]] = {}
        #: the previous page ended inside an unruled table read by position
        self.open_table = False
        #: page -> its whole text layer, line by line (the cross-check's second reading)
        self.text_layer: dict[int, list[str]] = {}
        #: page -> (top, text) of its lines outside ruled tables
        self._outside: dict[int, list[tuple[float, str]]] = {}
        self.warnings: list[str] = []

    def pdfium(self):
        if self._pdfium is None:
            import pypdfium2
            self._pdfium = pypdfium2.PdfDocument(self.data)
        return self._pdfium

    def textpage(self, number: int):
        if number not in self._pages:
            page = self.pdfium()[number - 1]
            self._pages[number] = (page, page.get_textpage())
        return self._pages[number][1]

    def prepare(self, page, number: int) -> None:
        """Give the pdfplumber page its characters, rulings and pictures from pdfium. A page
        (or file) pdfium cannot load, or whose text is in fonts the file does not embed, keeps
        pdfplumber's own parse by pdfminer: slower, but that page is all it costs."""
        import pypdfium2
        if self._pdfium_failed:
            return
        try:
            textpage = self.textpage(number)
            install(page, self._pages[number][0], textpage)
        except FontNotEmbedded:
            pass  # pdfplumber's own parse: the file's widths, not a substitute font's
        except pypdfium2.PdfiumError:
            if self._pdfium is None:
                self._pdfium_failed = True
            self.warnings.append(f"pdf:p{number}: pdfium could not load the page; "
                                 "read with pdfminer")

    def release(self, page, number: int) -> None:
        """Drop the page's objects (one page in memory at a time)."""
        page.flush_cache()
        if number in self._pages:
            pdfium_page, textpage = self._pages.pop(number)
            textpage.close()
            pdfium_page.close()

    def close(self) -> None:
        for pdfium_page, textpage in self._pages.values():
            textpage.close()
            pdfium_page.close()
        self._pages.clear()
        if self._pdfium is not None:
            self._pdfium.close()

    def read_page(self, page, number: int) -> list:
        """Blocks of one page, top to bottom: Fragment (tables), Paragraph, ImageBlock."""
        if not page.chars:
            if page.images or page.rects or page.curves:
                return [self._render(number)]
            return []
        scan = number in self._pages and scanned_page(page, self._pages[number][0])
        if scan:
            blocks = self._scan(page, number)
            if blocks is not None:
                return blocks
        if self._garbled(page) and not self._legible(number):
            # fonts without a Unicode map that pdfium cannot decode either: the glyphs
            # are still drawn, so the page is read like a scan rather than as controls
            self.warnings.append(f"pdf:p{number}: fonts without a Unicode map and no "
                                 "legible text layer; page read by OCR")
            return [self._render(number)]
        why = None if scan else untrusted_text(page.chars)
        if why:  # a map that is there but wrong, or glyph codes that pass as letters
            self.warnings.append(f"pdf:p{number}: {why}; page read from its picture (OCR)")
            return [self._render(number)]
        if self._garbled(page):
            self.warnings.append(f"pdf:p{number}: fonts without a Unicode map; text read "
                                 "with pdfium")
        cut = cut_rules(page)  # a table the page break left open at the cut
        found = page.find_tables({"explicit_horizontal_lines": cut} if cut else None)
        tables = [t for t in found if len(t.cells) > 1]
        placed: list[tuple[float, object]] = []
        boxes = []
        parts = sorted((part for t in tables for part in stacked_tables(t.cells)),
                       key=lambda cells: min(c[1] for c in cells))
        for index, cells in enumerate(parts, start=1):
            bbox = (min(c[0] for c in cells), min(c[1] for c in cells),
                    max(c[2] for c in cells), max(c[3] for c in cells))
            text_boxes, bbox = overflow(cells, bbox, cut, page.chars)
            text_boxes = ruled_boxes(text_boxes, page.edges)
            chars = CharIndex([c for c in page.chars if _inside(c, bbox)])
            texts = [chars_text(chars.inside(box)) for box in text_boxes]
            fragment = build_fragment(cells, texts, number, index)
            if fragment is not None:
                placed.append((bbox[1], fragment))
            boxes.append(bbox)
        outside = page.filter(lambda obj: obj.get("object_type") != "char"
                              or not any(_inside(obj, b) for b in boxes))
        placed += self._lines(outside, number)
        # the page's text layer (the cross-check's second reading) from what was read: the
        # lines outside the tables and each table's cells by row, not a second pass of the page
        rows = [row for _, fragment in placed if isinstance(fragment, Fragment)
                for row in cell_rows(fragment)]
        self.text_layer[number] = [text for _, text in sorted(self._outside[number] + rows)]
        for k, image in enumerate([] if scan else pictures(page, boxes), start=1):
            placed.append((image[0], self._render(number, image[1], f"pdf:p{number}/img{k}")))
        placed.sort(key=lambda tb: tb[0])
        return [block for _, block in placed]

    def _scan(self, page, number: int) -> list | None:
        """A scan under another program's invisible OCR text layer: with OCR on, the picture
        is read and that layer kept as the second reading it is checked against (None: OCR
        off, the layer is read as the page's text, unchecked, and said so)."""
        if not self.ocr:
            self.warnings.append(f"pdf:p{number}: a scan under another program's invisible "
                                 "OCR text layer; its cells are read from that layer, not "
                                 "checked against the picture (OCR off)")
            tilt = layer_tilt(page.chars)
            if tilt:  # the words were placed along the tilted picture's lines
                untilt(page.chars, tilt, float(page.width), float(page.height))
                self.warnings.append(f"pdf:p{number}: the scan's text layer tilts by "
                                     f"{tilt:.2f}°; turned level")
            return None
        lines = page.extract_text_lines(layout=False, strip=True)
        self.text_layer[number] = [ln["text"] for ln in lines]
        self.warnings.append(f"pdf:p{number}: a scan under another program's invisible OCR "
                             "text layer; the picture is read by OCR and checked against it")
        return [self._render(number)]

    def _garbled(self, page) -> bool:
        """Glyphs without a Unicode value: pdfium's own mapping failed (or gave controls or
        private-use code points); pdfminer's reading (``(cid:N)``, U+FFFD) is only the
        source of a page pdfium could not load."""
        if page.page_number not in self._garbled_pages:
            self._garbled_pages[page.page_number] = unmapped_share(page.chars) > 0 or any(
                c["text"] == "\ufffd" or c["text"].startswith("(cid:") for c in page.chars)
        return self._garbled_pages[page.page_number]

    def _legible(self, number: int) -> bool:
        """Does pdfium's text of the page read as text (ideographs, digits, letters, CJK
        punctuation) rather than the glyph codes of an unmapped font?"""
        text = "".join(self.textpage(number).get_text_range().split())
        good = sum(1 for ch in text if _LEGIBLE.match(ch))
        return bool(text) and good >= 0.6 * len(text)

    def _lines(self, page, number: int) -> list[tuple[float, object]]:
        """Blocks from the text outside ruled tables: runs of table lines (numbers, template
        phrases, label fragments) become ``TextTableBlock``s, the rest paragraphs. A line
        continues its paragraph when the line before ran (nearly) to the right margin, and it is
        in the same type size, flush left and not a numbered heading. A paragraph still open at
        the page's end may continue on the next page (``self.open_ends``)."""
        lines = page.extract_text_lines(layout=False, strip=True, return_chars=True)
        self._outside[number] = [(ln["top"], ln["text"]) for ln in lines]
        # page numbers sit in the top or bottom margin; a lone number elsewhere is a table cell
        lines = [ln for ln in lines if not (_PAGE_NUMBER.match(ln["text"]) and (
            ln["top"] > page.height * 0.9 or ln["bottom"] < page.height * 0.1)
            and not _in_table_row(ln, lines))]
        right = max((c["x1"] for c in page.chars), default=0)
        left = min((ln["x0"] for ln in lines), default=0)
        texts = [tidy_spaces(fold_radicals(ln["text"])) for ln in lines]
        cells = [[fold_radicals(c) for c in line_cells(ln["chars"])] for ln in lines]
        words = [line_words(ln["chars"]) for ln in lines]
        regions = positional_regions(texts, words, continued=self.open_table)
        self.open_table = bool(regions) and regions[-1][1] == len(lines)
        positional = {start: end for start, end in regions}
        kept = [i for i in range(len(lines))
                if not any(a <= i < b for a, b in regions)]
        runs = {kept[a]: kept[b - 1] + 1 for a, b in table_runs([(texts[i], cells[i]) for i in kept])}
        out: list[tuple[float, object]] = []
        prev_full, prev_size = False, 0.0
        i = 0
        while i < len(lines):
            ln, text = lines[i], texts[i]
            if i in positional:
                end = positional[i]
                table = PositionalTable(words[i:end], number, len(out) + 1, pages=[number])
                table.bottom = max(w.top + w.size for ln_ in words[i:end] for w in ln_)
                out.append((ln["top"], table))
                i, prev_full = end, False
                continue
            if i in runs:
                run = [value_line(c) for row in cells[i:runs[i]] for c in row]
                out.append((ln["top"], TextTableBlock(run, locator=f"pdf:p{number}")))
                i, prev_full = runs[i], False
                continue
            size = max(ln["chars"][0]["size"] if ln.get("chars") else 10.5, 5.0)
            flush = ln["x0"] < left + size
            if out and prev_full and flush and abs(size - prev_size) < 0.5 \
                    and not HEADING.match(text) and isinstance(out[-1][1], Paragraph):
                out[-1][1].text += text
            else:
                out.append((ln["top"], Paragraph(text, f"pdf:p{number}")))
                if ln["bottom"] < page.height * MARGIN_SHARE \
                        or ln["top"] > page.height * (1 - MARGIN_SHARE):
                    self.margins.setdefault(number, []).append(
                        (out[-1][1], furniture_key(text), prev_full))
            # CJK lines end up to ~2 characters short (kinsoku: no line starts with 〔 or ，)
            prev_full, prev_size = ln["x1"] >= right - 3 * size, size
            i += 1
        self.open_ends[number] = bool(out) and prev_full
        return out

    def _render(self, number: int, box=None, locator: str | None = None) -> ImageBlock:
        return render_page(self.pdfium(), number, self.warnings, box, locator)


def _in_table_row(line: dict, lines: list[dict]) -> bool:
    """Is a lone number in the margin level with a row of numbers (its glyphs overlapping that
    row's vertically)? Then it is that row's cell set lower or higher than its neighbours (a
    table going on at the top of the page), not a page number: dropping it loses a value."""
    return any(other is not line and other["top"] < line["bottom"] and other["bottom"] > line["top"]
               and len(values(line_words(other["chars"]))) >= 2 for other in lines)


def tidy_spaces(text: str) -> str:
    """Drop the spaces line extraction puts between digits/letters and ideographs in different
    fonts ("2021 年"); spaces the author typed elsewhere ("2、 主动") stay, as in the markup."""
    return _CJK_SPACE.sub("", text)
