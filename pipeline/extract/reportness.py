"""Is this document an annual report at all? The rule that refuses everything else.

Report columns also hold the superior office's notice on compiling the reports, the agency's
政府信息公开指南, and the blank statistics form; all three name years, agencies and the words of
the report's headings, so metadata proves nothing. What a report has and they lack: numbers in
the template's tables, or most of the template's six numbered sections. A document with neither
is refused with the reason, never stored as a report with no numbers.

A document that is nothing but pictures (a scan read with OCR off) is not judged: its statistics
may be in the pictures, so it is kept for what it is and its cells stay unread.
"""

from __future__ import annotations

from pipeline.document import Document, ImageBlock, Paragraph
from pipeline.readers import ReadError

#: of the six template sections; a guide matches two (主动公开, 依申请公开), a notice lists them
#: in one sentence, which is no heading at all
MIN_SECTIONS = 4
#: this much text beside the pictures and the document can be judged by its text
_PICTURE_ONLY_CHARS = 200


class NotAReport(ReadError):
    """The document was read, and it is not an annual report (a notice, a guide, a form…)."""


def number_cells(tables: dict) -> int:
    return sum(cell.is_number for table in tables.values() for row in table.values()
               for cell in row.values())


def _picture_only(doc: Document) -> bool:
    text = sum(len(b.text.strip()) for b in doc.blocks if isinstance(b, Paragraph))
    return any(isinstance(b, ImageBlock) for b in doc.blocks) and text < _PICTURE_ONLY_CHARS


def refusal(doc: Document, tables: dict, sections) -> str | None:
    """Why ``doc`` is not an annual report, or None when it may be one."""
    if number_cells(tables) or _picture_only(doc):
        return None
    present = [s.number for s in sections if s.present]
    if len(present) >= MIN_SECTIONS:
        return None
    stats = (f"its {len(tables)} statistics table(s) hold no number" if tables
             else "no statistics table")
    return (f"not an annual report: {stats}, and {len(present)} of the six report sections "
            f"(at least {MIN_SECTIONS} needed)")
