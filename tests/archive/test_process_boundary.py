"""Issue 17 case 1 and issue 16 item 2: one bad document never stops `xxgk process`; any
exception, the CPU budget, a memory cap or a crashed worker becomes outcome = error with a
one-line reason, and a failure is not retried unless its bytes, the extractor version or
--retry-failed change. Real worker processes, a real SQLite archive."""

from __future__ import annotations

import random

import pytest

import tests.archive.misbehaving_extractor as misbehaving
from archive.process import ProcessOptions, process_archive
from replica.synthetic import make_report
from archive.workers import PoolLimits
from pipeline.extract.boundary import ExtractSettings
from tests.archive.conftest import json_extractor

AGENCY = "威海市文登区人民政府"


def options(**limits) -> ProcessOptions:
    settings = ExtractSettings(cpu_budget_s=limits.pop("cpu_budget_s", 2))
    pool = PoolLimits(workers=2, cpu_budget_s=settings.cpu_budget_s, **limits)
    return ProcessOptions(settings=settings, limits=pool, workers=2)


def add_good(archive, n: int = 2) -> None:
    rng, state = random.Random(5), None
    for year in range(2021, 2021 + n):
        report, state = make_report(rng, AGENCY, year, state)
        archive.add_report(report, f"http://portal.test/good/{year}.html")


def outcomes(archive) -> dict[str, tuple[str, str | None]]:
    return {url.rsplit("/", 1)[1]: (outcome, error) for url, outcome, error in
            archive.db.execute("SELECT url, outcome, error FROM documents")}


def test_every_kind_of_failure_is_an_error_row_and_the_batch_goes_on(archive):
    add_good(archive)
    for name in ("BURN", "SWALLOW", "HOG", "CRASH", "RAISE"):
        archive.add_capture(f"{name} a damaged document".encode(), f"http://portal.test/{name}")
    summary = process_archive(archive.db, archive.raw, archive.cfg["deadlines"], misbehaving,
                              options=options(max_mb=400, cpu_grace_s=3))
    assert summary.new_reports == 2
    rows = outcomes(archive)
    assert {k: v[0] for k, v in rows.items()} == {
        "2021.html": "report", "2022.html": "report", "BURN": "error", "SWALLOW": "error",
        "HOG": "error", "CRASH": "error", "RAISE": "error"}
    assert rows["BURN"][1] == ("http://portal.test/BURN: stopped after 2 s of CPU time "
                               "(the extraction time budget)")
    assert "of CPU time" in rows["SWALLOW"][1] and "budget is 2 s" in rows["SWALLOW"][1]
    assert "over the 400 MB a worker may use" in rows["HOG"][1]
    assert rows["CRASH"][1] == ("http://portal.test/CRASH: the extraction worker died "
                                "(killed by signal 11)")
    assert rows["RAISE"][1].startswith("http://portal.test/RAISE: reader failed (zlib.error: ")
    for _, error in rows.values():
        assert error is None or "\n" not in error
    assert sorted(summary.errors) == sorted(e for _, e in rows.values() if e)


def test_a_failure_is_not_retried_unless_asked(archive):
    add_good(archive, 1)
    archive.add_capture(b"RAISE again", "http://portal.test/RAISE")
    first = process_archive(archive.db, archive.raw, archive.cfg["deadlines"], misbehaving,
                            options=options())
    assert len(first.errors) == 1
    before = archive.snapshot()
    second = process_archive(archive.db, archive.raw, archive.cfg["deadlines"], misbehaving,
                             options=options())
    assert second.skipped == second.groups == 2 and not second.errors
    assert archive.snapshot() == before
    retried = process_archive(archive.db, archive.raw, archive.cfg["deadlines"], misbehaving,
                              options=ProcessOptions(**{**options().__dict__,
                                                        "retry_failed": True}))
    assert retried.skipped == 1 and len(retried.errors) == 1
    # a new extractor version looks at everything again, the failure included
    again = process_archive(archive.db, archive.raw, archive.cfg["deadlines"],
                            json_extractor("test-2"))
    assert again.skipped == 0 and len(again.errors) == 1


def test_the_real_extractor_stopped_inside_onnxruntime_is_an_error(archive):
    """A pictured-table DOCX from the replica generator, a budget OCR cannot meet: the
    budget fires while onnxruntime runs, and comes back as the reason, not a traceback."""
    pytest.importorskip("rapidocr")
    from dataclasses import replace

    import pipeline.extract as extractor
    from replica.generate import generate_reports
    from replica.render import render_docx

    spec = generate_reports(1, seed=3)[0]
    spec = replace(spec, layout=replace(spec.layout, tables_as_images=True))
    archive.add_capture(render_docx(spec), "http://portal.test/pictured.docx",
                        content_type="application/vnd.openxmlformats-officedocument."
                                     "wordprocessingml.document")
    archive.add_capture(b"PK\x03\x04 damaged zip", "http://portal.test/damaged.docx")
    summary = process_archive(archive.db, archive.raw, archive.cfg["deadlines"], extractor,
                              options=options(cpu_budget_s=0.3))
    rows = outcomes(archive)
    assert rows["pictured.docx"] == ("error", "http://portal.test/pictured.docx: stopped "
                                     "after 0.3 s of CPU time (the extraction time budget)")
    assert rows["damaged.docx"][0] == "error"
    assert rows["damaged.docx"][1].startswith("http://portal.test/damaged.docx: ")
    assert len(summary.errors) == 2
