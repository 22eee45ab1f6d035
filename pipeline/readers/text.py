"""Plain text / Markdown reader: what a PDF or DOCX text layer gives (the seed renderings).

Markdown pipe tables (``| 规章 | 0 | 0 | 0 |``) are table runs too, one cell per pipe field;
Markdown heading marks are dropped and ``![alt](ref)`` pictures read like ``[image: ref]``.
Plain text layers without tabs (pdftotext, pdfplumber, pypdf) stay paragraphs here: their
tables are rebuilt from the template by ``pipeline.tables.textlayer``.

Table cells come one per line, tab-indented, with continuation lines (a label wrapped inside its
cell) carrying no tab; or fully fragmented, one piece per line (seed 003). Runs of such lines
become ``TextTableBlock``s, everything else ``Paragraph``s. ``[image: …]`` markers become
``ImageBlock``s without data (the OCR junk after the marker is dropped and the sentence is
rejoined with the next line); ``[bookmark: …]`` markers are stripped.
"""

from __future__ import annotations

import re

from pipeline.document import Block, Document, ImageBlock, Paragraph, TextTableBlock
from pipeline.tables.normalize import BOOKMARK_RE, is_number_text, squash
from pipeline.tables.textlayer import table_spans
from pipeline.template import APPLICATION_ROWS

IMAGE_RE = re.compile(r"\[image:\s*([^\]]*)\]")
#: Markdown a PDF-to-Markdown converter writes: heading marks, and pictures as ![alt](ref)
_MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_IMAGE_RE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)[^)]*\)")
#: phrases that only occur at the start of a statistics table
_TABLE_START = ("本列数据的勾稽关系", "第二十条第", "信息内容", "申请人情况")
_HEADING_RE = re.compile(r"^(?:[一二三四五六]|[1-6])、")
_HEADING_WORDS = ("总体情况", "主动公开", "收到和处理", "行政复议", "存在的主要问题", "存在问题",
                  "其他需要报告", "其他事项")
_ROW_LABELS = tuple(squash(r.label) for r in APPLICATION_ROWS)
#: a short line inside a run is a cell fragment; longer ones are prose
_FRAGMENT_MAX = 24
_MIN_NUMBERS = 2


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030, else UTF-8 with replacement characters."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def is_heading_line(line: str) -> bool:
    """A top-level section heading (``三、收到和处理…``), never a table row (``三、本年度办理结果``)."""
    text = squash(line)
    if not _HEADING_RE.match(text) or any(label in text for label in _ROW_LABELS):
        return False
    return any(word in text for word in _HEADING_WORDS) and len(text) <= 40


def _is_markdown_row(line: str) -> bool:
    return line.lstrip(" ").startswith("|") and line.rstrip().endswith("|")


def _starts_table(line: str) -> bool:
    text = squash(line)
    if line.startswith("\t") or _is_markdown_row(line):
        return True
    return line[:1].isspace() and any(p in text for p in _TABLE_START) and len(text) <= 40


def _continues_table(line: str) -> bool:
    if not line.strip() or line.startswith("\t") or _is_markdown_row(line):
        return True
    text = squash(line)
    if is_heading_line(line) or "。" in text:
        return False
    return len(text) <= _FRAGMENT_MAX or any(p in text for p in _TABLE_START)


def _clean_images(lines: list[str]) -> tuple[list[str], dict[int, list[str]]]:
    """Cut ``[image: ref]`` markers (and the OCR junk after them) out of the lines; a line cut
    mid-sentence is rejoined with the next one. Returns the lines and the image refs by line."""
    out: list[str] = []
    images: dict[int, list[str]] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        match = IMAGE_RE.search(line)
        if match is None:
            out.append(line)
            i += 1
            continue
        images.setdefault(i, []).extend(m.group(1).strip() for m in IMAGE_RE.finditer(line))
        before = line[: match.start()]
        after_all = IMAGE_RE.sub("", line[match.start():])
        # a marker glued inside a sentence carries junk to the line end: drop it and rejoin
        # the sentence with the next line; a marker on its own keeps what follows it
        if before.strip() and not before.rstrip().endswith(("。", "：", ":")) and i + 1 < len(lines):
            out.append(before + lines[i + 1].lstrip())
            out.append("")  # keep line numbers aligned with the source
            i += 2
            continue
        out.append(before + after_all if not before.strip() else before)
        i += 1
    return out, images


def _plain_table_spans(lines: list[str]) -> dict[int, int]:
    """first line -> last line of each table of a plain (untabbed) text layer, cut before any
    section heading inside it; tab-indented table text is left to the cell runs."""
    if any(line.startswith("\t") for line in lines):
        return {}
    out: dict[int, int] = {}
    for first, last in table_spans(lines).values():
        heading = next((n for n in range(first + 1, last + 1) if is_heading_line(lines[n])), None)
        out[first] = last if heading is None else heading - 1
    return out


def read_text(data: bytes, *, path: str | None = None) -> Document:
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    raw_lines = [_MD_IMAGE_RE.sub(r"[image: \1]", _MD_HEADING_RE.sub("", BOOKMARK_RE.sub("", line)))
                 for line in text.split("\n")]
    lines, images = _clean_images(raw_lines)
    blocks: list[Block] = []
    spans = _plain_table_spans(lines)
    i = 0
    while i < len(lines):
        for ref in images.get(i, []):
            blocks.append(ImageBlock(ref=ref, locator=f"text:line{i + 1}"))
        line = lines[i]
        if i in spans:  # a plain text layer's table: its lines are table text, not prose
            blocks.append(TextTableBlock(lines[i:spans[i] + 1], first_line=i + 1,
                                         locator=f"text:line{i + 1}"))
            i = spans[i] + 1
            continue
        if _starts_table(line) and not is_heading_line(line):
            j = i + 1
            while j < len(lines) and _continues_table(lines[j]) and j not in images:
                j += 1
            run = lines[i:j]
            while run and not run[-1].strip() and "\t" not in run[-1]:
                run.pop()  # trailing blank lines; a lone tab is a blank cell and stays
            if sum(is_number_text(cell) for x in run for cell in x.split("|")) >= _MIN_NUMBERS:
                blocks.append(TextTableBlock(run, first_line=i + 1, locator=f"text:line{i + 1}"))
                i = i + len(run)
                continue
        if line.strip():
            blocks.append(Paragraph(line.strip(), locator=f"text:line{i + 1}"))
        i += 1
    return Document(blocks=blocks, media_type="text/plain", source_kind="text")
