"""Text and Markdown as third-party converters make them from a report: tools nobody here wrote.

A generated report is rendered the way it is published (its DOCX, its portal page, the PDF
LibreOffice makes of the DOCX, or the PDF headless Chromium prints of the page fragment) and a
real converter turns that into text or Markdown, as a user or a PDF-to-Markdown pipeline does:

- DOCX: ``markitdown-docx`` (markitdown: mammoth to HTML, then markdownify), ``mammoth-md``
  (mammoth's own Markdown writer, which has no tables: every cell is a paragraph),
  ``mammoth-html`` (mammoth's HTML), ``python-docx`` (paragraph and cell texts in body order,
  a row's cells tab-joined, as the usual python-docx script prints them: a merged cell is
  repeated once per grid column it spans), ``soffice-txt`` (LibreOffice ``--convert-to txt``);
- the portal page (HTML): ``markdownify``, ``html2text``, ``markitdown-html``;
- PDF: ``pdfminer`` (pdfminer.six ``extract_text`` with its default LAParams, as
  ``pdf2txt.py`` prints), ``markitdown-pdf``, ``mutool`` (``mutool draw -F txt``),
  ``gs-txtwrite`` (Ghostscript's ``-sDEVICE=txtwrite``). ``PDF_SOURCES`` says which PDF:
  ``soffice`` (the DOCX through LibreOffice) or ``chromium`` (the fragment printed ruled).

What the tools do to a table (no pipe rows at all, ``\\-1``, ``**`` around labels, pipes of
the wrong width, column-by-column order) is theirs. Outputs are cached under
``$XXGK_REPLICA_CACHE/converters`` by converter, tool version and input bytes.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable

from replica.render.cache import cache_dir
from replica.spec import ReportSpec

__all__ = ["CONVERTERS", "PDF_SOURCES", "Converter", "ConverterError", "convert_reports"]

PDF_SOURCES = ("soffice", "chromium")


class ConverterError(RuntimeError):
    """A converter is not installed or failed on an input (one line, naming the tool)."""


@dataclass(frozen=True)
class Converter:
    source: str  # "docx", "html" or "pdf"
    ext: str  # of the file it writes: "md", "txt" or "html"
    run: Callable[[bytes], str]
    version: Callable[[], str]


def _dist(name: str) -> Callable[[], str]:
    return lambda: f"{name} {metadata.version(name)}"


def _tool(*args: str) -> Callable[[], str]:
    def version() -> str:
        if not shutil.which(args[0]):
            raise ConverterError(f"{args[0]} is not installed (scripts/install.sh)")
        done = subprocess.run(list(args), capture_output=True, timeout=60)
        return (done.stdout or done.stderr).decode("utf-8", "replace").strip().split("\n")[0]
    return version


def _markitdown(suffix: str) -> Callable[[bytes], str]:
    def run(data: bytes) -> str:
        from markitdown import MarkItDown, StreamInfo
        result = MarkItDown(enable_plugins=False).convert_stream(
            io.BytesIO(data), stream_info=StreamInfo(extension=suffix, charset="utf-8"))
        return result.text_content
    return run


def _mammoth_md(data: bytes) -> str:
    import mammoth
    return mammoth.convert_to_markdown(io.BytesIO(data)).value


def _mammoth_html(data: bytes) -> str:
    import mammoth
    return mammoth.convert_to_html(io.BytesIO(data)).value


def _python_docx(data: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    lines = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            lines.append(item.text)
        elif isinstance(item, Table):
            lines.extend("\t".join(cell.text for cell in row.cells) for row in item.rows)
    return "\n".join(lines)


def _markdownify(data: bytes) -> str:
    import markdownify
    return markdownify.markdownify(data.decode("utf-8", "replace"))


def _html2text(data: bytes) -> str:
    import html2text
    return html2text.html2text(data.decode("utf-8", "replace"))


def _pdfminer(data: bytes) -> str:
    from pdfminer.high_level import extract_text
    return extract_text(io.BytesIO(data))


def _in_tmp(data: bytes, suffix: str, command: Callable[[Path, Path], list[str]],
            encoding: str = "utf-8") -> str:
    """Run a command-line converter on ``data`` written to a file; returns what it wrote."""
    with tempfile.TemporaryDirectory(prefix="xxgk-conv-") as tmp:
        src, out = Path(tmp) / f"in{suffix}", Path(tmp) / "out"
        src.write_bytes(data)
        args = command(src, out)
        if not shutil.which(args[0]):
            raise ConverterError(f"{args[0]} is not installed (scripts/install.sh)")
        done = subprocess.run(args, capture_output=True, timeout=300, cwd=tmp)
        written = next(iter(sorted(out.glob("*"))), None) if out.is_dir() else out
        if done.returncode or written is None or not written.exists():
            reason = done.stderr.decode("utf-8", "replace").strip().split("\n")[-1:]
            raise ConverterError(f"{args[0]} failed (exit {done.returncode}): {reason[0]}")
        return written.read_bytes().decode(encoding, "replace")


def _soffice_txt(data: bytes) -> str:
    return _in_tmp(data, ".docx", lambda src, out: [
        "soffice", "--headless", f"-env:UserInstallation=file://{src.parent}/profile",
        "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(out), str(src)])


def _mutool(data: bytes) -> str:
    return _in_tmp(data, ".pdf", lambda src, out: [
        "mutool", "draw", "-q", "-F", "txt", "-o", str(out), str(src)])


def _gs_txtwrite(data: bytes) -> str:
    return _in_tmp(data, ".pdf", lambda src, out: [
        "gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=txtwrite",
        f"-sOutputFile={out}", str(src)])


CONVERTERS: dict[str, Converter] = {
    "markitdown-docx": Converter("docx", "md", _markitdown(".docx"), _dist("markitdown")),
    "mammoth-md": Converter("docx", "md", _mammoth_md, _dist("mammoth")),
    "mammoth-html": Converter("docx", "html", _mammoth_html, _dist("mammoth")),
    "python-docx": Converter("docx", "txt", _python_docx, _dist("python-docx")),
    "soffice-txt": Converter("docx", "txt", _soffice_txt, _tool("soffice", "--version")),
    "markdownify": Converter("html", "md", _markdownify, _dist("markdownify")),
    "html2text": Converter("html", "md", _html2text, _dist("html2text")),
    "markitdown-html": Converter("html", "md", _markitdown(".html"), _dist("markitdown")),
    "pdfminer": Converter("pdf", "txt", _pdfminer, _dist("pdfminer.six")),
    "markitdown-pdf": Converter("pdf", "md", _markitdown(".pdf"), _dist("markitdown")),
    "mutool": Converter("pdf", "txt", _mutool, _tool("mutool", "-v")),
    "gs-txtwrite": Converter("pdf", "txt", _gs_txtwrite, _tool("gs", "--version")),
}


def convert(name: str, data: bytes) -> str:
    """``data`` (the converter's source medium) as converter ``name`` gives it; cached."""
    converter = CONVERTERS[name]
    try:
        version = converter.version()
    except metadata.PackageNotFoundError as exc:
        raise ConverterError(f"{name}: {exc.name} is not installed (pip install -e '.[dev]')")
    key = hashlib.sha256(f"{name}\0{version}\0".encode() + data).hexdigest()
    cached = cache_dir() / "converters" / f"{key}.{converter.ext}"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    text = converter.run(data)
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, cached)
    return text


