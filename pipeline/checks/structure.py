"""S-01…S-10, S-12: the structure of one document (report-format.md §6.7).

S-11 (similarity with other reports) needs other documents and is not assessed here.
"""

from __future__ import annotations

import re
from datetime import date

from pipeline import template as T
from pipeline.evidence import Evidence
from pipeline.model import Check, Report
from pipeline.prose import Prose
from pipeline.prose.text import fold, sentences, years_named
from pipeline.prose.sections import images_in_section

COMPARISON = re.compile(r"同比|相比|较上|上年度|上一年|以来|比上年|对比")
FEE_STATEMENT = re.compile(r"信息处理费|收费|收取")
#: default deadlines (Art. 49) by agency level when the archive has none configured
LEVEL_DEADLINES = {"department": "01-31", "government": "03-31", "city": "03-31",
                   "county": "03-31"}
GOVERNMENT = "人民政府"


def _s01(prose: Prose) -> list[Check]:
    return [Check("S-01", "pass" if s.present else "fail", str(s.number),
                  message=s.heading if s.present else
                  f"section {s.number} ({T.SECTION_HEADINGS[s.number]}) not found")
            for s in prose.sections]


def _s02(report: Report, evidence: Evidence, prose: Prose) -> list[Check]:
    checks = []
    for table_id, number in T.TABLE_SECTION.items():
        span = prose.sections[number - 1]
        found = [f for f in evidence.tables if f.table_id == table_id]
        inside = [f for f in found if span.present and span.start <= f.block_index < span.end]
        if not span.present:
            status, message = "fail", "section missing"
        elif inside and report.tables.get(table_id):
            status, message = "pass", f"{table_id} under its heading"
        elif found:
            status, message = "fail", "displaced"
        elif prose.layout and images_in_section(evidence.document, prose.layout, number):
            status, message = "fail", "image_only"
        else:
            status, message = "fail", "empty"
        checks.append(Check("S-02", status, str(number), message=message))
    return checks


def _s03(prose: Prose) -> list[Check]:
    if not prose.sections[4].present:
        return []
    text = fold("".join(prose.section_texts.get(5, [])))
    ok = len(text) >= 10 and text.strip("。") != "无"
    return [Check("S-03", "pass" if ok else "warn", "5", None, len(text),
                  "section 五 has content" if ok else "section 五 is empty or says 无")]


def _s04(report: Report, prose: Prose) -> list[Check]:
    if not report.year or report.year < 2021:
        return []
    stated = any(FEE_STATEMENT.search(t) for t in prose.section_texts.get(6, []))
    return [Check("S-04", "pass" if stated else "warn", "6",
                  message="section 六 states the 信息处理费" if stated
                  else "section 六 has no 信息处理费 statement")]


def _s05(report: Report) -> list[Check]:
    if not report.year or not report.period:
        return [Check("S-05", "not_assessable", None, message="year or statistics period unknown")]
    want = {"start": f"{report.year}-01-01", "end": f"{report.year}-12-31"}
    ok = report.period == want
    return [Check("S-05", "pass" if ok else "fail", None, report.year,
                  int(report.period["start"][:4]),
                  f"period {report.period['start']} – {report.period['end']}")]


def _s06(report: Report, prose: Prose) -> list[Check]:
    if not report.year:
        return []
    checks = []
    for number, texts in sorted(prose.section_texts.items()):
        stale = [s for t in texts for s in sentences(t)
                 if report.year - 1 in years_named(s) and not COMPARISON.search(s)]
        checks.append(Check("S-06", "warn" if stale else "pass", str(number), None,
                            len(stale), f"names {report.year - 1}: {stale[0].strip()[:60]}"
                            if stale else "no stale year"))
    return checks


def _s07(report: Report, prose: Prose) -> list[Check]:
    notice, year, fmt = prose.cited_notice, report.year, report.format
    if notice == T.NOTICE_2021:
        ok, why = fmt == "2021" and (year or 2021) >= 2021, "cites 〔2021〕30号"
    elif notice == T.NOTICE_2019:
        ok, why = fmt == "2019" and year in (2019, 2020), "cites 〔2019〕60号"
    elif notice is None:
        ok, why = year in (2019, 2020) and fmt in ("2019", "unknown"), "cites no notice"
    else:
        ok, why = False, f"cites {notice}"
    return [Check("S-07", "pass" if ok else "warn", None,
                  message=f"{why}; {fmt} layout; {year} report")]


def _deadline(report: Report, evidence: Evidence) -> str | None:
    ctx = evidence.agency_context
    if ctx.get("deadline"):
        return str(ctx["deadline"])
    return LEVEL_DEADLINES.get(str(ctx.get("level", "")))


def _s08(report: Report, evidence: Evidence, prose: Prose) -> list[Check]:
    published = report.published_date or prose.published_date
    deadline = _deadline(report, evidence)
    if not published or not deadline or not report.year:
        missing = "publication date" if not published else "configured deadline"
        return [Check("S-08", "not_assessable", None, message=f"no {missing}")]
    try:
        due = date.fromisoformat(f"{report.year + 1}-{deadline}")
        ok = date.fromisoformat(published[:10]) <= due
    except ValueError:
        return [Check("S-08", "not_assessable", None,
                      message=f"unreadable date: published {published!r}, deadline {deadline!r}")]
    signature = prose.published_date_source == "signature" and published == prose.published_date
    note = ", provisional (signature date)" if signature else ""
    return [Check("S-08", "pass" if ok else "warn", None, None, None,
                  f"published {published}, due {due.isoformat()}{note}")]


def _s09(report: Report, prose: Prose) -> list[Check]:
    if not report.agency or GOVERNMENT not in report.agency:
        return []
    text = fold("".join(t for texts in prose.section_texts.values() for t in texts))
    said = {w: w in text for w in ("考核", "社会评议", "责任追究")}
    return [Check("S-09", "info", None, message="; ".join(
        f"{w} {'mentioned' if ok else 'not mentioned'}" for w, ok in said.items()))]


def _s10(prose: Prose) -> list[Check]:
    if not prose.layout:
        return []
    checks = []
    for number, printed in sorted(prose.layout.printed_numbers.items()):
        problems = [] if printed == number else [f"section {number} numbered {printed}"]
        restarts = prose.layout.restarts.get(number, [])
        if restarts:
            problems.append(f"top-level numbering restarts inside: {restarts[0]}")
        checks.append(Check("S-10", "warn" if problems else "pass", str(number), number, printed,
                            "; ".join(problems) or "numbering in order"))
    return checks


def _s12(report: Report, evidence: Evidence) -> list[Check]:
    expected = evidence.agency_context.get("expected_agency")
    if not expected:
        return []
    if not report.agency:  # nothing read to compare: a reading gap, not a wrong agency
        return [Check("S-12", "not_assessable", None,
                      message=f"expected {expected}, no agency read from the title")]
    ok = fold(str(expected)) == fold(report.agency)
    return [Check("S-12", "pass" if ok else "fail", None,
                  message=f"expected {expected}, title names {report.agency}")]


def structure_checks(report: Report, evidence: Evidence, prose: Prose) -> list[Check]:
    common = (_s05(report) + _s08(report, evidence, prose) + _s09(report, prose)
              + _s12(report, evidence))
    if report.format == "legacy":  # a free-form outline: the six-section rules do not apply
        return common
    return (_s01(prose) + _s02(report, evidence, prose) + _s03(prose) + _s04(report, prose)
            + _s06(report, prose) + _s07(report, prose) + _s10(prose) + common)
