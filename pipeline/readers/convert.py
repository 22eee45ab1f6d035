"""DOC and WPS (OLE2 Word binaries) → DOCX with LibreOffice headless, then the DOCX path.

A .wps from Kingsoft is the same OLE2 container with a ``WordDocument`` stream, so files are
recognised by content, never by extension. LibreOffice runs with a private profile directory
(a shared one deadlocks parallel runs and leaks settings), a timeout, and one LibreOffice at a
time across processes (a file lock: two cores, and soffice takes one whole). Conversions are
cached by the input's sha256 (``configure(cache_dir=…)``): re-processing a document never
starts LibreOffice again, and `xxgk process` fills the cache ahead of its workers with one
soffice start for many files (convert_batch.py); a file the batch did not convert is
converted here alone, which gives its own error. An extraction that reaches a file a
running batch still has to convert waits for that file (its in-flight mark), not for the
batch's lock.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from pipeline.readers.cachefile import store
from pipeline.readers.convert_env import soffice_env
from pipeline.readers.docx_grid_fix import drop_sliver_columns
from pipeline.readers import ReadError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DEFAULT_TIMEOUT = 120.0
LOCK_PATH = Path(tempfile.gettempdir()) / "xxgk-soffice.lock"
#: a conversion waits this many time-outs for the lock: a batch holds it for at most two
LOCK_WAIT_TIMEOUTS = 3
#: seconds between looks at the cache while a batch converts the file wanted
BATCH_POLL_S = 0.05
#: set by ``configure`` from [extract] (the CLI); else $XXGK_SOFFICE / $XXGK_CONVERT_TIMEOUT
_settings: dict = {}


def configure(*, soffice: str | None = None, timeout: float | None = None,
              cache_dir: str | os.PathLike | None = None) -> None:
    """The LibreOffice command, its time-out and where converted DOCX files are kept."""
    for key, value in (("soffice", soffice), ("timeout", timeout), ("cache_dir", cache_dir)):
        if value is not None:
            _settings[key] = value


def is_word_binary(data: bytes) -> bool:
    """An OLE2 compound file holding a ``WordDocument`` stream (DOC, WPS)."""
    if not data.startswith(OLE2_MAGIC):
        return False
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return ole.exists("WordDocument")
    except Exception:  # a damaged container is simply not a Word binary we can read
        return False


def find_soffice(command: str = "soffice") -> str | None:
    return shutil.which(command)


def doc_to_docx(data: bytes, *, soffice: str | None = None,
                timeout: float | None = None) -> bytes:
    """The DOCX LibreOffice makes of a DOC/WPS, or ``ReadError`` with the reason. ``soffice``
    and ``timeout`` default to ``$XXGK_SOFFICE`` / ``$XXGK_CONVERT_TIMEOUT`` (set by the CLI
    from ``[extract] soffice`` and ``convert_timeout``), else ``soffice`` and 120 s."""
    from filelock import FileLock, Timeout

    soffice = soffice or soffice_command()
    timeout = float(timeout or conversion_timeout())
    sha = hashlib.sha256(data).hexdigest()
    cached = cache_path_for(sha)
    if cached is not None and (cached.is_file()
                               or wait_for_batch(sha, timeout * LOCK_WAIT_TIMEOUTS)):
        return drop_sliver_columns(cached.read_bytes())
    exe = find_soffice(soffice)
    if exe is None:
        raise ReadError(f"DOC/WPS needs LibreOffice, and {soffice!r} is not installed "
                                 "(apt-get install libreoffice-writer-nogui); skipped")
    wait = timeout * LOCK_WAIT_TIMEOUTS
    try:
        with FileLock(str(LOCK_PATH), timeout=wait):
            if cached is not None and cached.is_file():  # a batch converted it meanwhile
                return drop_sliver_columns(cached.read_bytes())
            with tempfile.TemporaryDirectory(prefix="xxgk-soffice-") as tmp:
                converted = _convert(exe, data, Path(tmp), timeout)
    except Timeout:
        raise ReadError(f"LibreOffice busy for more than {wait:.0f} s") from None
    if cached is not None:
        store(cached, converted)
    return drop_sliver_columns(converted)


def soffice_command() -> str:
    return _settings.get("soffice") or os.environ.get("XXGK_SOFFICE") or "soffice"


def conversion_timeout() -> float:
    return float(_settings.get("timeout") or os.environ.get("XXGK_CONVERT_TIMEOUT")
                 or DEFAULT_TIMEOUT)


def cache_path(data: bytes) -> Path | None:
    """Where the conversion of these bytes is kept (None: no cache configured)."""
    return cache_path_for(hashlib.sha256(data).hexdigest())


def cache_path_for(sha: str) -> Path | None:
    root = _settings.get("cache_dir")
    if not root:
        return None
    return Path(root) / "soffice" / sha[:2] / f"{sha}.docx"


def pending_path_for(sha: str) -> Path:
    """The in-flight mark of a file a batch is converting (convert_batch.py)."""
    return Path(_settings["cache_dir"]) / "soffice" / "pending" / sha


def wait_for_batch(sha: str, wait: float) -> bool:
    """Wait while a running batch still has ``sha`` to convert; True when it is cached."""
    mark, cached = pending_path_for(sha), cache_path_for(sha)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if cached.is_file():
            return True
        try:
            pid = int(mark.read_text(encoding="ascii"))
            os.kill(pid, 0)  # a batch killed without cleaning up holds nobody back
        except (OSError, ValueError):
            return cached.is_file()
        time.sleep(BATCH_POLL_S)
    return cached.is_file()


def _convert(exe: str, data: bytes, tmp: Path, timeout: float) -> bytes:
    src = tmp / "input.doc"
    src.write_bytes(data)
    out_dir = tmp / "out"
    cmd = [exe, "--headless", "--norestore", "--nologo",
           f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out_dir), str(src)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, env=soffice_env(tmp))
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # soffice forks; end the whole group we started
        proc.communicate()
        raise ReadError(f"LibreOffice did not convert it within {timeout:.0f} s") \
            from None
    result = out_dir / "input.docx"
    if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
        lines = [ln for ln in err.decode("utf-8", "replace").splitlines() if "Warning" not in ln]
        detail = " ".join(" ".join(lines).split())[:120] or "no output"
        raise ReadError(f"LibreOffice could not open this DOC/WPS ({detail})")
    return result.read_bytes()


def read_doc(data: bytes, *, soffice: str | None = None, timeout: float | None = None,
             **options: object):
    """DOC/WPS → Document through the DOCX reader (cells then carry ``docx:`` locators)."""
    from pipeline.readers.docx import read_docx

    if not is_word_binary(data):
        raise ReadError("OLE2 file without a WordDocument stream (not a DOC/WPS)")
    return read_docx(doc_to_docx(data, soffice=soffice, timeout=timeout), **options)
