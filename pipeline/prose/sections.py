"""The six sections: headings found by line-start numbering + known title + order.

A heading is ``一、`` … ``六、`` (or Arabic ``2、``) at the start of a paragraph followed by a
short title that names the section. Section names listed inside prose (the opening paragraph,
``（一）主动公开政府信息情况。``) and sub-items (``1.主动公开。``) never qualify, and a heading is
only accepted after the previous section's, so the order is part of the match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.document import Document, ImageBlock, Paragraph
from pipeline.evidence import SectionSpan
from pipeline.tables.normalize import BOOKMARK_RE
from pipeline.prose.text import IMAGE, clean_paragraph, cn_to_int, fold

HEADING = re.compile(r"^(?:\[image:[^\]]*\])?\s*([一二三四五六七八九十]+|\d{1,2})\s*、\s*(.+)$")
#: title fingerprints per section, matched on the folded title text
TITLE_KEYS = {
    1: ("总体情况", "概述", "基本情况"),
    2: ("主动公开",),
    3: ("收到和处理", "依申请公开", "申请情况", "处理政府信息公开申请"),
    4: ("行政复议", "行政诉讼"),
    5: ("存在的主要问题", "存在问题", "主要问题", "改进情况"),
    6: ("其他需要报告", "其他事项"),
}
MAX_TITLE = 40
#: Chinese top-level numbering at a paragraph start (sub-items use （一）, 1. or 一是)
TOP_LEVEL = re.compile(r"^[一二三四五六七八九十]+、")


@dataclass
class SectionLayout:
    spans: list[SectionSpan]
    #: section number -> numbering value printed in its heading (S-10)
    printed_numbers: dict[int, int] = field(default_factory=dict)
    #: block indices whose paragraph starts with a picture marker (picture before a heading)
    leading_images: set[int] = field(default_factory=set)
    #: section number -> paragraphs inside it numbered like top-level headings (一、…), S-10
    restarts: dict[int, list[str]] = field(default_factory=dict)


def heading_of(text: str) -> tuple[int, str] | None:
    """(printed number, title) when the paragraph looks like a top-level heading."""
    if text.startswith("\t"):
        return None  # a table cell in text renderings
    first = text.strip().split("\n")[0].strip()
    m = HEADING.match(first)
    if not m:
        return None
    number = int(m.group(1)) if m.group(1).isdigit() else cn_to_int(m.group(1))
    title = m.group(2).strip()
    if number is None or len(fold(title)) > MAX_TITLE or "。" in title.rstrip("。"):
        return None
    return number, title


def section_for_title(title: str, after: int) -> int | None:
    folded = fold(title)
    for number in range(after + 1, 7):
        if any(key in folded for key in TITLE_KEYS[number]):
            return number
    return None


def find_sections(doc: Document) -> SectionLayout:
    found: dict[int, tuple[int, str, int]] = {}
    leading: set[int] = set()
    restarts: dict[int, list[str]] = {}
    last = 0
    for index, block in enumerate(doc.blocks):
        if not isinstance(block, Paragraph):
            continue
        raw = BOOKMARK_RE.sub("", block.text).lstrip(" \u3000")
        head = heading_of(raw)
        number = section_for_title(head[1], last) if head else None
        if number is None:
            if last and TOP_LEVEL.match(raw):
                restarts.setdefault(last, []).append(raw.strip()[:30])
            continue
        if IMAGE.match(raw):
            leading.add(index)
        heading = clean_paragraph(raw).strip().split("\n")[0].strip()
        found[number] = (index, heading, head[0])
        last = number
    spans: list[SectionSpan] = []
    starts = sorted(v[0] for v in found.values())
    for number in range(1, 7):
        if number not in found:
            spans.append(SectionSpan(number, None, False))
            continue
        index, heading, _ = found[number]
        later = [s for s in starts if s > index]
        spans.append(SectionSpan(number, heading, True, index, later[0] if later else len(doc.blocks)))
    return SectionLayout(spans, {n: v[2] for n, v in found.items()}, leading, restarts)


def section_of_block(spans: list[SectionSpan], index: int) -> int | None:
    for span in spans:
        if span.present and span.start is not None and span.start <= index < (span.end or 0):
            return span.number
    return None


def images_in_section(doc: Document, layout: SectionLayout, number: int) -> int:
    """Pictures inside a section, counting one glued before the next heading as its last block."""
    span = next(s for s in layout.spans if s.number == number)
    if not span.present:
        return 0
    count = sum(isinstance(b, ImageBlock) for b in doc.blocks[span.start + 1: span.end])
    for block in doc.blocks[span.start + 1: span.end]:
        if isinstance(block, Paragraph) and not block.text.lstrip().startswith("\t"):
            count += len(IMAGE.findall(block.text))
    if span.end in layout.leading_images:
        count += 1
    return count
