"""The hostile-input corpus (≥ 1,000 generated inputs) through the real ``xxgk extract``, in
batches of a few hundred files per process: every input ends in a report or in one line
``xxgk extract: <file>: <reason>``; no traceback, no ``internal error``, no batch past its time
budget, no number read from an input that holds no report, and each worker's peak resident
memory within the cap."""

from __future__ import annotations

import json

import pytest

from replica.hostile import build_corpus
from replica.hostile.run import batches, run_batch

#: issue 14: no input drives a worker above this, OCR on or off
PEAK_MB = 600
#: wall-clock budget of one batch; one document's own budget is 120 s
BATCH_SECONDS = 600


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list:
    return build_corpus(tmp_path_factory.mktemp("hostile") / "in", seed=14)


def _numbers(document: dict) -> int:
    cells = [cell for table in document["tables"].values() for row in table.values()
             for cell in row.values()]
    return sum(cell.get("semantic") == "number" for cell in cells) + len(document["claims"])


def _check(batch, by_path: dict) -> list[str]:
    problems = []
    if batch.timed_out:
        problems.append(f"batch of {len(batch.files)} files passed {BATCH_SECONDS} s")
    if batch.returncode not in (0, 1):
        problems.append(f"exit status {batch.returncode}")
    for line in batch.stderr.splitlines():
        if not line.startswith("xxgk extract: ") or "Traceback" in line:
            problems.append(f"stray stderr line: {line[:200]}")
        elif "internal error" in line or "took longer than" in line:
            problems.append(line[:300])
    for path in batch.files:
        out = batch.out / f"{path.stem}.json"
        error = batch.errors.get(str(path))
        if (error is None) == (not out.exists()):
            problems.append(f"{path.name}: neither one report nor one error line")
        if out.exists() and not by_path[str(path)].report and _numbers(json.loads(
                out.read_text("utf-8"))):
            problems.append(f"{path.name}: numbers read from an input holding no report")
    return problems


def test_corpus_has_every_kind_and_a_thousand_inputs(corpus):
    kinds = {case.kind for case in corpus}
    assert len(corpus) >= 1000
    for wanted in ("empty", "random", "truncated-docx", "bitflip-docx", "corrupt-member",
                   "zip-bomb", "entities", "deep-html", "huge-png", "mixed-encoding",
                   "span-bomb", "pdf-page-size", "pdf-stream-bomb", "encrypted-zip"):
        assert wanted in kinds


def test_hostile_corpus_through_the_cli(corpus, tmp_path):
    by_path = {str(case.path): case for case in corpus}
    problems, peaks = [], []
    plain = [case.path for case in corpus if not case.ocr]
    for k, files in enumerate(batches(plain, 270)):
        batch = run_batch(files, tmp_path / f"out{k}", timeout=BATCH_SECONDS)
        problems += _check(batch, by_path)
        peaks.append(batch.peak_mb)
    assert problems == []
    print(f"hostile corpus: {len(plain)} inputs without OCR, peak MB per batch {peaks}")
    assert max(peaks) <= PEAK_MB


@pytest.mark.ocr
def test_hostile_pictures_with_ocr(corpus, tmp_path):
    pytest.importorskip("rapidocr")
    by_path = {str(case.path): case for case in corpus}
    # and the DOCX holding 40 pictures of 12000 × 12000 px: 5 of them fit the OCR budget
    pictures = [case.path for case in corpus if case.ocr or case.kind.startswith(
        "docx-pictures")]
    batch = run_batch(pictures, tmp_path / "ocr", ocr=True, timeout=BATCH_SECONDS)
    assert _check(batch, by_path) == []
    reasons = "\n".join(batch.errors.values())
    assert "picture too large" in reasons and "over the limit of" in reasons
    print(f"hostile pictures with OCR: {len(pictures)} inputs, peak {batch.peak_mb:.0f} MB")
    assert batch.peak_mb <= PEAK_MB
