"""Session-cached binaries rendered from generated layouts (LibreOffice, pdftoppm, Chromium)."""

from __future__ import annotations

import shutil

import pytest

from replica.render import layout_office as render, layout_pictures as pictures
from replica.render.layouts import report_layouts

#: (seed, applications variant, repeat the header of table 三 on the next page)
REPORTS = [(11, "2021", False), (12, "2021", True), (13, "2019", False)]


def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is required by these tests (see README set-up)")


@pytest.fixture(scope="session")
def reports():
    """[(layouts, docx bytes)], table 三 pushed across a page break by the prose before it."""
    return [(report_layouts(seed, variant), render.render_docx(
        report_layouts(seed, variant), filler_lines=25, repeat_header=repeat))
        for seed, variant, repeat in REPORTS]


@pytest.fixture(scope="session")
def pdfs(reports):
    _need("soffice")
    return [(layouts, render.soffice_convert(docx, ".docx", "pdf")) for layouts, docx in reports]


@pytest.fixture(scope="session")
def docs(reports):
    _need("soffice")
    return [(layouts, render.soffice_convert(docx, ".docx", "doc")) for layouts, docx in reports]


@pytest.fixture(scope="session")
def table_pngs():
    """PNGs of table 三 (two variants) and table 四 rendered by headless Chromium."""
    _need("chromium")
    out = []
    for seed, variant in ((21, "2021"), (22, "2019")):
        layouts = report_layouts(seed, variant)
        out.append((layouts[1], pictures.screenshot_html(pictures.layout_html(layouts[1]))))
    layouts = report_layouts(23)
    out.append((layouts[2], pictures.screenshot_html(pictures.layout_html(layouts[2]), 1600)))
    return out
