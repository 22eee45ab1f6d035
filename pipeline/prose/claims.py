"""Numbers stated in the prose (report-format.md §6.6): claims keyed by ``CLAIM_KEYS``.

Each pattern is a claim *phrase* (verb/noun + number + unit), so phone numbers, postcodes,
house numbers, dates and document numbers never match: they carry no claim unit next to a claim
word. Matching runs on the folded sentence (NFKC, no whitespace); the claim keeps the sentence
as printed. None-statements (无…行政复议, 未收到…申请, 未收取…费) are claims of value 0 whose
text :func:`is_none_statement` recognises (N-08).
"""

from __future__ import annotations

import re

from pipeline.model import Claim
from pipeline.prose.text import CN_NUMERAL, clauses, fold, parse_number, sentences

NUM = r"(\d+(?:\.\d+)?万?(?:余|多)?|" + CN_NUMERAL + r")"
NONE_WORD = r"(?:无|未发生|未引起|未出现|未产生|没有|未有)"

#: key -> (pattern, unit group or fixed unit, sentence filter)
PHRASES: list[tuple[str, re.Pattern[str], str | None]] = [
    ("applications_received", re.compile(
        r"(?:收到|受理|接到|新收|收办|接收)[^,;。]{0,24}?申请[^,;。\d]{0,6}?" + NUM
        + r"(件|条|个|宗)"), None),
    ("applications_handled", re.compile(
        r"(?<!其他)(?<!不予)(?:办理并回复|办理并答复|办结|答复|回复|处理|办理)(?:了|完成)?" + NUM
        + r"(件)"), "申请"),
    ("applications_carried_forward", re.compile(
        NUM + r"(件)[^,;。]{0,4}?结?转(?:至|到|入)?下一?年度?"), None),
    ("applications_carried_forward", re.compile(
        r"结转(?:至|到|入)?下一?年度?[^,;。\d]{0,8}?" + NUM + r"(件)"), None),
    ("outcome_granted", re.compile(r"予以公开(?:的)?" + NUM + r"(件)"), "outcome"),
    ("outcome_partially_granted", re.compile(r"部分公开(?:的)?" + NUM + r"(件)"), "outcome"),
    ("outcome_denied", re.compile(r"不予公开(?:的)?" + NUM + r"(件)"), "outcome"),
    ("outcome_unable", re.compile(r"无法提供(?:的)?" + NUM + r"(件)"), "outcome"),
    ("outcome_not_processed", re.compile(r"不予处理(?:的)?" + NUM + r"(件)"), "outcome"),
    ("outcome_other", re.compile(r"其他处理(?:的)?" + NUM + r"(件)"), "outcome"),
    ("applicants_natural_person", re.compile(r"自然人(?:提出|申请)?(?:的申请)?" + NUM + r"(件)"),
     None),
    ("applicants_legal_person", re.compile(
        r"法人或其他组织(?:提出|申请)?(?:的申请)?" + NUM + r"(件)"), None),
    ("review_cases", re.compile(r"行政复议(?:案件|申请)?(?:共)?" + NUM + r"(件|起|宗)"), None),
    ("lawsuit_cases", re.compile(r"行政诉讼(?:案件)?(?:共)?" + NUM + r"(件|起|宗)"), None),
    ("normative_docs_in_force", re.compile(r"现行有效[^,;。\d]{0,10}?" + NUM + r"(件)"), None),
    ("info_processing_fee_yuan", re.compile(
        r"收取[^,;。]{0,30}?(?:信息处理费|费用)[^,;。\d]{0,4}?" + NUM + r"(元)"), None),
    ("info_published", re.compile(
        r"(?:发布|公开)[^,;。\d]{0,16}?信息(?:共计|共|总计)?" + NUM + r"(条)"), None),
]
OUTCOME_CONTEXT = re.compile(r"办理结果|答复|处理结果|办结")

