"""Issue 12 item 2: a picture is OCR'd once, a DOC/WPS converted once — by content, across
processes (files under the cache directory), for re-processing and for new report versions."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from replica.generate import generate_reports
from replica.render import render_docx, render_table_png


@pytest.fixture
def no_engine(monkeypatch):
    """From here on, OCR would fail: only the cache can answer."""
    import pipeline.ocr as ocr

    class Gone:
        """Whatever part of the engine is asked for (detection, recognition) fails."""
        def __getattr__(self, name):
            raise AssertionError(f"the OCR engine ran again ({name})")

        def __call__(self, *a, **kw):
            raise AssertionError("the OCR engine ran again")

    def forget():
        from pipeline.ocr import cache as ocr_cache
        ocr_cache._memory.clear()  # what a new process would see
        monkeypatch.setattr(ocr, "_engine", Gone())
    return forget


def test_a_picture_is_read_once(tmp_path, no_engine):
    pytest.importorskip("rapidocr")
    from pipeline.ocr import cache as ocr_cache
    from pipeline.ocr import image_blocks

    ocr_cache.configure_cache(tmp_path)
    try:
        png = render_table_png(generate_reports(1, seed=8)[0], "applications")
        blocks, warnings = image_blocks(png, "ocr:image1")
        assert any(type(b).__name__ == "TableBlock" for b in blocks)
        assert len(list((tmp_path / "ocr").rglob("*.pickle"))) == 1
        no_engine()
        # repr: an unread cell's confidence is NaN, which equals nothing
        assert repr(image_blocks(png, "ocr:image1")) == repr((blocks, warnings))
        # a damaged entry is not trusted: read again (here: the engine, which is gone)
        entry = next((tmp_path / "ocr").rglob("*.pickle"))
        entry.write_bytes(b"\x80garbage")
        no_engine()
        with pytest.raises(AssertionError, match="ran again"):
            image_blocks(png, "ocr:image1")
    finally:
        ocr_cache.configure_cache(None)
        ocr_cache._memory.clear()


def test_a_doc_is_converted_once(tmp_path, monkeypatch):
    if shutil.which("soffice") is None:
        pytest.fail("soffice is required by this test (see README set-up)")
    from pipeline.readers import convert

    docx = tmp_path / "report.docx"
    docx.write_bytes(render_docx(generate_reports(1, seed=9)[0]))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(docx)],
                   check=True, capture_output=True, timeout=180)
    doc = (tmp_path / "report.doc").read_bytes()
    monkeypatch.setattr(convert, "_settings", {"cache_dir": str(tmp_path / "cache")})
    first = convert.doc_to_docx(doc)
    assert len(list((tmp_path / "cache" / "soffice").rglob("*.docx"))) == 1
    # LibreOffice is gone: the cached conversion answers
    assert convert.doc_to_docx(doc, soffice="/nonexistent/soffice") == first
    with pytest.raises(convert.ReadError, match="not installed"):
        convert.doc_to_docx(doc + b"\0", soffice="/nonexistent/soffice")


def test_the_docs_of_a_run_are_converted_once_ahead_of_the_workers(archive, tmp_path):
    """`xxgk process` with workers: the DOC/WPS go to LibreOffice in one batch (one start for
    all of them) ahead of the workers, and no file is converted twice, whichever reaches
    it first. Real LibreOffice, real worker processes."""
    if shutil.which("soffice") is None:
        pytest.fail("soffice is required by this test (see README set-up)")
    from archive.parallel import ProcessOptions
    from archive.preconvert import convert_ahead
    from archive.capture_groups import capture_groups
    from archive.process import process_archive
    from archive.workers import PoolLimits
    from pipeline.extract.boundary import ExtractSettings
    from pipeline.readers import convert
    from replica.render import render_html_page
    from replica.render.layout_office import soffice_convert_many
    from tests.pipeline.readers.test_convert_batch import logging_soffice, starts

    specs = generate_reports(9, seed=12)
    docs = soffice_convert_many([render_docx(s) for s in specs[:6]], ".docx", "doc")
    for i, spec in enumerate(specs[6:]):  # pages first: the workers start with them
        archive.add_capture(render_html_page(spec, portal_style="wendeng", charset="utf-8"),
                            f"http://portal.test/page{i}.html", content_type="text/html")
    for i, doc in enumerate(docs):
        archive.add_capture(doc, f"http://portal.test/report{i}.doc",
                            content_type="application/msword")
    soffice, log = logging_soffice(tmp_path)
    settings = ExtractSettings(ocr=False, soffice=soffice)
    cache = tmp_path / "cache"
    options = ProcessOptions(settings=settings, limits=PoolLimits(workers=2), workers=2,
                             cache_dir=str(cache))
    summary = process_archive(archive.db, archive.raw, archive.cfg["deadlines"],
                              options=options)
    assert summary.errors == [] and summary.new_reports == 9
    converted = [sha for start in starts(log) for sha in start]
    assert sorted(converted) == sorted(set(converted)) and len(converted) == 6
    cells = [r[0] for r in archive.db.execute("SELECT cell_count FROM reports")]
    assert len(cells) == 9 and min(cells) > 50

    # all of the run's DOC/WPS in one start (a batch caches each file as it is written)
    shutil.rmtree(cache)
    log.unlink()
    convert.configure(cache_dir=cache, soffice=soffice)
    convert_ahead(archive.raw, capture_groups(archive.db))
    assert [len(start) for start in starts(log)] == [6]
    assert len(list(cache.rglob("*.docx"))) == 6
    assert not list((cache / "soffice" / "pending").iterdir())  # no mark left behind
