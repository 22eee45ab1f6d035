"""Hypothesis fuzzing of the text-layer path (issue 10 item 4): real-shaped text layers (the
generator's renderings, as pdftotext / pasted text / Markdown give them) mutated line by line
and character by character. Each of ≥ 500 inputs ends in a report or an ``ExtractError``; any
other exception is a bug, and a number cell must come from digits that are in the input."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract import ExtractError, extract_bytes
from replica.generate import generate_reports
from replica.render.text import render_text

BASES = [render_text(spec) for spec in generate_reports(6, seed=10)]
FOOTERS = ("- 2 -", "第 2 页 共 5 页", "— 3 —", "2")


def _markdown(lines: list[str]) -> list[str]:
    """What PDF-to-Markdown tools make of table rows: pipes, broken or not."""
    return ["| " + " | ".join(re.split(r"\s+", line.strip())) + " |" if line.strip() else line
            for line in lines]


@st.composite
def mutated_layers(draw) -> str:
    lines = BASES[draw(st.integers(0, len(BASES) - 1))].splitlines()
    if draw(st.booleans()):
        lines = [re.sub(r"\t+", " ", line) for line in lines]  # pdftotext without -layout
    if draw(st.integers(0, 3)) == 0:
        lines = _markdown(lines)
    for _ in range(draw(st.integers(1, 12))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(("drop", "dup", "swap", "split", "join", "digit", "noise",
                                   "footer", "cut", "space", "width")))
        line = lines[at]
        if op == "drop":
            del lines[at]
        elif op == "dup":
            lines.insert(at, line)
        elif op == "swap" and at + 1 < len(lines):
            lines[at], lines[at + 1] = lines[at + 1], line
        elif op == "split" and len(line) > 1:
            k = draw(st.integers(1, len(line) - 1))
            lines[at:at + 1] = [line[:k], line[k:]]
        elif op == "join" and at + 1 < len(lines):
            lines[at:at + 2] = [line + draw(st.sampled_from(("", " ", "\t"))) + lines[at + 1]]
        elif op == "digit" and line:
            k = draw(st.integers(0, len(line) - 1))
            lines[at] = line[:k] + draw(st.sampled_from("0123456789-—.,")) + line[k + 1:]
        elif op == "noise":
            lines[at] = line + draw(st.text(min_size=1, max_size=12))
        elif op == "footer":
            lines.insert(at, draw(st.sampled_from(FOOTERS)))
        elif op == "cut":
            lines = lines[:at + 1]
        elif op == "space" and line:
            lines[at] = " ".join(line)  # letter-spaced labels and digits
        elif op == "width":
            lines[at] = line.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    return "\n".join(lines)


def _digits(text: str) -> str:
    return re.sub(r"[\s,，]", "", unicodedata.normalize("NFKC", text))


seen = {"reports": 0, "errors": 0}


@settings(max_examples=520, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_layers(), st.sampled_from(("utf-8", "gb18030")))
def test_mutated_text_layers_end_in_a_report_or_a_named_error(text, encoding):
    data = text.encode(encoding, "replace")
    try:
        report = extract_bytes(data, path="fuzz.txt", ocr=False, timeout=None)
    except ExtractError as exc:
        message = str(exc)
        assert message.startswith("fuzz.txt: ") and "\n" not in message
        seen["errors"] += 1
        return
    seen["reports"] += 1
    flat = _digits(text)
    for table in report.tables.values():
        for row in table.values():
            for cell in row.values():
                if cell.semantic == "number":
                    assert _digits(cell.raw or "") in flat, (cell.raw, cell.locator)


def test_the_fuzzer_made_both_reports_and_refusals():
    # both outcomes must occur, or the mutations are too weak (or too strong) to test anything
    if not seen["reports"] + seen["errors"]:  # run alone (-k): fuzz first
        test_mutated_text_layers_end_in_a_report_or_a_named_error()
    assert seen["reports"] + seen["errors"] >= 500
    assert seen["reports"] > 50 and seen["errors"] > 0
