"""Charts rendered as text (N-11): Office charts in a Word report come out as their data.

Two shapes occur: one line of k labels then k numbers (``予以公开 部分公开 无法提供 其他处理
1 2 2 1``), and a sheet with a header of series names and one line per category
(``办件量 系列 2 系列 3`` / ``2017 3 2.4 2``…). Series that Office inserted as placeholders
(named ``系列 n``/``Series n``, or holding the default values) are discarded with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.document import Document, Paragraph, TableBlock, TextTableBlock

PLACEHOLDER_NAME = re.compile(r"^(系列|Series)\s*\d+$", re.IGNORECASE)
#: the values Office puts into a freshly inserted chart (series 1, 2, 3)
PLACEHOLDER_VALUES = ([4.3, 2.5, 3.5, 4.5], [2.4, 4.4, 1.8, 2.8], [2.0, 2.0, 3.0, 5.0])
SPACED_TOKEN = re.compile(r"(?:系列|Series)\s*\d+|\S+", re.IGNORECASE)
NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
#: grids that are statistics tables, never charts
TABLE_WORDS = ("申请人情况", "行政复议", "信息内容", "本年新收")


@dataclass
class Chart:
    title: str
    categories: list[str]
    #: series name ("" for a one-line chart) -> values per category
    series: dict[str, list[float | int]] = field(default_factory=dict)


def _number(token: str) -> float | int:
    value = float(token)
    return int(value) if value.is_integer() else value


def _tokens(line: str) -> list[str]:
    """Cells of a chart line: tab-separated, or (HTML collapses tabs) space-separated with
    ``系列 2`` kept whole."""
    if "\t" in line:
        return [t.strip() for t in line.split("\t") if t.strip()]
    return SPACED_TOKEN.findall(line)


def _rows(doc: Document) -> list[tuple[int, list[str]]]:
    """(block index, tokens) of every line that could belong to a chart."""
    rows: list[tuple[int, list[str]]] = []
    for index, block in enumerate(doc.blocks):
        if isinstance(block, (Paragraph, TextTableBlock)):
            lines = block.lines if isinstance(block, TextTableBlock) else block.text.split("\n")
            if isinstance(block, TextTableBlock) and _statistics_table("".join(lines)):
                continue  # a statistics table's text, not a chart
            for line in lines:
                tokens = _tokens(line)
                if tokens:
                    rows.append((index, tokens))
        elif isinstance(block, TableBlock):
            if _statistics_table(block.grid.text()):
                continue
            for r, row in enumerate(block.grid.rows):
                tokens = [c.text.strip() for c_i, c in enumerate(row)
                          if c.is_anchor(r, c_i) and c.text.strip()]
                if tokens:
                    rows.append((index, tokens))
    return rows


def _statistics_table(text: str) -> bool:
    return any(word in text for word in TABLE_WORDS)


def _title(rows: list[tuple[int, list[str]]], i: int) -> str:
    for _, tokens in reversed(rows[:i]):
        text = " ".join(tokens)
        if len(tokens) == 1 and text.lower() != "sheet1" and not NUMBER.match(text):
            return text
    return ""


def _placeholder(name: str, values: list[float | int]) -> bool:
    return bool(PLACEHOLDER_NAME.match(name)) or [float(v) for v in values] in PLACEHOLDER_VALUES


def read_charts(doc: Document) -> tuple[list[Chart], list[str]]:
    rows = _rows(doc)
    charts: list[Chart] = []
    warnings: list[str] = []
    i = 0
    while i < len(rows):
        tokens = rows[i][1]
        labels = [t for t in tokens if not NUMBER.match(t)]
        numbers = [t for t in tokens if NUMBER.match(t)]
        k = len(labels)
        if k >= 2 and tokens == labels + numbers and len(numbers) == k:
            charts.append(Chart(_title(rows, i), labels, {"": [_number(n) for n in numbers]}))
            i += 1
            continue
        body = []
        j = i + 1
        while (k and not numbers and j < len(rows) and len(rows[j][1]) == k + 1
               and all(NUMBER.match(t) for t in rows[j][1][1:])):
            body.append(rows[j][1])
            j += 1
        if len(body) >= 2:
            series = {name: [_number(row[c + 1]) for row in body] for c, name in enumerate(labels)}
            title = _title(rows, i)
            dropped = [n for n, v in series.items() if _placeholder(n, v)]
            for name in dropped:
                del series[name]
            if dropped:
                warnings.append(f"chart “{title}”: discarded placeholder series "
                                + ", ".join(dropped))
            if series:
                charts.append(Chart(title, [row[0] for row in body], series))
            i = j
            continue
        i += 1
    return charts, warnings