NONE_PHRASES: list[tuple[str, re.Pattern[str]]] = [
    ("review_cases", re.compile(NONE_WORD + r"[^,;。\d]{0,30}?行政复议")),
    ("lawsuit_cases", re.compile(NONE_WORD + r"[^,;。\d]{0,30}?行政诉讼")),
    ("applications_received", re.compile(r"未(?:收到|受理|接到)[^,;。\d]{0,20}?申请")),
    ("info_processing_fee_yuan", re.compile(r"(?:未|没有|无|不)[^,;。\d]{0,20}?(?:收取|收费)")),
]
FEE_CONTEXT = re.compile(r"费")

COMPARE = r"(?:同比|较上一?年度?|比上一?年度?|与上一?年度?相比|较(?:19|20)\d\d年|与(?:19|20)\d\d年相比)"
CHANGE = r"(增长|增加|上升|提高|下降|减少|降低)了?"
YOY_PERCENT = re.compile(COMPARE + r"[^,;。\d]{0,6}?" + CHANGE + r"(\d+(?:\.\d+)?)%")
YOY_COUNT = re.compile(COMPARE + r"[^,;。\d]{0,6}?" + CHANGE + NUM + r"(件|条|个|次)")
DOWN = ("下降", "减少", "降低")


def is_none_statement(claim: Claim) -> bool:
    """True for a value-0 claim read from a 无/未… sentence rather than a printed 0."""
    return claim.value == 0 and any(
        key == claim.key and p.search(fold(claim.text)) for key, p in NONE_PHRASES)


def _claim(key: str, number: str, unit: str | None, text: str, section: int | None) -> Claim | None:
    parsed = parse_number(number)
    if parsed is None:
        return None
    value, approximate = parsed
    return Claim(key, value, unit, approximate, text.strip(), section)


def _context_window(folded: str, start: int, end: int) -> str:
    """The clause holding a match plus the clause before it: the subject of a 同比 phrase."""
    cuts = [m.end() for m in re.finditer(r"[,;。:()]", folded[:start])]
    begin = cuts[-2] if len(cuts) >= 2 else 0
    return folded[begin:end]


def sentence_claims(sentence: str, section: int | None, before: str = "") -> list[Claim]:
    """Claims of one sentence; ``before`` is the sentence preceding it in the paragraph (a
    "；办结N件" continues the request sentence before it)."""
    folded = fold(sentence)
    found: list[Claim] = []
    for key, pattern, context in PHRASES:
        if context == "申请" and "申请" not in folded + fold(before):
            continue
        if context == "outcome" and (not OUTCOME_CONTEXT.search(folded) or "文件" in folded):
            continue
        m = pattern.search(folded)
        if m and not any(c.key == key for c in found):
            claim = _claim(key, m.group(1), m.group(2), sentence, section)
            if claim:
                found.append(claim)
    for clause in clauses(folded):
        for key, pattern in NONE_PHRASES:
            if key == "info_processing_fee_yuan" and not FEE_CONTEXT.search(clause):
                continue
            if pattern.search(clause) and not any(c.key == key for c in found):
                found.append(Claim(key, 0, None, False, sentence.strip(), section))
    for m in YOY_PERCENT.finditer(folded):
        value = float(m.group(2))
        value = -value if m.group(1) in DOWN else value
        value = int(value) if value.is_integer() else value
        found.append(Claim("yoy_change_percent", value, "%", False,
                           _context_window(folded, m.start(), m.end()), section))
    for m in YOY_COUNT.finditer(folded):
        parsed = parse_number(m.group(2))
        if parsed:
            value = -parsed[0] if m.group(1) in DOWN else parsed[0]
            found.append(Claim("yoy_change_count", value, m.group(3), parsed[1],
                               _context_window(folded, m.start(), m.end()), section))
    return found


def read_claims(paragraphs: list[tuple[str, int | None]]) -> list[Claim]:
    """Claims of every (cleaned paragraph text, section number) in document order."""
    claims: list[Claim] = []
    for text, section in paragraphs:
        before = ""
        for sentence in sentences(text):
            claims.extend(sentence_claims(sentence, section, before))
            before = sentence
    return claims
