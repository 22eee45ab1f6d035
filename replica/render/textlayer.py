"""Text layers and Markdown as other people's tools print our reports.

The text layers are not imitated: a generated report is rendered to PDF (DOCX through
LibreOffice, as the replica's attachments are) and the real extractors print its text —
pdftotext with and without ``-layout``, pdfplumber, pypdf. What those tools do to a table
(interleaved two-row headers, labels wrapped over many lines, pdftotext printing a page's labels
before its values) is therefore theirs, not ours. ``with_page_furniture`` adds what the
producers' page setup adds (``- 2 -`` or ``第 2 页 共 5 页`` footers between the rows of a table).

``render_markdown`` is a PDF-to-Markdown conversion with the breakage such converters show:
a header row with the wrong number of columns, ``|---|`` rules in the middle of a table, the
label outside the pipes, an empty trailing column, rows of numbers without their label.
"""

from __future__ import annotations

import io
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from replica.render.grid import anchors, table_grids
from replica.spec import ReportSpec

TEXT_LAYER_FORMS = ("pdftotext", "pdftotext-layout", "pdfplumber", "pypdf")


def pdf_text_layer(pdf: bytes, form: str) -> str:
    """The text layer of ``pdf`` as the tool ``form`` prints it (pages joined by newlines)."""
    if form in ("pdftotext", "pdftotext-layout"):
        if not shutil.which("pdftotext"):
            raise RuntimeError("pdftotext (poppler-utils) is not installed")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "in.pdf"
            path.write_bytes(pdf)
            args = ["pdftotext", *(["-layout"] if form.endswith("layout") else []),
                    "-enc", "UTF-8", str(path), "-"]
            done = subprocess.run(args, capture_output=True, timeout=120, check=True)
        return done.stdout.decode("utf-8").replace("\f", "\n")
    if form == "pdfplumber":
        import pdfplumber
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            return "\n".join(page.extract_text() or "" for page in doc.pages)
    if form == "pypdf":
        import pypdf
        return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    raise ValueError(f"unknown text layer form {form!r} (one of {', '.join(TEXT_LAYER_FORMS)})")


def with_page_furniture(text: str, seed: int, every: int = 38) -> str:
    """Page footers (and a running header) every ``every`` lines, as a PDF's page setup prints
    them between the rows of a table that runs over a page break."""
    rng = random.Random(seed)
    lines = text.split("\n")
    pages = len(lines) // every + 1
    style = rng.choice(("dash", "of", "slash"))
    out: list[str] = []
    for n, line in enumerate(lines):
        if n and n % every == 0:
            page = n // every
            out.append({"dash": f"- {page} -", "of": f"第 {page} 页 共 {pages} 页",
                        "slash": f"{page} / {pages}"}[style])
        out.append(line)
    return "\n".join(out)


def render_markdown(spec: ReportSpec, seed: int = 0) -> str:
    """The report as a PDF-to-Markdown converter gives it, tables as broken pipe tables."""
    rng = random.Random(seed)
    out: list[str] = []
    for kind, payload in spec.blocks():
        if kind == "title":
            out.append(f"# {payload}")
        elif kind == "table":
            for rows in table_grids(spec, payload):
                out.append("")
                out.extend(_broken_pipes(rows, rng))
                out.append("")
        elif kind == "image":
            out.append(f"![]({payload.replace(':', '_')}.png)")
        else:
            out.append(payload)
        out.append("")
    return "\n".join(out) + "\n"


def _broken_pipes(rows, rng: random.Random) -> list[str]:
    trailing = rng.random() < 0.4  # an empty column the converter invented
    lines: list[str] = []
    for r, placed in enumerate(anchors(rows)):
        labels = [c.text.replace("\n", "") for _, c in placed if c.kind != "value"]
        values = [c.text for _, c in placed if c.kind == "value"]
        shape = rng.random()
        if values and labels and shape < 0.15:
            lines.append("".join(labels))  # the label on a line of its own
            cells = values
        elif values and labels and shape < 0.3:
            lines.append("".join(labels) + " | " + " | ".join(values) + " |")
            continue  # the label outside the pipes
        else:
            cells = labels + values
        lines.append("| " + " | ".join(cells) + (" | |" if trailing else " |"))
        if r == 0 or rng.random() < 0.05:
            lines.append("|" + "---|" * rng.randint(2, 4))  # a rule of the wrong width
    return lines
