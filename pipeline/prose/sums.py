"""Internal sums stated in prose (N-10): "共 N 条，其中 a 条、b 条…", "N 件（a 件，b 件）".

A list counts as a partition only when it has two or more parts and every part carries the
total's unit (a part may omit it): "9182条，其中会议30次、文件25件" lists examples, not parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.prose.text import CN_NUMERAL, fold, parse_number, sentences

UNIT = r"(件|条|个|起|宗|次|场|期|份|人次|家)"
NUM = r"(\d+(?:\.\d+)?|" + CN_NUMERAL + r")"
ITEM = re.compile(r"^([^\d%]*?[^\d%,、;。()]?)" + NUM + UNIT + r"?$")
MARKER = re.compile(r"其中|含|包括")
TOTAL = re.compile(NUM + UNIT)
LATER_TOTAL = re.compile(r"(?:为|合计|共计|总计)[^,;。\d]{0,8}?" + NUM + UNIT)
NOT_PART = re.compile(r"较|同比|增加|增长|下降|减少|%")


@dataclass
class ProseSum:
    total: float | int
    unit: str | None
    parts: list[float | int] = field(default_factory=list)
    text: str = ""
    section: int | None = None


def _items(text: str) -> list[tuple[float | int, str | None]] | None:
    """Parts of a list such as ``网站信息4325条、微信信息3330条``; None if any item is not one."""
    text = text.strip(",、:;。)")
    separator = "、" if re.search(r"^[^,]*、", text) else ","
    if separator == "、":
        text = re.split(r"[,;]", text)[0]  # the 、 list ends at the next clause
    items = []
    for item in text.split(separator):
        m = ITEM.match(item.strip())
        if not m or not m.group(1) or NOT_PART.search(item):
            return None
        value = parse_number(m.group(2))
        if value is None:
            return None
        items.append((value[0], m.group(3)))
    return items if len(items) >= 2 else None


def _same_unit(unit: str | None, items: list[tuple[float | int, str | None]]) -> bool:
    units = {u for _, u in items if u}
    return bool(units) and units <= {unit}


def _outside_parens(text: str) -> str:
    """The text with every (complete) parenthetical blanked out, positions kept."""
    out, depth = [], 0
    for ch in text:
        depth += ch == "("
        out.append(ch if depth == 0 else " ")
        depth -= ch == ")" and depth > 0
    return "".join(out)


def _last_total(text: str) -> tuple[float | int, str] | None:
    matches = list(TOTAL.finditer(_outside_parens(text)))
    if not matches:
        return None
    value = parse_number(matches[-1].group(1))
    return (value[0], matches[-1].group(2)) if value else None


def _marker_sums(folded: str, previous: str) -> list[tuple[tuple, list]]:
    found = []
    for m in MARKER.finditer(folded):
        before = folded[: m.start()]
        open_paren = before.rfind("(")
        inside = open_paren > before.rfind(")")
        end_chars = ")。" if inside else "。"
        rest = folded[m.end():]
        stop = min((rest.find(c) for c in end_chars if c in rest), default=len(rest))
        items = _items(rest[:stop])
        if items is None:
            continue
        head = before[:open_paren] if inside else before
        total = _last_total(head) if head.strip(",:") else _last_total(previous)
        if total and _same_unit(total[1], items):
            found.append((total, items))
    return found


def _paren_sums(folded: str) -> list[tuple[tuple, list]]:
    found = []
    for m in re.finditer(NUM + UNIT + r"\(([^()]*)\)", folded):
        items = _items(m.group(3))
        value = parse_number(m.group(1))
        if items and value and _same_unit(m.group(2), items):
            found.append(((value[0], m.group(2)), items))
    return found


def _later_total_sums(folded: str, paragraph: str) -> list[tuple[tuple, list]]:
    """"共承办建议3件、提案3件……办理结果为A类6件": the parts first, the total later."""
    found = []
    for m in re.finditer(r"共[^,;。\d、]{0,6}?([^,;。]*、[^,;。]*)", folded):
        items = _items(m.group(1))
        if not items:
            continue
        later = LATER_TOTAL.search(paragraph, paragraph.find(m.group(0)) + len(m.group(0)))
        value = parse_number(later.group(1)) if later else None
        if value and _same_unit(later.group(2), items):
            found.append(((value[0], later.group(2)), items))
    return found


def read_sums(paragraphs: list[tuple[str, int | None]]) -> list[ProseSum]:
    sums: list[ProseSum] = []
    for text, section in paragraphs:
        folded_paragraph = fold(text)
        previous = ""
        for sentence in sentences(text):
            folded = fold(sentence)
            for (total, unit), items in (_marker_sums(folded, previous) + _paren_sums(folded)
                                         + _later_total_sums(folded, folded_paragraph)):
                sums.append(ProseSum(total, unit, [v for v, _ in items], sentence.strip(), section))
            previous = folded
    return sums
