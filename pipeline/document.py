"""What every format reader produces: the document as an ordered list of blocks.

Readers (``pipeline/readers/*``: html, docx, text, pdf, image) turn bytes into a ``Document``;
everything after them (metadata, sections, claims, table matching, checks) works on this model
only, so a new input format needs a reader and nothing else.

A table is a *full grid*: spans are expanded, every position points at the ``GridCell`` that
covers it, so ``grid.at(r, c)`` is never ``None`` inside the table and ``cell.row/col`` tell
whether a position is the cell's anchor or a copy of a spanned cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(eq=False)
class GridCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    locator: str = ""
    #: OCR confidence in [0, 1]; None for cells read from a text layer or markup
    confidence: float | None = None

    def is_anchor(self, r: int, c: int) -> bool:
        return self.row == r and self.col == c


@dataclass
class Grid:
    """A rectangular, span-expanded table; ``rows[r][c]`` is the cell covering (r, c)."""

    rows: list[list[GridCell]]
    #: where the table is, e.g. "html:table[2]", "docx:tbl1", "pdf:p3/tbl1", "ocr:image2"
    locator: str = ""

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def at(self, r: int, c: int) -> GridCell | None:
        if 0 <= r < len(self.rows) and 0 <= c < len(self.rows[r]):
            return self.rows[r][c]
        return None

    def text(self) -> str:
        """All anchor texts in reading order (for fingerprinting a table's kind)."""
        return " ".join([
            cell.text for r, row in enumerate(self.rows) for c, cell in enumerate(row)
            if cell.text and cell.row == r and cell.col == c  # is_anchor, inlined: per cell
        ])


@dataclass
class Paragraph:
    text: str
    locator: str = ""


@dataclass
class TableBlock:
    grid: Grid


@dataclass
class ImageBlock:
    """A picture in the document. ``data`` holds the bytes when the reader has them (docx media,
    archived inline images of an HTML page, rendered PDF pages); ``ref`` names the source."""

    ref: str
    data: bytes | None = None
    locator: str = ""


@dataclass
class TextTableBlock:
    """Table text without a reliable grid (a PDF/DOCX text layer, the seed renderings): the raw
    lines of one run of table cells, in order. ``pipeline.tables`` rebuilds rows from the
    label/number sequence; prose readers skip it (chart data stays readable here for N-11)."""

    lines: list[str]
    #: 1-based line number of ``lines[0]`` in the source text (locators ``text:lineN``)
    first_line: int = 1
    locator: str = ""


Block = Paragraph | TableBlock | ImageBlock | TextTableBlock


@dataclass
class Document:
    blocks: list[Block]
    media_type: str
    #: html, docx, text, pdf, ocr: what the cells' locators start with
    source_kind: str
    #: facts read from the page around the report (portal article pages): title,
    #: published_date ("YYYY-MM-DD"), published_date_source, index_number (索引号)…
    page_meta: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: the plain text layer, line by line, where the format has one besides its tables (PDF):
    #: a second reading of the tables to check the first against (pipeline.tables.crosscheck)
    text_layer: list[str] = field(default_factory=list)

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def tables(self) -> list[Grid]:
        return [b.grid for b in self.blocks if isinstance(b, TableBlock)]

    def text_tables(self) -> list[TextTableBlock]:
        return [b for b in self.blocks if isinstance(b, TextTableBlock)]

    def images(self) -> list[ImageBlock]:
        return [b for b in self.blocks if isinstance(b, ImageBlock)]
