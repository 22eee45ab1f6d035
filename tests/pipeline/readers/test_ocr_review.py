"""A number OCR read in a table with no identity to check it (table 二) is never wrong without
a flag: ink against a cell's side rule (a rule drawn twice, a little off, as re-distilled
files do: read as a 1 before the digits) makes the reading doubtful, and a doubtful number is
named in a "read by OCR needs review" warning. On generated table 二 pictures
(replica/render/png.py), OCR on; a clean picture gets no such warning."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from pipeline.extract import extract_bytes
from pipeline.ocr import cells as C
from pipeline.ocr import grid as G
from replica.generate import generate_reports
from replica.render import render_table_png
from replica.spec import GroundTruth

#: the stray rule's distance from the cell's side rule (pixels; the rule band is 6)
STRAY_AT = 7


@pytest.fixture(scope="module")
def spec():
    pytest.importorskip("rapidocr")
    return generate_reports(1, seed=93, broken_share=0.0)[0]


def _with_stray_rules(png: bytes) -> tuple[bytes, int]:
    """The picture with a 2-px rule segment against the left rule of every number cell,
    as tall as the cell's digits; and how many were drawn."""
    gray = np.asarray(Image.open(io.BytesIO(png)).convert("L")).copy()
    regions, horizontal, vertical = G.find_tables(gray)
    rules = np.maximum(horizontal, vertical)
    drawn = 0
    for region in regions:
        for members in G.cell_groups(region, horizontal, vertical):
            r, c = members[0]
            crop = (region.xs[c], region.ys[r], region.xs[c + 1], region.ys[r + 1])
            ink, _ = C.cell_ink(gray, rules, crop)
            cols, rows = np.flatnonzero(ink.any(axis=0)), np.flatnonzero(ink.any(axis=1))
            if c > 0 and cols.size and cols[-1] - cols[0] < 40:  # a short number
                x = crop[0] + STRAY_AT
                gray[crop[1] + rows[0]:crop[1] + rows[-1] + 1, x:x + 2] = 60
                drawn += 1
    out = io.BytesIO()
    Image.fromarray(gray).save(out, "PNG")
    return out.getvalue(), drawn


def _unflagged_wrong(report, spec) -> tuple[list[str], int]:
    unflagged, wrong = [], 0
    for row, cols in spec.tables["active_disclosure"].items():
        for col, printed in cols.items():
            value, semantic = GroundTruth.expected_cell(printed)
            cell = report.tables.get("active_disclosure", {}).get(row, {}).get(col)
            if cell is None or cell.semantic == "missing" or \
                    (cell.semantic, cell.value) == (semantic, value):
                continue
            wrong += 1
            name = f"active_disclosure.{row}.{col}"
            if not any(name in w and "needs review" in w for w in report.warnings):
                unflagged.append(f"{name}: {cell.raw!r} for {printed!r}")
    return unflagged, wrong


def test_a_number_against_a_stray_rule_is_flagged_when_misread(spec):
    png, drawn = _with_stray_rules(render_table_png(spec, "active_disclosure"))
    assert drawn >= 10
    report = extract_bytes(png, path="table2.png")
    unflagged, _ = _unflagged_wrong(report, spec)
    assert unflagged == []
    assert sum("needs review" in w for w in report.warnings) >= drawn // 2


def test_a_clean_table_two_is_read_without_review_warnings(spec):
    report = extract_bytes(render_table_png(spec, "active_disclosure"), path="table2.png")
    assert _unflagged_wrong(report, spec) == ([], 0)
    assert not any("needs review" in w for w in report.warnings)
