"""DOCX reader: the WordprocessingML itself, in document order, read defensively.

Paragraphs and tables in body order; tables inside text boxes and shapes (``w:txbxContent``,
only the ``mc:Choice`` branch so a box is not read twice) right after their anchor paragraph;
``gridSpan``/``vMerge`` expanded into a full grid; pictures (``a:blip``, ``v:imagedata``) as
ImageBlocks with their bytes from ``word/media``; core properties into ``page_meta``.

Defences: uncompressed sizes and compression ratios are checked from the zip directory before
anything is inflated, and reads are bounded again while inflating (a directory can lie); XML is
parsed without DTDs, entity expansion, network access or huge-tree mode, and a document that
declares a DTD is refused outright.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib

from lxml import etree

from pipeline.document import Block, Document, Grid, GridCell, ImageBlock, Paragraph, TableBlock
from pipeline.readers import ReadError
from pipeline.readers.docx_text import (P, TBL, TC, cell_text, has_pictures_or_boxes,
                                        holds_tables, inside_any, paragraph_text, pictures,
                                        textboxes, w)
from pipeline.readers.limits import MAX_GRID_CELLS, MAX_INFLATED_DOCUMENT_BYTES, mb

PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: word/document.xml of real reports is a few MB; parsing is ~10x the size in memory
MAX_PART_BYTES = 16 * 1024 * 1024
MAX_TOTAL_BYTES = MAX_INFLATED_DOCUMENT_BYTES
MAX_RATIO = 200
MAX_MEDIA_BYTES = 32 * 1024 * 1024
#: a Word package has tens of parts, a few hundred with many pictures
MAX_MEMBERS = 5000


#: tags looked up per element: built once (``w()`` formats a string)
_CONTAINERS = tuple(w(t) for t in ("sdt", "sdtContent", "customXml", "ins", "smartTag"))
_TR, _TR_PR, _TC_PR, _GRID_BEFORE, _GRID_SPAN, _VMERGE, _VAL = (
    w(t) for t in ("tr", "trPr", "tcPr", "gridBefore", "gridSpan", "vMerge", "val"))


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False, remove_comments=True, remove_pis=True)


class _Package:
    def __init__(self, data: bytes):
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error,
                OverflowError, NotImplementedError) as exc:
            raise ReadError(f"not a readable DOCX (damaged or truncated zip: {_one_line(exc)})"
                            ) from None
        if len(infos) > MAX_MEMBERS:
            raise ReadError(f"DOCX has {len(infos)} members, over the limit of {MAX_MEMBERS}")
        if any(i.flag_bits & 0x1 for i in infos):
            raise ReadError("encrypted DOCX (password-protected zip members)")
        #: bytes inflated so far: the directory's sizes can lie, the reads cannot
        self.inflated = 0
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL_BYTES:
            raise ReadError(f"DOCX expands to {total // 2**20} MB (zip bomb?); limit "
                            f"{MAX_TOTAL_BYTES // 2**20} MB")
        for info in infos:
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(1, info.compress_size):
                raise ReadError(f"DOCX member {info.filename} compresses {info.file_size // max(1, info.compress_size)}:1 "
                                "(zip bomb?)")
        self.names = {i.filename for i in infos}

    def read(self, name: str, limit: int = MAX_PART_BYTES) -> bytes | None:
        if name not in self.names:
            return None
        limit = min(limit, MAX_TOTAL_BYTES - self.inflated)
        try:
            with self.zip.open(name) as member:
                data = member.read(limit + 1)
        except zlib.error as exc:
            raise ReadError(f"DOCX member {name}: corrupt deflate data ({_one_line(exc)})") \
                from None
        except EOFError:
            raise ReadError(f"DOCX member {name}: compressed data cut short (truncated file)") \
                from None
        except NotImplementedError as exc:
            raise ReadError(f"DOCX member {name}: {_one_line(exc)}") from None
        except RuntimeError as exc:  # zipfile's "File … is encrypted, password required"
            raise ReadError(f"DOCX member {name}: encrypted ({_one_line(exc)})") from None
        except (zipfile.BadZipFile, OSError, ValueError, struct.error, OverflowError) as exc:
            raise ReadError(f"DOCX member {name}: damaged ({_one_line(exc)})") from None
        if len(data) > limit:
            if self.inflated + len(data) > MAX_TOTAL_BYTES:
                raise ReadError(f"DOCX inflates to more than {mb(MAX_TOTAL_BYTES)} "
                                f"(limit reached reading member {name}; zip bomb?)")
            raise ReadError(f"DOCX member {name} larger than {mb(limit)}")
        self.inflated += len(data)
        return data

    def xml(self, name: str):
        data = self.read(name)
        if data is None:
            return None
        if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
            raise ReadError(f"DOCX member {name} declares a DTD/entities (refused)")
        try:
            return etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise ReadError(f"DOCX member {name} is not well-formed XML ({_one_line(exc)})") \
                from None


def _relationships(pkg: _Package) -> dict[str, str]:
    rels = pkg.xml("word/_rels/document.xml.rels")
    out: dict[str, str] = {}
    if rels is None:
        return out
    for rel in rels.iter(f"{{{PKG_REL}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        out[rel.get("Id", "")] = posixpath.normpath(posixpath.join("word", rel.get("Target", "")))
    return out


class _Reader:
    def __init__(self, pkg: _Package):
        self.pkg = pkg
        self.rels = _relationships(pkg)
        self.blocks: list[Block] = []
        self.tables = 0
        self.paragraphs = 0
        self.images = 0
        self.warnings: list[str] = []

    def container(self, element) -> None:
        for child in element:
            if child.tag == P:
                self.paragraph(child)
            elif child.tag == TBL:
                self.table(child)
            elif child.tag in _CONTAINERS:
                self.container(child)

    def paragraph(self, p) -> None:
        self.paragraphs += 1
        text = paragraph_text(p)
        if text.strip():
            self.blocks.append(Paragraph(text, f"docx:p{self.paragraphs}"))
        if not has_pictures_or_boxes(p):
            return
        for ref in pictures(p):
            self.image(ref)
        for box in textboxes(p):
            self.container(box)

    def image(self, rel_id: str) -> None:
        self.images += 1
        target = self.rels.get(rel_id)
        try:
            data = self.pkg.read(target, MAX_MEDIA_BYTES) if target else None
        except ReadError as exc:  # one damaged picture leaves the text and tables readable
            self.warnings.append(f"docx:img{self.images}: picture not read: {exc}")
            data = None
        self.blocks.append(ImageBlock(target or rel_id, data, f"docx:img{self.images}"))

    def table(self, tbl) -> None:
        self.tables += 1
        locator = f"docx:tbl{self.tables}"
        self.blocks.append(TableBlock(build_grid(tbl, locator)))
        nested = holds_tables(tbl)
        if has_pictures_or_boxes(tbl):  # pictures pasted into cells (tables as images in a frame)
            for p in tbl.iter(P):
                if not nested or not inside_any(p, tbl, (TBL,)):
                    for ref in pictures(p):
                        self.image(ref)
        if nested:
            for tc in tbl.iter(TC):
                for inner in tc.findall(TBL):
                    self.table(inner)


def build_grid(tbl, locator: str) -> Grid:
    """Full grid from w:tr/w:tc with gridSpan (columns) and vMerge (continuation rows)."""
    rows: list[list[GridCell]] = []
    cells = 0
    for r, tr in enumerate(tbl.iterchildren(_TR)):
        if rows:
            cells += len(rows[-1])
            if cells > MAX_GRID_CELLS:
                raise ReadError(f"table {locator} expands to more than {MAX_GRID_CELLS} cells "
                                f"(limit reached at row {r})")
        row: list[GridCell] = []
        tr_pr = _child(tr, _TR_PR)
        before = _int_val(_child(tr_pr, _GRID_BEFORE) if tr_pr is not None else None, 0)
        for c in range(before):
            row.append(GridCell("", r, c, locator=f"{locator}/r{r + 1}/pad{c + 1}"))
        for k, tc in enumerate(tr.iterchildren(TC)):
            pr = _child(tc, _TC_PR)
            span = min(_int_val(_child(pr, _GRID_SPAN) if pr is not None else None, 1), 64)
            vmerge = _child(pr, _VMERGE) if pr is not None else None
            col = len(row)
            above = rows[r - 1][col] if r and col < len(rows[r - 1]) else None
            if vmerge is not None and vmerge.get(_VAL) != "restart" and above is not None:
                above.rowspan = r - above.row + 1
                row.extend([above] * span)
                continue
            cell = GridCell(cell_text(tc), r, col, 1, span, f"{locator}/r{r + 1}/c{k + 1}")
            row.extend([cell] * span)
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    if width * len(rows) > MAX_GRID_CELLS:
        raise ReadError(f"table {locator} is {len(rows)} rows × {width} columns, over the "
                        f"limit of {MAX_GRID_CELLS} cells")
    for r, row in enumerate(rows):
        row.extend(GridCell("", r, c, locator=f"{locator}/r{r + 1}/pad{c + 1}")
                   for c in range(len(row), width))
    return Grid(rows, locator)


def _child(element, tag: str):
    """``element.find(tag)`` without ElementPath (per cell, its cost showed): the first child
    with that tag; properties come first, so the loop stops early."""
    for child in element:
        if child.tag == tag:
            return child
    return None


def _one_line(exc: object) -> str:
    return " ".join(str(exc).split())[:160] or type(exc).__name__


def _int_val(el, default: int) -> int:
    try:
        return max(1, int(el.get(_VAL))) if el is not None else default
    except (TypeError, ValueError):
        return default


def _core_properties(pkg: _Package) -> dict[str, str]:
    core = pkg.xml("docProps/core.xml")
    meta: dict[str, str] = {}
    if core is None:
        return meta
    for el in core:
        name = etree.QName(el).localname
        if name in ("title", "creator", "created", "modified", "lastModifiedBy") and el.text:
            meta[f"docx_{name}"] = el.text.strip()
    return meta


def read_docx(data: bytes, **_: object) -> Document:
    pkg = _Package(data)
    root = pkg.xml("word/document.xml")
    if root is None:
        raise ReadError("not a DOCX (no word/document.xml)")
    body = root.find(w("body"))
    reader = _Reader(pkg)
    if body is not None:
        reader.container(body)
    doc = Document(reader.blocks, DOCX_MEDIA_TYPE, "docx", page_meta=_core_properties(pkg))
    doc.warnings.extend(reader.warnings)
    return doc
