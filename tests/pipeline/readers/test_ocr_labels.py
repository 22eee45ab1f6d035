"""Table labels read by their first characters and completed from the template
(pipeline/ocr/labels.py, pipeline/ocr/cells.py): a cut label still reads its row, an
ambiguous beginning is read whole, a label the template does not know leaves its row
unmatched (its cells missing), never assigned by position."""

from __future__ import annotations

import pytest

from pipeline import template as T
from pipeline.ocr import labels as L
from pipeline.tables.normalize import norm_label
from replica.generate import generate_reports
from replica.render import png as png_render

_ROWS = [f"{r.numbering}{r.label}" for r in T.APPLICATION_ROWS]


def test_every_long_row_label_of_table_3_completes_from_its_first_characters():
    long = [r for r in T.APPLICATION_ROWS if len(r.label) > 3]
    for row in long:
        full = f"{row.numbering}{row.label}"
        assert L.complete(f"{row.numbering}{row.label[:3]}") == full
        # the cut went through the next character: read as something else
        if len(row.label) > 4:
            assert L.complete(f"{row.numbering}{row.label[:3]}口") == full
        # printed with another numbering (1、 for 1.): by the label alone
        if row.numbering.endswith("."):
            assert L.complete(f"{row.numbering[:-1]}、{row.label[:3]}") == full
    assert len(long) >= 20


def test_an_ambiguous_or_unknown_beginning_is_not_completed():
    bare = [norm_label(t) for t in L.template_labels()]
    shared = {a[:k] for a in bare for b in bare if a != b
              for k in range(L.MIN_BARE_CHARS, min(len(a), len(b)) + 1) if a[:k] == b[:k]}
    assert shared  # 申请人 (情况 / 无正当… / 逾期…)
    header = norm_label(T.APPLICATIONS_HEADER)  # the header cell that prints the note too
    for beginning in shared - {header}:
        assert L.complete(beginning) is None, beginning
    assert L.complete("涉及国家秘") is None
    assert L.complete("（三）") is None  # numbering alone
    # a reading that is a whole label is no beginning of it: the cell went on after it
    assert L.complete(T.APPLICATIONS_HEADER, L.width_in_ems(T.APPLICATIONS_HEADER) + 6) is None


def test_the_header_cell_that_prints_the_note_is_completed_only_at_its_width():
    both = T.APPLICATIONS_HEADER + T.APPLICATIONS_HEADER_NOTE
    assert L.complete(T.APPLICATIONS_HEADER, L.width_in_ems(both)) == both
    assert L.complete(T.APPLICATIONS_HEADER[:-1] + "口", L.width_in_ems(both)) == both
    # 申请人情况 followed by a shorter note of its own is read whole
    assert L.complete(T.APPLICATIONS_HEADER, L.width_in_ems(both) / 2) is None


def test_a_completed_label_must_fill_the_cells_ink():
    row = next(r for r in T.APPLICATION_ROWS if r.key == "partially_granted")
    full = f"{row.numbering}{row.label}"
    reading = f"{row.numbering}{row.label[:3]}"
    assert L.complete(reading, L.width_in_ems(full)) == full
    # the cell prints only （二）部分公开: not the template's long label
    assert L.complete(reading, L.width_in_ems(f"{row.numbering}部分公开")) is None


def _spec(variant: str):
    return next(s for s in generate_reports(8, seed=93, broken_share=0.0)
                if s.variant == variant and not s.layout.letter_spaced_labels)


