r"""Plain text / Markdown reader: what a PDF or DOCX text layer gives (the seed renderings).

Markdown pipe tables (``| 规章 | 0 | 0 | 0 |``) are table runs too, one cell per pipe field;
Markdown heading marks are dropped and ``![alt](ref)`` pictures read like ``[image: ref]``.
What converters (markitdown, mammoth, markdownify, html2text) write around the text is undone
first (``unmark``): ``**``/``__``/``*`` emphasis around labels, links ``[text](url)`` (their
text stays), backslash escapes (``\-1`` is -1; ``\|`` is a pipe inside a cell, kept as ``｜``
so that it does not split the cell), ``<br>`` inside a cell (a wrapped label: joined), HTML
entities (``&nbsp;`` is a space, so a cell holding only it is blank) and list bullets. A
pipe "row" holding a whole ``| --- |`` rule inside it is a portal's layout table flattened
into one line (markdownify) with the report's tables in one of its cells: its row boundaries
are lost, so its cells become lines of their own, one per cell, a plain text layer that the
template reconstructor reads (never a pipe row whose cells would be read shifted). Those
lines are numbered on from the flattened line: past it, ``text:lineN`` counts them too.
A line of tab-separated cells that does not start with a tab is a table row as a
python-docx script prints it (``"\t".join(cell.text for cell in row.cells)``): it is read as a
pipe row, a merged cell's text (python-docx repeats it once per grid column it spans) kept once
where it repeats side by side; numbers are never merged, two equal neighbours are two cells.
Plain text layers without tabs (pdftotext, pdfplumber, pypdf) stay paragraphs here: their
tables are rebuilt from the template by ``pipeline.tables.textlayer``.

Table cells come one per line, tab-indented, with continuation lines (a label wrapped inside its
cell) carrying no tab; or fully fragmented, one piece per line (seed 003). Runs of such lines
become ``TextTableBlock``s, everything else ``Paragraph``s. ``[image: …]`` markers become
``ImageBlock``s without data (the OCR junk after the marker is dropped and the sentence is
rejoined with the next line); ``[bookmark: …]`` markers are stripped.
"""

from __future__ import annotations

import html
import re

from pipeline.document import Block, Document, ImageBlock, Paragraph, TextTableBlock
from pipeline.tables.normalize import BOOKMARK_RE, is_number_text, squash
from pipeline.tables.textlayer import table_spans
from pipeline.template import APPLICATION_ROWS

IMAGE_RE = re.compile(r"\[image:\s*([^\]]*)\]")
#: Markdown a PDF-to-Markdown converter writes: heading marks, and pictures as ![alt](ref)
_MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_IMAGE_RE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)[^)]*\)")
_MD_LINK_RE = re.compile(r"(?<!!)\[([^\]]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_MD_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM_RE = re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*\\])\*(?![\w*])")
_MD_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_MD_BULLET_RE = re.compile(r"^(\s*)[*+]\s+")
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ENTITY_RE = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{1,6}|#[xX][0-9A-Fa-f]{1,5});")
_RULE_FIELD_RE = re.compile(r"^\s*:?-{3,}:?\s*$")
_CELL_PARTS_RE = re.compile(r"\s{2,}(?:[*+]\s+)?|\s[*+]\s+")
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


def _entity(match: re.Match) -> str:
    text = html.unescape(match.group(0))
    return {"\xa0": " ", "|": "｜"}.get(text, text)


def unmark(line: str) -> str:
    """The text of one converter-written Markdown line (see the module docstring)."""
    if "\\" in line:
        line = line.replace("\\|", "｜")
        line = _MD_ESCAPE_RE.sub(r"\1", line)
    if "&" in line:
        line = _ENTITY_RE.sub(_entity, line)
    line = line.replace("\xa0", " ")
    if "<" in line:
        line = _BR_RE.sub("", line)
    if "](" in line:
        line = _MD_LINK_RE.sub(r"\1", line)
    if "*" in line or "__" in line:
        line = _MD_BULLET_RE.sub(r"\1", line)
        line = _MD_STRONG_RE.sub(r"\2", line)
        line = _MD_EM_RE.sub(r"\1", line)
        line = line.replace("****", "")  # an emphasis around nothing (an empty bold run)
    return line


def is_heading_line(line: str) -> bool:
    """A top-level section heading (``三、收到和处理…``), never a table row (``三、本年度办理结果``)."""
    text = squash(line)
    if not _HEADING_RE.match(text) or any(label in text for label in _ROW_LABELS):
        return False
    return any(word in text for word in _HEADING_WORDS) and len(text) <= 40


def _is_markdown_row(line: str) -> bool:
    return line.lstrip(" ").startswith("|") and line.rstrip().endswith("|") and \
        not _is_flattened(line)


def _is_flattened(line: str) -> bool:
    """A |---| rule inside the line after a cell of text: a nested table flattened into it."""
    seen_text = False
    for field in line.split("|"):
        if _RULE_FIELD_RE.match(field):
            if seen_text:
                return True
        elif field.strip():
            seen_text = True
    return False


def _tab_row(line: str) -> str:
    """``a\tb\tb\t0\t0`` (python-docx) as the pipe row ``| a | b | 0 | 0 |``."""
    cells: list[str] = []
    for cell in line.split("\t"):
        text = cell.strip()
        if cells and text and text == cells[-1] and not is_number_text(text):
            continue  # a horizontally merged cell, repeated for each column it spans
        cells.append(text)
    return "| " + " | ".join(c.replace("|", "｜") for c in cells) + " |"


def _is_tab_row(line: str) -> bool:
    return not line.startswith("\t") and line.count("\t") >= 1 and \
        sum(bool(c.strip()) for c in line.split("\t")) >= 2


def _unflatten(line: str) -> list[str]:
    """A flattened layout table's cells, one per line, without its rules and empty cells."""
    # a cell's paragraphs and list items were joined with two spaces or " * " in the cell
    return [piece.strip() for field in line.split("|") if not _RULE_FIELD_RE.match(field)
            for piece in _CELL_PARTS_RE.split(field) if piece.strip()]


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
    raw_lines = [unmark(_MD_IMAGE_RE.sub(r"[image: \1]",
                                         _MD_HEADING_RE.sub("", BOOKMARK_RE.sub("", line))))
                 for line in text.split("\n")]
    raw_lines = [piece for line in raw_lines for piece in
                 (_unflatten(line) if _is_flattened(line) else [line])]
    if not any(line.startswith("\t") for line in raw_lines):  # not the seeds' tabbed cells
        raw_lines = [_tab_row(line) if _is_tab_row(line) else line for line in raw_lines]
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
