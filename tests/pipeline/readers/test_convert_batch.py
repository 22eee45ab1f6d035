"""Many DOC/WPS in one LibreOffice start (issue 12): the batch fills the conversion cache with
the DOCX a single conversion makes, leaves the files it cannot convert to the single path (and
its error), and a batch stopped by its time-out leaves no LibreOffice behind and nothing torn
in the cache."""

from __future__ import annotations

import os
import random
import shlex
from pathlib import Path

import pytest

from pipeline.readers import ReadError, convert
from pipeline.readers.convert_batch import convert_into_cache

from .test_convert import _table_texts


def logging_soffice(tmp_path: Path) -> tuple[str, Path]:
    """The real soffice behind a script that writes down the files of every start."""
    log = tmp_path / "starts.log"
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n"
                      f"for a in \"$@\"; do case \"$a\" in *.doc) printf '%s ' \"$a\";; esac; done"
                      f" >> {shlex.quote(str(log))}\necho >> {shlex.quote(str(log))}\n"
                      f"exec {shlex.quote(convert.find_soffice('soffice'))} \"$@\"\n")
    script.chmod(0o755)
    return str(script), log


def starts(log: Path) -> list[list[str]]:
    return [[Path(p).stem for p in line.split()] for line in log.read_text().splitlines()]


def damaged(doc: bytes) -> bytes:
    """The Word stream overwritten with noise: an OLE2 DOC LibreOffice cannot open."""
    import io

    import olefile

    buf = io.BytesIO(doc)
    with olefile.OleFileIO(buf, write_mode=True) as ole:
        size = ole.get_size("WordDocument")
        rng = random.Random(5)
        ole.write_stream("WordDocument", bytes(rng.randrange(256) for _ in range(size)))
    return buf.getvalue()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(convert, "_settings", {"cache_dir": str(tmp_path / "cache")})
    return tmp_path / "cache"


def test_one_start_converts_them_all(docs, reports, tmp_path, cache):
    import hashlib

    soffice, log = logging_soffice(tmp_path)
    broken = damaged(docs[0][1])
    files = [doc for _, doc in docs] + [broken, reports[0][1]]  # the DOCX is no Word binary
    outcome = convert_into_cache(files, soffice=soffice)
    shas = [hashlib.sha256(d).hexdigest() for d in files]
    assert starts(log) == [shas[:4]]  # one start, the DOCX not handed to it
    assert outcome.converted == shas[:3] and outcome.skipped == [shas[3]]
    assert outcome.stopped is None and outcome.left == []
    for (layouts, docx), (_, doc) in zip(reports, docs):
        # LibreOffice is gone: the cache answers, with the tables of the DOCX source
        cached = convert.doc_to_docx(doc, soffice="/nonexistent/soffice")
        assert _table_texts(cached) == _table_texts(docx)
    # the file the batch skipped is converted alone, which says why it fails
    with pytest.raises(ReadError, match="^LibreOffice could not open"):
        convert.doc_to_docx(broken)
    assert len(starts(log)) == 1  # (that single conversion ran the plain soffice)
    # converted files are not handed to LibreOffice again
    assert convert_into_cache(files, soffice=soffice).converted == []
    assert len(starts(log)) == 2 and starts(log)[1] == [shas[3]]


def test_a_stopped_batch_leaves_nothing_running_or_torn(docs, tmp_path, cache):
    files = [doc for _, doc in docs]
    # no file can come out within 0.3 s: LibreOffice takes seconds to start
    outcome = convert_into_cache(files, timeout=0.3, profile=tmp_path / "profile")
    assert outcome.stopped == "no file converted for 0 s"
    assert outcome.converted == [] and not list(cache.rglob("*.docx"))
    # the file it was stopped at is left to the single path; the others are worth a batch
    assert len(outcome.skipped) == 1 and len(outcome.left) == 2
    assert not [pid for pid in os.listdir("/proc") if pid.isdigit()
                and str(tmp_path / "profile") in _cmdline(pid)]


def _cmdline(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""
