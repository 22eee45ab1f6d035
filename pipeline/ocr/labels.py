"""Table labels read by their first characters and completed from the national template.

The template fixes every label a statistics table prints (its rows, group rows, column
headers, table 三's note), so a label needs only the characters that tell it from the others:
``（三）不予`` can only be ``（三）不予公开``, ``1.属于国`` only ``1.属于国家秘密``. Reading a
long label whole (two or three wrapped lines side by side) cost most of table 三's OCR time;
its first characters cost a fifth of that. A reading is completed only when exactly one
template label starts with it; an ambiguous or unknown beginning is read whole, so a label
the template does not know is never replaced (its row then stays unmatched, as it would).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline import template as T
from pipeline.tables.normalize import norm_label, squash

#: the first line of a label cell is read this many of its line heights wide (a Chinese
#: character is about one line height wide; ``1.`` about one): numbering plus 4–5 characters,
#: enough to tell every template label from the others
PREFIX_EMS = 5.0
#: a completion without the numbering (printed 1、 for the template's 1.) needs this many
#: characters of the label itself; with the numbering, this many after it
MIN_BARE_CHARS = 3
MIN_NUMBERED_CHARS = 2
#: a table is taken for a template table, and its labels completed, only when this many of
#: its label cells complete (a picture of some other table gets its labels read whole)
MIN_COMPLETED = 3
#: how far a completed label's printed width may be from the cell's ink width (its share)
FIT_SLACK = 0.2
SETTINGS = (f"labels/em{PREFIX_EMS}/bare{MIN_BARE_CHARS}/num{MIN_NUMBERED_CHARS}"
            f"/min{MIN_COMPLETED}/fit{FIT_SLACK}")


#: 1、 1) 1， printed for the template's 1.
_DIGIT_NUMBERING = re.compile(r"^(\d{1,2})[、,)]")


@lru_cache(maxsize=1)
def template_labels() -> tuple[str, ...]:
    """Every label the three statistics tables print, as the templates print it (with its
    numbering)."""
    texts = [f"{n}{label}" for n, label, _ in T.APPLICATION_GROUPS]
    texts += [f"{r.numbering}{r.label}" for r in T.APPLICATION_ROWS]
    texts += [c.label for c in T.APPLICATION_COLUMNS]
    # the header cell often prints the note under 申请人情况: read whole, that one cell
    # was a tenth of a screenshot's table 三
    texts += [T.APPLICANT_GROUP, T.APPLICATIONS_HEADER, T.APPLICATIONS_HEADER_NOTE,
              T.APPLICATIONS_HEADER + T.APPLICATIONS_HEADER_NOTE,
              T.LEGAL_PERSON_SUBTOTAL_LABEL]
    texts += [T.ITEM_HEADER] + [T.ART20_CAPTION.format(item=v) for v in T.ART20_ROMAN.values()]
    texts += [c.label for c in T.ACTIVE_COLUMNS_2021 + T.ACTIVE_COLUMNS_2019]
    texts += [r.label for r in T.ACTIVE_ROWS_2021 + T.ACTIVE_ROWS_2019]
    texts += [T.REVIEW_GROUP, T.LITIGATION_GROUP]
    texts += [c.label for c in T.REVIEW_COLUMNS] + [r.label for r in T.REVIEW_ROWS]
    return tuple(dict.fromkeys(texts))


@lru_cache(maxsize=1)
def _keys() -> tuple[tuple[str, str, str], ...]:
    return tuple((squash(t), norm_label(t), t) for t in template_labels())


def _starting(reading: str, read: int) -> list[str]:
    """Template labels longer than ``reading`` that start with it: with its numbering if that
    matches, else by the label alone (numbering printed otherwise, or not at all). Only labels
    longer than the ``read`` characters: the cell goes on after them (申请人情况 cut from
    申请人情况（本列数据…） is not the label 申请人情况)."""
    numbered, bare = _DIGIT_NUMBERING.sub(r"\1.", squash(reading)), norm_label(reading)
    if not bare:
        return []
    if bare != numbered.replace('"', "").replace("'", ""):  # the reading has a numbering
        found = list(dict.fromkeys(t for s, _, t in _keys()
                                   if s.startswith(numbered) and len(s) > read))
        if found:
            return found if len(bare) >= MIN_NUMBERED_CHARS else []
    if len(bare) < MIN_BARE_CHARS:
        return []
    return list(dict.fromkeys(t for s, n, t in _keys() if n.startswith(bare) and len(s) > read))


def complete(reading: str, ems: float | None = None) -> str | None:
    """The one template label that begins with ``reading``, the first characters of a label
    cell that goes on after them (their last character may be one the cut went through, so
    the reading is tried without it too); None when no label or more than one starts so, or
    when the label would not fill the ``ems`` line heights of ink the whole cell holds (a
    cell printing 申请人情况（本列数据…） is not 申请人情况, one printing only （二）部分公开
    is not the template's long label)."""
    text = reading.strip()
    for attempt in (text, text[:-1]):
        found = _starting(attempt, len(squash(text)))
        if len(found) == 1:
            return found[0] if ems is None or fits(found[0], ems) else None
        if found:
            return None  # ambiguous: a shorter reading is only more so
    return None


def width_in_ems(text: str) -> float:
    """How wide ``text`` prints, in character heights: Chinese and full-width forms one,
    digits, Latin letters and ASCII punctuation about half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def fits(label: str, ems: float) -> bool:
    """Could ``label`` be the ink of ``ems`` line heights (wrapped lines added up)?"""
    return abs(width_in_ems(label) - ems) <= FIT_SLACK * ems + 1


def is_label(reading: str) -> bool:
    """Is ``reading`` (a whole cell) one of the template's labels, numbering apart?"""
    bare = norm_label(reading)
    return bool(bare) and any(bare == n for _, n, _ in _keys())


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
