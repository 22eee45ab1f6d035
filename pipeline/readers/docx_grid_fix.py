"""Remove the sliver grid columns LibreOffice leaves in tables it converts from DOC/WPS.

A Word binary stores cell edges per row; when two rows' edges differ by a twip, the converted
DOCX gets a grid column one twip wide, and a table that prints with 15 columns reads as 16 (the
cell next to the sliver is repeated). Folding such columns into their neighbour restores the
table exactly as the source DOCX had it.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
#: grid columns narrower than this (twips; 1/20 pt) cannot hold text: conversion artefacts
SLIVER_TWIPS = 30


def drop_sliver_columns(docx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as zin:
        root = etree.fromstring(zin.read("word/document.xml"))
        changed = False
        for tbl in root.iter(f"{_W}tbl"):
            changed |= _fix_table(tbl)
        if not changed:
            return docx
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                data = zin.read(item.filename)
                if item.filename == "word/document.xml":
                    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                          standalone=True)
                zout.writestr(item, data)
        return out.getvalue()


def _fix_table(tbl) -> bool:
    grid = tbl.find(f"{_W}tblGrid")
    if grid is None:
        return False
    cols = grid.findall(f"{_W}gridCol")
    slivers = {i for i, col in enumerate(cols)
               if int(float(col.get(f"{_W}w", "9999") or 9999)) < SLIVER_TWIPS}
    if not slivers or len(slivers) == len(cols):
        return False
    for tr in tbl.findall(f"{_W}tr"):
        pos = _grid_before(tr)
        for tc in tr.findall(f"{_W}tc"):
            span_el = tc.find(f"{_W}tcPr/{_W}gridSpan")
            span = int(span_el.get(f"{_W}val")) if span_el is not None else 1
            covered = sum(1 for i in range(pos, pos + span) if i in slivers)
            pos += span
            if not covered:
                continue
            if covered == span:  # a cell that is all sliver holds nothing printable
                if "".join(tc.itertext()).strip():
                    return False  # unexpected: leave the table as LibreOffice wrote it
                tr.remove(tc)
            elif span - covered == 1:
                span_el.getparent().remove(span_el)
            else:
                span_el.set(f"{_W}val", str(span - covered))
    for i in sorted(slivers, reverse=True):
        grid.remove(cols[i])
    return True


def _grid_before(tr) -> int:
    el = tr.find(f"{_W}trPr/{_W}gridBefore")
    return int(el.get(f"{_W}val")) if el is not None else 0
