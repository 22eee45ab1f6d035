"""Non-reports found in report columns are refused with the reason (issue 17, last bullet).

The documents come from replica/nonreports.py: the compiling notice, a 政府信息公开指南 and the
blank statistics form, each as a text layer and as a portal article page.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.extract import ExtractError, extract_bytes
from replica.nonreports import blank_form, disclosure_guide, notice_about_reports
from replica.render.page import wrap_page


def _kinds(seed_specs) -> dict[str, str]:
    spec = seed_specs["001"][1]
    return {"notice": notice_about_reports(spec.year, "威海市人民政府办公室"),
            "guide": disclosure_guide(spec.agency.name, spec.year),
            "form": blank_form(spec)}


def _page(text: str) -> bytes:
    body = "".join(f"<p>{line}</p>" for line in text.split("\n"))
    page = wrap_page(body, title=text.split("\n")[0], published=datetime(2024, 1, 20))
    return page if isinstance(page, bytes) else page.encode("utf-8")


@pytest.mark.parametrize("kind", ["notice", "guide", "form"])
@pytest.mark.parametrize("shape", ["text", "page"])
def test_non_report_is_refused_with_its_reason(seed_specs, kind, shape):
    text = _kinds(seed_specs)[kind]
    data = text.encode("utf-8") if shape == "text" else _page(text)
    name = f"{kind}.{'txt' if shape == 'text' else 'html'}"
    with pytest.raises(ExtractError) as error:
        extract_bytes(data, path=name, agency_context={"portal": "wendeng"},
                      page_meta={"published_date": "2024-01-20"})
    message = str(error.value)
    assert message.startswith(f"{name}: not an annual report:") and "\n" not in message


def test_the_blank_form_keeps_every_label_and_no_number(seed_specs):
    form = blank_form(seed_specs["001"][1])
    assert "行政规范性文件" in form and "申请人情况" in form and "行政复议" in form
    assert not any(ch.isdigit() for line in form.split("\n") if line.strip() in ("", "\t")
                   for ch in line)
    assert all(not line.strip("\t ").isdigit() for line in form.split("\n"))


def test_reports_without_numbers_are_still_reports(seed_specs, rendered):
    """Seed 000 keeps its tables in pictures: read with OCR off it has no number, but all six
    sections, so it is a report whose cells are unread, not a non-report."""
    report = extract_bytes(rendered["000"]["docx"].read_bytes(), path="000.docx", ocr=False)
    assert sum(s.present for s in report.sections) == 6
    assert report.agency == seed_specs["000"][1].agency.name
