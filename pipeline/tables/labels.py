"""The labels each table is matched by, and the segmentation of label pieces into labels.

Built from ``pipeline.template`` (the single source of truth) plus the printed variants of
report-format.md §4 (合计 for 总计, 规范性文件, 社会公益 …). Matching is on ``norm_label`` keys
with a small edit distance, never on positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline import template as T
from pipeline.tables.normalize import allowed_typos, edit_distance, norm_label, squash


@dataclass(frozen=True)
class Label:
    #: "row", "group", "column", "caption" (第二十条…), "header" (信息内容), "subtotal" (小计)
    kind: str
    key: str
    text: str
    #: the group a row must sit under to be this row (only where the label alone is ambiguous)
    group: str | None = None


def _labels_applications() -> list[Label]:
    out = [Label("group", g, g) for _, g, _ in T.APPLICATION_GROUPS]
    for row in T.APPLICATION_ROWS:
        # "其他" alone is only other_other under （六）其他处理
        group = row.group if row.key == "other_other" else None
        out.append(Label("row", row.key, row.label, group))
    out += [Label("row", "results_total", "合计"),
            Label("row", "partially_granted", "部分公开"),
            Label("group", T.OTHER_HANDLING, "其他处理"),
            # a printed group-subtotal row (小计 under 不予公开 …): T3-04 input, never a row
            Label("subtotal", "subtotal", "小计")]
    return out


def _labels_active() -> list[Label]:
    out = [Label("header", "header", T.ITEM_HEADER)]
    for fmt, cols in (("2021", T.ACTIVE_COLUMNS_2021), ("2019", T.ACTIVE_COLUMNS_2019)):
        out += [Label("column", f"{fmt}:{c.key}", c.label) for c in cols]
    out.append(Label("column", "2021:amount_wan_yuan", "本年收费金额（万元）"))
    seen = set()
    for row in T.ACTIVE_ROWS_2021 + T.ACTIVE_ROWS_2019:
        if (row.key, row.label) not in seen:
            seen.add((row.key, row.label))
            out.append(Label("row", row.key, row.label))
    return out


LABELS = {T.APPLICATIONS: _labels_applications(), T.ACTIVE: _labels_active()}
_ART20_RE = re.compile(r"第二十条第\(?([一二三四五六七八九十]+)\)?项")
_ROMAN_ITEM = {v: k for k, v in T.ART20_ROMAN.items()}
#: longest label, in characters, plus the typo allowance: longer joins are never tried
_MAX_PIECES = 8


@lru_cache(maxsize=None)
def _index(table_id: str) -> tuple[dict[str, list[Label]], tuple[tuple[str, Label], ...]]:
    exact: dict[str, list[Label]] = {}
    for label in LABELS[table_id]:
        exact.setdefault(norm_label(label.text), []).append(label)
    return exact, tuple((norm_label(lab.text), lab) for lab in LABELS[table_id])


def lookup(table_id: str, text: str) -> list[Label]:
    """Labels of this table the text stands for (exact first, then up to a small typo)."""
    return _lookup(table_id, norm_label(text), text)


@lru_cache(maxsize=65536)
def _lookup(table_id: str, key: str, text: str) -> list[Label]:
    if not key:
        return []
    if table_id == T.ACTIVE:
        item = art20_item(text)
        if item is not None:
            return [Label("caption", str(item), text)]
    exact, all_labels = _index(table_id)
    if key in exact:
        return exact[key]
    return [lab for ref, lab in all_labels
            if len(ref) >= 5 and edit_distance(key, ref, allowed_typos(ref)) <= allowed_typos(ref)]


def art20_item(text: str) -> int | None:
    match = _ART20_RE.fullmatch(squash(text))
    return _ROMAN_ITEM.get(match.group(1)) if match else None


def segment(table_id: str, pieces: list[str]) -> list[tuple[Label, int, int]]:
    """Split label pieces (cells, or lines of one cell) into the labels they spell, left to
    right, longest join first: ``["3.", "危及", "“", "三安全一稳定", "”"]`` → one row label."""
    found: list[tuple[Label, int, int]] = []
    i = 0
    while i < len(pieces):
        for j in range(min(len(pieces), i + _MAX_PIECES), i, -1):
            labels = lookup(table_id, "".join(pieces[i:j]))
            if labels:
                found.append((labels[0] if len(labels) == 1 else _prefer(labels), i, j))
                i = j
                break
        else:
            i += 1
    return found


def _prefer(labels: list[Label]) -> Label:
    # a label that is both a group and a row (其他处理) is decided by the caller from context
    return next((lab for lab in labels if lab.kind == "group"), labels[0])