def _soffice_pdfs(docx: dict[str, bytes]) -> dict[str, bytes]:
    """The DOCX through LibreOffice to PDF in one start, cached by the DOCX's hash in the
    folder the replica's attachments use (``$XXGK_REPLICA_CACHE/pdf``)."""
    from replica.render.layout_office import soffice_convert_many

    folder = cache_dir() / "pdf"
    keys = {slug: hashlib.sha256(data).hexdigest() for slug, data in docx.items()}
    todo = [slug for slug, sha in keys.items() if not (folder / f"{sha}.pdf").exists()]
    if todo:
        if not shutil.which("soffice"):
            raise ConverterError("LibreOffice (soffice) is needed to render the PDFs")
        folder.mkdir(parents=True, exist_ok=True)
        try:
            made = soffice_convert_many([docx[s] for s in todo], ".docx", "pdf")
        except (subprocess.SubprocessError, OSError) as exc:
            raise ConverterError(f"LibreOffice could not convert the DOCX to PDF: {exc}")
        for slug, pdf in zip(todo, made):
            tmp = folder / f"{keys[slug]}.{os.getpid()}.tmp"
            tmp.write_bytes(pdf)
            os.replace(tmp, folder / f"{keys[slug]}.pdf")
    return {slug: (folder / f"{sha}.pdf").read_bytes() for slug, sha in keys.items()}


def _sources(specs: list[ReportSpec], kinds: set[str]) -> dict[tuple[str, str], bytes]:
    """(slug, source) -> bytes of each report's rendering the converters need."""
    from replica.render import PORTAL_STYLES, render_docx, render_html_page

    out: dict[tuple[str, str], bytes] = {}
    if kinds & {"docx", "pdf:soffice"}:
        docx = {s.slug: render_docx(s) for s in specs}
        out.update({(slug, "docx"): data for slug, data in docx.items()})
        if "pdf:soffice" in kinds:
            pdfs = _soffice_pdfs(docx)
            out.update({(slug, "pdf:soffice"): data for slug, data in pdfs.items()})
    if "html" in kinds:
        for spec in specs:
            page = render_html_page(spec, portal_style=PORTAL_STYLES.get(spec.agency.portal,
                                                                         "module"))
            out[(spec.slug, "html")] = page if isinstance(page, bytes) else page.encode("utf-8")
    if "pdf:chromium" in kinds:
        from replica.render.chromium_pdf import render_chromium_pdfs
        printed = render_chromium_pdfs([(spec, "ruled") for spec in specs])
        out.update({(spec.slug, "pdf:chromium"): pdf for spec, pdf in zip(specs, printed)})
    return out


def source_of(name: str, pdf_source: str = "soffice") -> str:
    source = CONVERTERS[name].source
    return f"pdf:{pdf_source}" if source == "pdf" else source


def convert_reports(specs: list[ReportSpec], names: list[str],
                    pdf_sources: tuple[str, ...] = ("soffice",)
                    ) -> list[tuple[ReportSpec, str, str]]:
    """(spec, form, text) for every spec and converter; a PDF converter runs once per PDF
    source, its form then named ``NAME@SOURCE`` (``pdfminer@chromium``)."""
    unknown = [n for n in names if n not in CONVERTERS]
    if unknown:
        raise ValueError(f"unknown converter {unknown[0]!r} (one of {', '.join(CONVERTERS)})")
    bad = [s for s in pdf_sources if s not in PDF_SOURCES]
    if bad:
        raise ValueError(f"unknown PDF source {bad[0]!r} (one of {', '.join(PDF_SOURCES)})")
    forms = [(n, source_of(n, p), n if CONVERTERS[n].source != "pdf" else f"{n}@{p}")
             for n in names for p in (pdf_sources if CONVERTERS[n].source == "pdf" else ("",))]
    sources = _sources(specs, {source for _, source, _ in forms})
    return [(spec, form, convert(name, sources[(spec.slug, source)]))
            for spec in specs for name, source, form in forms]
