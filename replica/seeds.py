"""The seed oracle: a seed text file -> ``ReportSpec``, by position, never by label.

The seeds print table cells one per tab-indented line (continuation lines untabbed, a blank line
between rows). The national template fixes the row order, so the k-th data row of a table is the
k-th canonical row of its variant and its numbers are read in column order. This is deliberately
a different algorithm from the label-matching extractor it checks: if both agree, neither is
likely to be wrong in the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.template import (
    ACTIVE,
    APPLICATION_COLUMN_KEYS,
    APPLICATIONS,
    DENIED,
    NOT_PROCESSED,
    REVIEW,
    REVIEW_COLUMN_KEYS,
    REVIEW_ROW_KEYS,
    UNABLE,
    APPLICATION_ROWS,
    active_rows,
    application_rows,
)
from replica.spec import (
    CN_NUMERALS,
    IMAGE_MARK,
    AgencySpec,
    GroundTruth,
    LayoutOptions,
    ReportSpec,
    TableValues,
    Value,
    strip_bookmarks,
)

# portal and level of the five seed agencies (portals.md §11)
SEED_AGENCIES = {
    "威海经济技术开发区管理委员会": ("经区管委会", "committee", "eweihai", "11371000MB2856001A"),
    "威海临港经济技术开发区管理委员会": ("临港区管委会", "committee", "wip", "11371000MB2856002B"),
    "威海市文登区人民政府": ("文登区政府", "government", "wendeng", "11371081004420001C"),
    "威海市文登区工业和信息化局": ("文登区工信局", "department", "wendeng", "11371081004420002D"),
    "威海临港经济技术开发区蔄山镇人民政府": ("蔄山镇政府", "township", "wip", "11371000MB2856003E"),
}
DATE_LINE = re.compile(r"^\s*\d{4}年\d{1,2}月\d{1,2}日\s*$")
HEADING_LIKE = re.compile(r"^\s*([一二三四五六]|[1-6])、")
NUMERIC = re.compile(r"^[+-]?\d+(\.\d+)?$")


class SeedError(ValueError):
    """A file the oracle cannot read as a seed report."""


@dataclass
class _Table:
    rows: list[list[str]] = field(default_factory=list)
    start_line: int = 0

    def text(self) -> str:
        return "".join("".join(r) for r in self.rows)


def load_seed(path: str | Path) -> ReportSpec:
    """Read a seed text file; ``SeedError`` (one line naming the file) if it is not one."""
    path = Path(path)
    try:
        return _load(path)
    except SeedError as exc:
        message = str(exc)
        raise SeedError(message if message.startswith(str(path)) else f"{path}: {message}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SeedError(f"{path}: cannot read ({exc})") from None


def _load(path: Path) -> ReportSpec:
    lines = [strip_bookmarks(line) for line in path.read_text(encoding="utf-8").split("\n")]
    title_end = _title_end(lines)
    title = "\n".join(line.strip() for line in lines[:title_end] if line.strip())
    agency_name = title.split("\n")[0] if "\n" in title else re.sub(r"\d{4}年.*", "", title)
    short, level, portal, area = SEED_AGENCIES.get(
        agency_name, (agency_name, "department", "weihai", "11371000000000000X"))
    agency = AgencySpec(agency_name, short, level, area, portal)
    found = re.search(r"(\d{4})年", title)
    if not found:
        raise SeedError(f"{path}: no title with a reporting year (not a seed report)")
    year = int(found.group(1))

    paragraphs: dict[int, list[str]] = {}
    headings: dict[int, str] = {}
    tables: dict[str, TableValues] = {}
    signature: list[str] = []
    truth = GroundTruth()
    raw_text = path.read_text(encoding="utf-8")
    layout = LayoutOptions(bookmarks="[bookmark:" in raw_text, ideographic_space="\t\u3000" in raw_text)
    section, i = 0, title_end
    variant_found: str | None = None
    fmt_found: str | None = None
    while i < len(lines):
        line = lines[i]
        if section == 6 and _is_signature(lines, i, agency_name):
            signature = [lines[i].strip(), lines[i + 1].strip()]
            _read_displaced(lines[i + 2:], tables, truth)
            layout.tables_displaced = bool(tables)
            break
        if line.startswith("\t"):
            table, i = _read_table(lines, i)
            kind = _classify(table)
            if kind is not None:
                paragraphs.setdefault(section, []).append(f"[table: {kind}]")
            if kind == APPLICATIONS:
                tables[kind], variant_found = _applications(table)
            elif kind == REVIEW:
                tables[kind] = _review(table)
            elif kind == ACTIVE:
                tables[kind], fmt_found = _active(table)
            else:  # a chart rendered as text: prose, never cells
                paragraphs.setdefault(section, []).extend("\t" + "\t".join(r) for r in table.rows)
            continue
        heading = _heading(line, section + 1)
        if heading is not None:
            images, text = heading
            paragraphs.setdefault(section, []).extend(images)
            section += 1
            headings[section] = text
        elif line.strip():
            paragraphs.setdefault(section, []).append(line)
        i += 1

    if any(IMAGE_MARK.search(p) for s in (2, 4) for p in paragraphs.get(s, [])) and not tables:
        # seed 000: the tables are pictures whose numbers the text does not give
        truth.image_tables = [ACTIVE, REVIEW]
        truth.notes.append("tables pasted as pictures; numbers unknown without OCR")
    fmt = fmt_found or ("2021" if "〔2021〕30号" in "".join(paragraphs.get(0, []))
                        or year >= 2021 else "2019")
    variant = variant_found or ("2021" if fmt == "2021" else "2019")
    return ReportSpec(
        agency=agency, year=year, format=fmt, variant=variant, title=title,
        paragraphs=paragraphs, tables=tables, headings=headings, signature=signature,
        layout=layout, truth=truth, slug=path.stem,
        portal_url=(re.findall(r"https?://[\w./-]+", "".join(paragraphs.get(0, []))) or [""])[0],
    )


def _title_end(lines: list[str]) -> int:
    for i, line in enumerate(lines):
        if "报告" in line and len(line.strip()) < 60:
            return i + 1
    return 0


def _heading(line: str, number: int) -> tuple[list[str], str] | None:
    """(image markers glued before it, heading text) if ``line`` is heading ``number``."""
    if number > 6:
        return None
    images = [m.group(0) for m in IMAGE_MARK.finditer(line)]
    text = IMAGE_MARK.sub("", line).strip()
    if re.match(rf"^({CN_NUMERALS[number - 1]}|{number})、", text) and len(text) < 40:
        return images, text
    return None


def _is_signature(lines: list[str], i: int, agency_name: str) -> bool:
    return (lines[i].strip() == agency_name and i + 1 < len(lines)
            and bool(DATE_LINE.match(lines[i + 1])))


def _read_table(lines: list[str], i: int) -> tuple[_Table, int]:
    """Rows of tab-indented cells from line ``i``; returns the table and the next line index."""
    table = _Table(start_line=i)
    row: list[str] = []
    blanks = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("\t"):
            if blanks and row:
                table.rows.append(row)
                row = []
            row.append(line[1:])
            blanks = 0
        elif not line.strip():
            blanks += 1
        elif row and blanks <= 1 and _continues(lines, i):
            # an untabbed line inside a cell: the label was broken over lines
            row[-1] += "\n" + line
            blanks = 0
        else:
            break
        i += 1
    if row:
        table.rows.append(row)
    return table, i


def _continues(lines: list[str], i: int) -> bool:
    """An untabbed run continues a cell when the next non-empty line after it is a cell and
    no heading comes first (a heading ends the table)."""
    for line in lines[i:]:
        if line.startswith("\t"):
            return True
        if line.strip() and HEADING_LIKE.match(IMAGE_MARK.sub("", line)):
            return False
    return False


def _classify(table: _Table) -> str | None:
    text = table.text()
    if "行政复议" in text and "行政诉讼" in text:
        return REVIEW
    if "本年新收" in text or "勾稽" in text:
        return APPLICATIONS
    if "第二十条" in text or "规章" in text:
        return ACTIVE
    return None


def _printed(text: str) -> Value:
    """A cell as printed: number, blank (None), or the text itself (e.g. "　0", "—")."""
    if text == "" or not text.strip():
        return None
    if NUMERIC.match(text):
        return float(text) if "." in text else int(text)
    return text


def _is_value(text: str) -> bool:
    stripped = re.sub(r"\s", "", text)
    return stripped == "" or bool(NUMERIC.match(stripped)) or stripped in {"—", "-", "/", "－"}


def _data_rows(table: _Table, width: int) -> list[list[str]]:
    """Rows ending in ``width`` value cells after at least one label cell."""
    return [
        r[-width:] for r in table.rows
        if len(r) > width and all(_is_value(c) for c in r[-width:])
        and any(c.strip() and not _is_value(c) for c in r[:-width])
    ]


def _applications(table: _Table) -> tuple[TableValues, str]:
    rows = _data_rows(table, len(APPLICATION_COLUMN_KEYS))
    variant = "2021" if len(rows) == len(application_rows("2021")) else "2019"
    keys = [r.key for r in application_rows(variant)]
    if len(rows) != len(keys):
        raise SeedError(f"applications table: {len(rows)} data rows, expected {len(keys)}")
    return {k: dict(zip(APPLICATION_COLUMN_KEYS, map(_printed, row)))
            for k, row in zip(keys, rows)}, variant


def _review(table: _Table) -> TableValues:
    width = len(REVIEW_ROW_KEYS) * len(REVIEW_COLUMN_KEYS)
    numbers = next((r for r in table.rows if len(r) == width and all(_is_value(c) for c in r)),
                   None)
    if numbers is None:
        raise SeedError(f"review_litigation table: no row of {width} numbers")
    return {
        row_key: dict(zip(REVIEW_COLUMN_KEYS, map(_printed, numbers[k * 5:(k + 1) * 5])))
        for k, row_key in enumerate(REVIEW_ROW_KEYS)
    }


def _active(table: _Table) -> tuple[TableValues, str]:
    rows = [r for r in table.rows if len(r) > 1 and r[0].strip() and not _is_value(r[0])
            and all(_is_value(c) for c in r[1:])]
    fmt = "2019" if len(rows) == len(active_rows("2019")) else "2021"
    canon = active_rows(fmt)
    if len(rows) != len(canon):
        raise SeedError(f"active_disclosure table: {len(rows)} data rows, expected {len(canon)}")
    return {row.key: dict(zip(row.columns, map(_printed, r[1:]))) for row, r in zip(canon, rows)}, fmt


def _read_displaced(lines: list[str], tables: dict, truth: GroundTruth) -> None:
    """Fragments of table 三 after the signature (seed 003): a group header （三）/（四）/（五）,
    then ``N.`` numbering lines; the N-th sub-row of the group is the N-th canonical row of that
    group. Only rows with all seven numbers are kept; shorter ones are recorded as partial."""
    groups = {"（三）": DENIED, "（四）": UNABLE, "（五）": NOT_PROCESSED}
    group, row_index, numbers = None, None, []
    found: list[tuple[str, int, list[str]]] = []

    def flush() -> None:
        if group and row_index is not None:
            found.append((group, row_index, list(numbers)))

    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        prefix = next((p for p in groups if line.startswith(p)), None)
        if prefix or re.match(r"^[一二三四]、", line):
            flush()
            group, row_index, numbers = groups.get(prefix), None, []
        elif re.match(r"^\d+\.(?!\d)", line):
            flush()
            row_index, numbers = int(line.split(".")[0]), []
        elif NUMERIC.match(line) and row_index is not None:
            numbers.append(line)
    flush()
    width = len(APPLICATION_COLUMN_KEYS)
    for group_label, index, values in found:
        members = [r.key for r in APPLICATION_ROWS if r.group == group_label]
        if not 1 <= index <= len(members):
            continue
        key = members[index - 1]
        if len(values) == width:
            tables.setdefault(APPLICATIONS, {})[key] = dict(
                zip(APPLICATION_COLUMN_KEYS, map(_printed, values)))
        else:
            truth.partial_rows[key] = list(APPLICATION_COLUMN_KEYS)
    if found:
        truth.notes.append("table 三 displaced after the signature; partial rows are missing")
        # only fragments of table 三 are printed: most rows really are absent, so CELL-06
        # rightly fails (report-format.md §6: the extraction cannot deliver the format)
        truth.broken.append(("CELL-06", APPLICATIONS))


def load_seeds(directory: str | Path) -> list[ReportSpec]:
    return [load_seed(p) for p in sorted(Path(directory).glob("*.txt"))]
