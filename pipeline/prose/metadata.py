"""Report metadata from the opening of the document: title, agency, year, period, notice, URLs.

Sources in order (report-format.md §6.7): the portal page (``Document.page_meta``) for title and
publication date, then the document itself; the signature date is only a provisional
publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.prose.text import fold

TITLE_LINE = re.compile(r"((?:19|20)\d\d)年度?政府信息公开工作(?:年度)?报告")
PERIOD = re.compile(
    r"统计(?:期限|时限|时间|区间|周期)[^。]{0,12}?(?:自|从)?((?:19|20)\d\d)年(\d{1,2})月(\d{1,2})日"
    r"(?:起)?(?:至|到|—|-|~)((?:19|20)\d\d年)?(\d{1,2})月(\d{1,2})日")
#: 国办公开办函〔2021〕30号 with any bracket the authors typed ({2021}, [2021], (2021))
NOTICE = re.compile(r"(国办公开办函)?[〔\[{(（【]((?:19|20)\d\d)[〕\]})）】](\d+)号")
KNOWN_NOTICES = {("2019", "60"), ("2021", "30")}
URL = re.compile(r"https?://[A-Za-z0-9.\-_~/%?=&#:+]+", re.ASCII)
#: longest line taken as one part of a title printed on two lines
TITLE_PART = 40
DATE_LINE = re.compile(r"^((?:19|20)\d\d)年(\d{1,2})月(\d{1,2})日$")


@dataclass
class Metadata:
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    period: dict | None = None
    cited_notice: str | None = None
    portal_urls: list[str] = field(default_factory=list)
    published_date: str | None = None
    published_date_source: str | None = None
    signature_date: str | None = None
    warnings: list[str] = field(default_factory=list)


#: spaces a text layer puts between digits and the characters around them ("2023 年")
_SPACED_DIGITS = re.compile(r"(?<=[\d〔〕\u3400-\u9fff（）])[ \t\u3000\xa0]+(?=[\d〔〕])"
                            r"|(?<=\d)[ \t\u3000\xa0]+(?=[\u3400-\u9fff〔〕（）])")
#: what an issuing body's name ends with (the signature block names it above the date)
AGENCY_SUFFIX = re.compile(r"(?:人民政府|政府办公室|办公室|办公厅|委员会|局|厅|办事处|管理委员会|"
                           r"中心|院|署|委|办|政府)$")
FILE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def despace(text: str) -> str:
    """Join digits to the characters around them: ``2023 年`` -> ``2023年``."""
    return _SPACED_DIGITS.sub("", text)


def iso(y: int | str, m: int | str, d: int | str) -> str:
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


#: a title line a converter puts after a page's navigation (html2text, markdownify)
TITLE_SCAN = 24
_LONE_YEAR = re.compile(r"^((?:19|20)\d\d)$")
_YEAR_GAP = re.compile(r"(?<![\d\s])\s*(?=年度?政府信息公开工作)")


def _with_moved_year(lines: list[str]) -> list[str]:
    """``乳山市…局 年政府信息公开工作年度`` / ``2019`` / ``报告``: a PDF whose digits are
    in another font gives pdfminer the year as a text box of its own, after the title line's
    other characters. The lone year goes back into the one gap before 年政府信息公开工作 of a
    short line just above it; nothing is moved where that gap is not the only one."""
    out = list(lines)
    for i, line in enumerate(lines[:8]):
        m = _LONE_YEAR.match(line.strip())
        if not m or i == 0:
            continue
        above = out[i - 1]
        if len(above.strip()) <= TITLE_PART and len(_YEAR_GAP.findall(above)) == 1 and \
                not re.search(r"\d\s*年度?政府信息公开工作", above):
            out[i - 1] = _YEAR_GAP.sub(m.group(1), above.rstrip())
            tail = out[i + 1].strip() if i + 1 < len(out) else ""
            out[i] = ""
            if tail in ("报告", "年度报告", "工作年度报告") and not TITLE_LINE.search(out[i - 1]):
                out[i - 1] += tail  # the title's last characters, wrapped after the year
                out[i + 1] = ""
    return [line for line in out if line.strip()]


def _title_alone(lines: list[str]) -> tuple[str | None, str | None, int | None]:
    """A short line further down that is a whole title by itself (after a page's menus)."""
    for line in lines[6:TITLE_SCAN]:
        text = line.strip()
        m = TITLE_LINE.search(text)
        if m and m.end() == len(text) and len(text) <= 60:
            return text, text[: m.start()].strip() or None, int(m.group(1))
    return None, None, None


def _title_opening_line(text: str, m: re.Match) -> str | None:
    """The title at the start of a long line, then a space and the rest of the page (html2text
    joins a layout cell's paragraphs): only an issuing body's name before it, never a sentence."""
    agency = text[: m.start()].strip()
    if m.end() < len(text) and not text[m.end()].isspace():
        return None
    if agency and (len(agency) > 40 or not AGENCY_SUFFIX.search(agency)
                   or re.search(r"[，。,;；《》：:]", agency)):
        return None
    return text[: m.end()]


def read_title(lines: list[str]) -> tuple[str | None, str | None, int | None]:
    """Title, agency, year from the first lines (title often on two: agency / year line)."""
    lines = _with_moved_year([despace(line) for line in lines])
    found = _title_in_first(lines)
    return found if found[0] else _title_alone(lines)


def _title_in_first(lines: list[str]) -> tuple[str | None, str | None, int | None]:
    for i, line in enumerate(lines[:6]):
        text = line.strip()
        m = TITLE_LINE.search(text)
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if not m and following and max(len(text), len(following)) <= TITLE_PART and \
                not TITLE_LINE.search(following):
            # one title wrapped anywhere over two lines (PDF text layers: "…2024年政府" /
            # "信息公开工作年度报告"); both parts short, so a body sentence is never joined
            text = text + following
            m = TITLE_LINE.search(text)
        if m and len(text) > 80:
            text = _title_opening_line(text, m)  # html2text: title glued to the page's text
        if not m or not text or len(text) > 80:
            continue
        agency = text[: m.start()].strip() or None
        if agency is None and i > 0 and lines[i - 1].strip() and len(lines[i - 1]) < 40:
            agency = lines[i - 1].strip()
            return f"{agency}{text}", agency, int(m.group(1))
        return text, agency, int(m.group(1))
    return None, None, None


def read_period(text: str) -> dict | None:
    m = PERIOD.search(fold(text))
    if not m:
        return None
    y1, m1, d1, y2, m2, d2 = m.groups()
    # "从2021年1月1日到12月31日止": the end year is the start year
    y2 = y2[:-1] if y2 else y1
    return {"start": iso(y1, m1, d1), "end": iso(y2, m2, d2)}


def read_notice(text: str) -> str | None:
    for m in NOTICE.finditer(fold(text)):
        prefix, year, number = m.groups()
        if prefix or (year, number) in KNOWN_NOTICES:
            return f"国办公开办函〔{year}〕{number}号"
    return None


def read_urls(text: str) -> list[str]:
    urls: list[str] = []
    for m in URL.finditer(text):
        url = m.group(0).rstrip(".,:;")
        if url not in urls:
            urls.append(url)
    return urls


def read_signature_date(lines: list[str]) -> str | None:
    """A line holding only a date, e.g. ``2024年1月22日`` under the agency name."""
    for line in lines:
        m = DATE_LINE.match(fold(despace(line)))
        if m:
            return iso(*m.groups())
    return None


def read_signature_agency(lines: list[str]) -> str | None:
    """The body named in the signature block: a short line just above the date line."""
    for i, line in enumerate(lines):
        if i and DATE_LINE.match(fold(despace(line))):
            name = fold(lines[i - 1])
            if 2 < len(name) <= 30 and AGENCY_SUFFIX.search(name) and "。" not in name:
                return name
    return None


def year_from_file_name(name: str | None) -> int | None:
    """A four-digit year in a file name (``2023年度报告.pdf``), only when exactly one."""
    years = set(FILE_YEAR.findall(name or ""))
    return int(years.pop()) if len(years) == 1 else None


def read_metadata(opening: list[str], after_sections: list[str],
                  page_meta: dict[str, str]) -> Metadata:
    """``opening``: cleaned lines before section 一; ``after_sections``: lines of section 六 on."""
    meta = Metadata()
    meta.title, meta.agency, meta.year = read_title(opening)
    page_title = (page_meta.get("title") or "").strip()
    if page_title:
        t, agency, year = read_title([page_title])
        meta.title = page_title
        meta.agency = meta.agency or agency
        meta.year = meta.year or year
    if meta.agency is None:
        meta.agency = read_signature_agency(after_sections)
        if meta.agency:
            meta.warnings.append("agency taken from the signature block")
    text = despace("\n".join(opening))
    meta.period = read_period(text)
    if meta.period is None:
        meta.warnings.append("no statistics period found in the opening")
    if meta.year is None and meta.period:
        meta.year = int(meta.period["start"][:4])
        meta.warnings.append("reporting year taken from the statistics period")
    if meta.year is None and year_from_file_name(page_meta.get("file_name")):
        meta.year = year_from_file_name(page_meta.get("file_name"))
        meta.warnings.append("reporting year taken from the file name")
    meta.cited_notice = read_notice(text)
    meta.portal_urls = read_urls(text)
    meta.signature_date = read_signature_date(after_sections)
    if page_meta.get("published_date"):
        meta.published_date = page_meta["published_date"]
        meta.published_date_source = page_meta.get("published_date_source", "page")
    elif meta.signature_date:
        meta.published_date = meta.signature_date
        meta.published_date_source = "signature"
    return meta
