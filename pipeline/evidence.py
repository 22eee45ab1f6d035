"""What the extraction stages hand to the checks besides the report itself.

The checks of the S family (where a table sits, which sections hold pictures) and CELL-06
(labels matched exactly once) need to know *where* things were found, not only the values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.document import Document
from pipeline.model import Table


@dataclass
class SectionSpan:
    """One of the six sections: its heading line and the blocks up to the next heading."""

    number: int
    heading: str | None
    present: bool
    #: index in ``Document.blocks`` of the heading, and one past the section's last block
    start: int | None = None
    end: int | None = None


@dataclass
class FoundTable:
    """A statistics table recognised in the document and matched to canonical keys."""

    table_id: str
    #: index in ``Document.blocks`` where the table (or its first fragment) was found
    block_index: int
    table: Table
    #: active_disclosure: "2019" / "2021" from its columns; applications: None
    format: str | None = None
    #: applications: "2019" / "2021" from its 其他处理 rows; None when not visible
    variant: str | None = None
    #: expected row/column labels not found, and labels matched more than once (CELL-06)
    missing_labels: list[str] = field(default_factory=list)
    duplicate_labels: list[str] = field(default_factory=list)
    #: printed extras kept out of the table (T3-04): name -> {col_key or row_key: value}
    subtotals: dict[str, dict[str, float | None]] = field(default_factory=dict)
    #: how it was read: "grid" (markup), "text" (label/number sequence), "ocr"
    method: str = "grid"
    #: True when its cells come from an OCR'd picture whose arithmetic did not hold
    needs_review: bool = False


@dataclass
class Evidence:
    document: Document
    sections: list[SectionSpan] = field(default_factory=list)
    tables: list[FoundTable] = field(default_factory=list)
    #: agency facts known outside the document (from the archive/config): level, deadline
    #: ("MM-DD"), rule_making_power; empty during a plain ``xxgk extract``
    agency_context: dict[str, object] = field(default_factory=dict)
    #: the ``pipeline.prose.Prose`` read from the document (claims, sums, charts, notice…);
    #: None lets ``run_checks`` read it from ``document`` itself
    prose: object | None = None
