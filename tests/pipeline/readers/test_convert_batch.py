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


def test_a_bad_file_in_the_middle_loses_none_of_the_others(docs, tmp_path, cache):
    import hashlib

    soffice, log = logging_soffice(tmp_path)
    broken = damaged(docs[1][1])
    files = [docs[0][1], broken, docs[1][1], docs[2][1]]
    outcome = convert_into_cache(files, soffice=soffice)
    shas = [hashlib.sha256(d).hexdigest() for d in files]
    assert len(starts(log)) == 1
    assert outcome.converted == [shas[0], shas[2], shas[3]] and outcome.skipped == [shas[1]]
    assert not list((cache / "soffice" / "pending").iterdir())
    with pytest.raises(ReadError, match="^LibreOffice could not open"):
        convert.doc_to_docx(broken)  # alone, it names its reason


def test_an_extraction_gets_its_file_while_the_batch_goes_on(docs, tmp_path, cache):
    """1,000 DOCs in one batch: the first is cached as soon as LibreOffice wrote it, and an
    extraction waiting for it gets it then, not when the batch ends (nor by a start of its
    own: its soffice does not exist)."""
    import threading

    files = [doc for _, doc in docs] + [damaged(docs[0][1]), damaged(docs[2][1])]
    finished = threading.Event()
    worker = threading.Thread(target=lambda: (convert_into_cache(files), finished.set()))
    worker.start()
    try:
        pending = cache / "soffice" / "pending"
        while not (pending.is_dir() and len(list(pending.iterdir())) == len(files)):
            assert worker.is_alive(), "the batch ended before marking its files"
            threading.Event().wait(0.01)
        first = convert.doc_to_docx(docs[0][1], soffice="/nonexistent/soffice")
        assert not finished.is_set(), "the file came only with the end of the batch"
    finally:
        worker.join()
    assert _table_texts(first) == [layout.cells for layout in docs[0][0]]


def test_a_batch_that_died_holds_nobody_back(docs, tmp_path, cache, monkeypatch):
    import hashlib
    import subprocess

    gone = subprocess.Popen(["true"])
    gone.wait()
    sha = hashlib.sha256(docs[0][1]).hexdigest()
    mark = convert.pending_path_for(sha)
    mark.parent.mkdir(parents=True)
    mark.write_text(str(gone.pid))

    def no_waiting(_):
        raise AssertionError("waited for a batch that is gone")
    monkeypatch.setattr(convert.time, "sleep", no_waiting)
    with pytest.raises(ReadError, match="not installed"):
        convert.doc_to_docx(docs[0][1], soffice="/nonexistent/soffice")


def test_the_run_marks_its_docs_before_it_has_the_lock(docs, tmp_path, cache):
    """`process`'s converter marks a run's DOCs as soon as it has found them: a worker that
    gets to one while another LibreOffice holds the lock waits for the batch rather than
    converting it alone once the lock is free."""
    import hashlib
    import threading

    from filelock import FileLock

    from archive.preconvert import convert_ahead

    bodies = {hashlib.sha256(doc).hexdigest(): doc for _, doc in docs}

    class Raw:  # the two reads convert_ahead makes of the raw store
        def read_head(self, sha, n):
            return bodies[sha][:n]

        def read_body(self, sha):
            return bodies[sha]
    todo = [[{"sha256": sha}] for sha in bodies]
    pending = cache / "soffice" / "pending"
    ahead = threading.Thread(target=convert_ahead, args=(Raw(), todo))
    try:
        with FileLock(str(convert.LOCK_PATH)):  # another conversion on the machine
            ahead.start()
            for _ in range(3000):
                if pending.is_dir() and {p.name for p in pending.iterdir()} == set(bodies):
                    break
                threading.Event().wait(0.01)
            else:
                pytest.fail("the run's DOCs were not marked while it waited for the lock")
            assert not list(cache.rglob("*.docx"))
    finally:
        ahead.join()  # before the cache setting is undone
    assert len(list(cache.rglob("*.docx"))) == len(bodies)
    assert not list(pending.iterdir())
