"""Report bodies as the replica serves them, rendered by the fixtures renderers
(`replica.render`): HTML fragments with their table pictures, DOCX, and PDF/DOC converted
from the DOCX once with LibreOffice. DOCX and conversions are cached on disk by content hash
(``$XXGK_REPLICA_CACHE``, default ``~/.cache/xxgk-archive/replica``), so server start is fast.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from replica.corpus import Report
from replica.render.cache import cache_dir
from replica.render import render_docx, render_html_fragment, render_table_png
from replica.render.docx import placeholder_png

_IMG = re.compile(r'<img[^>]*src="([^"]+)"')
_TABLE_IMAGE = re.compile(r"^table_(\w+)\.png$")


def picture_base(report: Report) -> str:
    """Per-report folder of its pictures, in the `/picture/-1/{digits}…` style (portals.md §1.1)."""
    return f"/picture/-1/{report.published:%y%m%d%H%M%S}{report.uid:06d}_"


_FRAGMENTS: dict[tuple[int, int, int], str] = {}


def body_html(report: Report, *, extra_links: str = "") -> str:
    key = (id(report.spec), report.uid, report.edits)  # an edit replaces the spec
    if key not in _FRAGMENTS:
        _FRAGMENTS[key] = render_html_fragment(report.spec, image_base=picture_base(report))
    return _FRAGMENTS[key] + extra_links


def pictures(report: Report) -> dict[str, bytes]:
    """path -> PNG bytes of every picture the HTML body shows (tables drawn, others a placeholder)."""
    out = {}
    for src in _IMG.findall(body_html(report)):
        name = src[len(picture_base(report)):]
        table = _TABLE_IMAGE.match(name)
        out[src] = render_table_png(report.spec, table.group(1)) if table \
            else placeholder_png()
    return out


def _renderer_digest() -> str:
    """The renderers' source: a renderer fix must not be hidden behind a stale cached DOCX."""
    folder = Path(__file__).parent / "render"
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(folder.glob("*.py")))).hexdigest()


_RENDERER = _renderer_digest()


def docx_bytes(report: Report) -> bytes:
    """The report as DOCX; cached on disk by its spec and the renderers (rendering is slow at
    server start)."""
    key = hashlib.sha256((repr(report.spec) + _RENDERER).encode()).hexdigest()
    cached = cache_dir() / "docx" / f"{key}.docx"
    if cached.exists():
        return cached.read_bytes()
    data = render_docx(report.spec)
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, cached)
    return data


def convert_all(docs: dict[str, bytes], ext: str) -> dict[str, bytes]:
    """Convert DOCX bytes to ``ext`` (pdf|doc) with one soffice call; cached by content hash.

    Returns {} when LibreOffice is unavailable (the caller then serves DOCX instead).
    """
    folder = cache_dir() / ext
    folder.mkdir(parents=True, exist_ok=True)
    result, todo = {}, {}
    for key, data in docs.items():
        sha = hashlib.sha256(data).hexdigest()
        cached = folder / f"{sha}.{ext}"
        if cached.exists():
            result[key] = cached.read_bytes()
        else:
            todo[key] = (sha, data)
    if todo and shutil.which("soffice"):
        with tempfile.TemporaryDirectory() as tmp:
            inputs = []
            for sha, data in todo.values():
                path = Path(tmp) / f"{sha}.docx"
                path.write_bytes(data)
                inputs.append(str(path))
            target = "doc:MS Word 97" if ext == "doc" else ext
            subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                            "--convert-to", target, "--outdir", str(Path(tmp) / "out"), *inputs],
                           capture_output=True, timeout=600, check=False)
            for key, (sha, _data) in todo.items():
                out = Path(tmp) / "out" / f"{sha}.{ext}"
                if out.exists():
                    os.replace(out, folder / f"{sha}.{ext}")
                    result[key] = (folder / f"{sha}.{ext}").read_bytes()
    return result