def _read(png: bytes, monkeypatch):
    """The picture's report and table grid, OCR'd afresh; the recogniser inputs of the
    labels' first characters."""
    from pipeline import ocr
    from pipeline.document import TableBlock
    from pipeline.extract import extract_bytes
    from pipeline.ocr import cache

    monkeypatch.setattr(cache, "_memory", type(cache._memory)())
    prefixes = []
    recognise = ocr.recognise

    def watching(images, checked=True):
        flags = [checked] * len(images) if isinstance(checked, bool) else checked
        prefixes.extend(image for image, flag in zip(images, flags) if not flag)
        return recognise(images, checked)

    monkeypatch.setattr(ocr, "recognise", watching)
    report = extract_bytes(png, path="table3.png")
    blocks, _ = ocr.image_blocks(png, "ocr:image1")
    grid = next(b.grid for b in blocks if isinstance(b, TableBlock))
    return report, grid, prefixes


def _wrong(report, spec, skip=()):
    from replica.spec import GroundTruth

    wrong = []
    for row, cols in spec.tables["applications"].items():
        for col, printed in cols.items():
            value, semantic = GroundTruth.expected_cell(printed)
            cell = report.tables["applications"].get(row, {}).get(col)
            if row not in skip and (cell is None or (cell.semantic, cell.value) !=
                                    (semantic, value)):
                wrong.append((row, col, printed, cell))
    return wrong


def _label_cell(grid, words: str):
    return next(c for row in grid.rows for c in row if words in c.text)


@pytest.fixture(scope="module")
def models():
    pytest.importorskip("rapidocr")
    from pipeline import ocr
    return ocr.engine()


def test_a_label_cut_to_its_first_characters_still_reads_its_row(models, monkeypatch):
    spec = _spec("2021")
    report, grid, prefixes = _read(png_render.render_table_png(spec, "applications"),
                                   monkeypatch)
    assert _wrong(report, spec) == []
    completed = {c.locator: c for row in grid.rows for c in row if "/read=" in c.locator}
    assert len(completed) >= 20 and len(prefixes) >= len(completed)
    # each was read by its first characters only, and holds the template's label
    assert all(image.shape[1] <= L.PREFIX_EMS * image.shape[0] for image in prefixes)
    assert all(cell.text in L.template_labels() for cell in completed.values())
    long = _label_cell(grid, "逾期未按收费通知")
    read = long.locator.split("/read=")[1].split("…")[0]
    assert len(read) < len(long.text) / 3 and L.complete(read) == long.text


def _relabelled(monkeypatch, key: str, label: str):
    grids = png_render.table_grids
    row = next(r for r in T.APPLICATION_ROWS if r.key == key)

    def relabel(spec, table_id):
        out = grids(spec, table_id)
        for block in out:
            for cells in block:
                for cell in cells:
                    if cell.kind == "label" and cell.text.endswith(row.label):
                        cell.text = label
        return out

    monkeypatch.setattr(png_render, "table_grids", relabel)


def test_an_ambiguous_beginning_is_read_whole(models, monkeypatch):
    spec = _spec("2021")
    row = next(r for r in T.APPLICATION_ROWS if r.key == "other_fee_unpaid")
    # printed without its numbering, and cut after 申请人, shared by three template labels
    _relabelled(monkeypatch, row.key, row.label)
    monkeypatch.setattr(L, "PREFIX_EMS", 3.2)
    report, grid, _ = _read(png_render.render_table_png(spec, "applications"), monkeypatch)
    cell = _label_cell(grid, "缴纳费用")
    assert "/read=" not in cell.locator and norm_label(cell.text) == norm_label(row.label)
    assert _wrong(report, spec) == []


def test_a_label_the_template_does_not_know_leaves_its_row_missing(models, monkeypatch):
    spec = _spec("2021")
    _relabelled(monkeypatch, "denied_state_secret", "1.涉及国家秘密")
    report, grid, _ = _read(png_render.render_table_png(spec, "applications"), monkeypatch)
    cell = _label_cell(grid, "国家秘密")
    assert "/read=" not in cell.locator and "涉及" in cell.text
    table = report.tables["applications"]
    assert all(c.semantic == "missing" for c in table.get("denied_state_secret", {}).values())
    assert _wrong(report, spec, skip={"denied_state_secret"}) == []
