"""What a report to render is: agency, prose, tables, layout options and the ground truth.

A ``ReportSpec`` is produced either by the seed oracle (``replica.seeds``) or by the generator
(``replica.generate``) and consumed by the renderers (``replica.render``). Canonical keys and
printed labels come from ``pipeline.template`` only.

Table values: ``int``/``float`` = a printed number, ``None`` = a cell printed blank, ``str`` =
printed as is (``"—"``, ``"　0"``). ``GroundTruth.expected_cell`` says what an extractor must
yield for such a value.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from pipeline.template import APPLICATIONS, SECTION_HEADINGS, TABLE_SECTION

Value = int | float | str | None
#: {row_key: {col_key: value}}
TableValues = dict[str, dict[str, Value]]

CN_NUMERALS = "一二三四五六"
IMAGE_MARK = re.compile(r"\[image: ?([^\]]*)\]")
BOOKMARK_MARK = re.compile(r"\[bookmark: ?[^\]]*\]")


@dataclass
class AgencySpec:
    name: str
    short_name: str
    #: government, department, township, dev_zone, committee, subdistrict…
    level: str
    #: 18-character 统一社会信用代码-like code; opaque (the ``area`` of the Hanweb module)
    area_code: str
    #: portal slug: weihai, wendeng, wip, rongcheng, rushan, huancui, whctp, eweihai, tjj…
    portal: str
    parent: str | None = None
    address: str = ""
    phone: str = ""
    office: str = "办公室"

    @property
    def is_government(self) -> bool:
        return self.name.endswith("人民政府")

    @property
    def rule_making_power(self) -> bool:
        # 立法法: in Weihai only the city government makes 规章 (report-format.md §6.5)
        return self.name == "威海市人民政府"


@dataclass
class LayoutOptions:
    letter_spaced_labels: bool = False  # 三、本 年 度 办 理 结 果
    split_labels: bool = False  # labels broken over two lines inside a cell
    bookmarks: bool = False  # [bookmark: _Hlk…] / w:bookmarkStart on labels
    nbsp_blanks: bool = True  # HTML blanks written &nbsp;
    subtotal_column: bool = False  # 8th column 法人或其他组织小计
    group_subtotal_rows: bool = False  # printed 小计 rows under 不予公开/无法提供/不予处理
    hybrid: bool = False  # 2021 format with the single 其他处理 row
    tables_as_images: bool = False  # like seed 000
    tables_displaced: bool = False  # after the signature, like seed 003
    separate_tables: bool = False  # one table per 第二十条 block instead of one big table
    blank_total_column: bool = False  # the 总计 column printed blank on the result rows
    table_in_textbox: bool = False  # DOCX: table 三 inside a text box (w:txbxContent)
    ideographic_space: bool = False  # some zeros printed "　0"
    gbk: bool = False  # HTML page encoded GBK with a GB18030-only character
    label_typo: bool = False  # a character dropped from one fixed row label
    word_spacer_row: bool = False  # HTML: Word's trailing zero-height row of empty cells
    local_labels: bool = False  # 合计 for 总计, 社会公益 for 社会公益组织
    units_in_cells: bool = False  # some counts printed with their unit ("3件")
    dash_cells: bool = False  # table 二's fee cells printed "—" (na)


@dataclass
class GroundTruth:
    #: deliberately failing identities: (check_id, scope); N-* entries are warn, not fail
    broken: list[tuple[str, str | None]] = field(default_factory=list)
    #: rows known to exist but only partly printed (extractor: cells ``missing``)
    partial_rows: dict[str, list[str]] = field(default_factory=dict)
    #: tables that exist only as pictures (extractor without OCR: no cells)
    image_tables: list[str] = field(default_factory=list)
    #: the report was expected for this agency × year but is not published
    missing: bool = False
    #: published after the agency's deadline
    late: bool = False
    #: claims the prose makes: (claim key, value)
    claims: list[tuple[str, float | int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @staticmethod
    def expected_cell(value: Value) -> tuple[float | int | None, str]:
        """(value, semantic) an extractor must yield for a printed value (blank policy)."""
        if value is None:
            return None, "empty"
        if isinstance(value, (int, float)):
            return value, "number"
        text = re.sub(r"\s", "", unicodedata.normalize("NFKC", value))
        text = re.sub(r"(?<=\d)(件|个|项|条|次|万元)$", "", text)
        if not text:
            return None, "empty"
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text), "number"
        if re.fullmatch(r"[+-]?\d+\.\d+", text):
            return float(text), "number"
        if text in {"/", "-", "—", "－", "–", "／", "无", "不适用", "——", "--"}:
            return None, "na"
        return None, "text"


@dataclass
class ReportSpec:
    agency: AgencySpec
    year: int
    #: section 二 layout: "2019" or "2021"
    format: str
    #: applications variant: "2019" (single 其他处理 row) or "2021"
    variant: str
    #: as printed; a "\n" splits it over two lines
    title: str
    #: section number -> paragraphs as printed; 0 = the opening before 一、. A paragraph
    #: "[table: <id>]" places a table there (default: end of its section)
    paragraphs: dict[int, list[str]] = field(default_factory=dict)
    tables: dict[str, TableValues] = field(default_factory=dict)
    #: section number -> heading as printed (default: 一、总体情况 …)
    headings: dict[int, str] = field(default_factory=dict)
    #: signature lines (agency, date) printed after section 六
    signature: list[str] = field(default_factory=list)
    published: datetime | None = None
    layout: LayoutOptions = field(default_factory=LayoutOptions)
    truth: GroundTruth = field(default_factory=GroundTruth)
    #: a stable name for files (seed file stem or generated id)
    slug: str = ""
    #: the first portal URL printed in the opening
    portal_url: str = ""
    #: how the generator means it to be published: "html" (article page) or "docx" (attachment)
    medium: str = "html"

    def heading(self, number: int) -> str:
        if number in self.headings:
            return self.headings[number]
        return f"{CN_NUMERALS[number - 1]}、{SECTION_HEADINGS[number]}"

    def title_lines(self) -> list[str]:
        return [line for line in self.title.split("\n") if line.strip()]

    def blocks(self) -> list[tuple[str, str]]:
        """The document in reading order: (kind, payload) with kind in title, para, heading,
        table, image, signature. The single walk every renderer follows."""
        out: list[tuple[str, str]] = [("title", line) for line in self.title_lines()]
        displaced: list[tuple[str, str]] = []
        for number in range(0, 7):
            if number:
                out.append(("heading", self.heading(number)))
            paras = self.paragraphs.get(number, [])
            placed = set()
            for para in paras:
                m = re.fullmatch(r"\[table: (\w+)\]", para)
                if m:
                    placed.add(m.group(1))
                    out.extend(self._table_blocks(m.group(1), displaced))
                else:
                    out.append(("para", para))
            for table_id, section in TABLE_SECTION.items():
                if section == number and table_id not in placed:
                    out.extend(self._table_blocks(table_id, displaced))
        out.extend(("signature", line) for line in self.signature)
        return out + displaced

    def _table_blocks(self, table_id: str, displaced: list) -> list[tuple[str, str]]:
        if table_id not in self.tables:
            return []
        kind = "image" if self.layout.tables_as_images else "table"
        block = (kind, f"table:{table_id}" if kind == "image" else table_id)
        if self.layout.tables_displaced:
            displaced.append(block)
            return []
        return [block]

    def structural_flags(self) -> list[tuple[str, str | None, str, str]]:
        """(check id, scope, status, message) that follow from the layout rather than from the
        numbers: S-02 for a section whose table is absent, pictured or displaced; T3-05 for a
        visible 其他处理 layout that does not match the year."""
        flags: list[tuple[str, str | None, str, str]] = []
        for table_id, section in TABLE_SECTION.items():
            if self.layout.tables_as_images or table_id in self.truth.image_tables:
                flags.append(("S-02", str(section), "fail", "image_only"))
            elif table_id not in self.tables:
                flags.append(("S-02", str(section), "fail", "empty"))
            elif self.layout.tables_displaced:
                flags.append(("S-02", str(section), "fail", "displaced"))
        rows = self.expected_tables().get(APPLICATIONS, {})
        visible = {"other_handling": "2019", "other_no_correction": "2021"}
        shown = next((v for k, v in visible.items() if k in rows), None)
        if shown and shown != ("2021" if self.year >= 2021 else "2019"):
            flags.append(("T3-05", None, "warn", f"{shown} variant in a {self.year} report"))
        return flags

    def expected_tables(self) -> dict[str, dict[str, dict[str, tuple]]]:
        """What an extractor must yield: table -> row -> col -> (value, semantic). Tables that
        are pictures are absent; partial rows are ``missing``."""
        out: dict[str, dict[str, dict[str, tuple]]] = {}
        for table_id, rows in self.tables.items():
            if table_id in self.truth.image_tables or self.layout.tables_as_images:
                continue
            out[table_id] = {
                r: {c: GroundTruth.expected_cell(v) for c, v in cols.items()}
                for r, cols in rows.items()
            }
        for row_key, cols in self.truth.partial_rows.items():
            out.setdefault(APPLICATIONS, {})[row_key] = {c: (None, "missing") for c in cols}
        return out


def inline_segments(text: str) -> list[tuple[str, str]]:
    """A paragraph as ("text", s) and ("image", ref) segments. The OCR junk a text layer
    prints after an ``[image: …]`` marker up to the line end is not part of the document."""
    segments, pos = [], 0
    for m in IMAGE_MARK.finditer(text):
        if m.start() > pos:
            segments.append(("text", text[pos:m.start()]))
        segments.append(("image", m.group(1) or "image.png"))
        end = text.find("\n", m.end())
        pos = len(text) if end < 0 else end
    if pos < len(text):
        segments.append(("text", text[pos:]))
    return segments


def strip_bookmarks(text: str) -> str:
    return BOOKMARK_MARK.sub("", text)
