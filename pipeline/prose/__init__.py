"""The prose side of a report: metadata, the six sections, claims, sums and charts.

``read_prose(doc)`` is what ``pipeline/extract/__init__.py`` calls; the checks (``pipeline/checks``) read
the same ``Prose`` through ``Evidence.prose`` (or compute it from ``Evidence.document``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.prose.charts import Chart, read_charts
from pipeline.prose.claims import read_claims
from pipeline.document import Document, Paragraph
from pipeline.evidence import SectionSpan
from pipeline.prose.metadata import TITLE_SCAN, Metadata, read_metadata
from pipeline.model import Claim
from pipeline.prose.sums import ProseSum, read_sums
from pipeline.prose.text import clean_paragraph
from pipeline.prose.sections import SectionLayout, find_sections, section_of_block

#: without a section 一, the opening is this many lines: a page's menus (html2text) come first
OPENING_FALLBACK = TITLE_SCAN


@dataclass
class Prose(Metadata):
    """The report's metadata and everything read from its prose."""

    sections: list[SectionSpan] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    #: internal sums (N-10) and charts (N-11)
    sums: list[ProseSum] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    #: section number -> cleaned prose paragraphs (table-cell lines excluded)
    section_texts: dict[int, list[str]] = field(default_factory=dict)
    layout: SectionLayout | None = None


def _prose_paragraphs(doc: Document, layout: SectionLayout) -> list[tuple[int, str, int | None]]:
    """(block index, cleaned text, section) of every prose paragraph (not a table-cell line)."""
    out = []
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph) and not block.text.startswith("\t"):
            text = clean_paragraph(block.text).strip()
            if text:
                out.append((index, text, section_of_block(layout.spans, index)))
    return out


def read_prose(doc: Document) -> Prose:
    layout = find_sections(doc)
    paragraphs = _prose_paragraphs(doc, layout)
    first = layout.spans[0].start if layout.spans[0].present else None
    opening = [t for i, t, _ in paragraphs if first is None or i < first]
    if first is None:
        opening = opening[:OPENING_FALLBACK]
    six = layout.spans[5]
    tail = [t for i, t, _ in paragraphs if six.present and i >= six.start]
    meta = read_metadata(opening, tail, doc.page_meta)
    body = [(t, s) for i, t, s in paragraphs if s is not None and i not in
            {span.start for span in layout.spans}]
    charts, chart_warnings = read_charts(doc)
    prose = Prose(
        **{**vars(meta), "warnings": meta.warnings + chart_warnings}, sections=layout.spans,
        claims=read_claims(body), sums=read_sums(body), charts=charts, layout=layout,
    )
    for text, section in body:
        prose.section_texts.setdefault(section, []).append(text)
        if text.endswith(("，", ",", "、")):
            prose.warnings.append(f"section {section}: sentence truncated: …{text[-20:]}")
    for span in layout.spans:
        if not span.present:
            prose.warnings.append(f"section {span.number} heading not found")
    return prose
