"""Renderers: pure functions of a ``ReportSpec`` to DOCX, HTML, text and PNG bytes."""

from __future__ import annotations

from replica.render.docx import render_docx
from replica.render.html import render_html_fragment
from replica.render.page import render_html_page, wrap_page
from replica.render.png import render_table_png
from replica.render.text import render_text

__all__ = ["PORTAL_STYLES", "render", "render_docx", "render_html_fragment", "render_html_page", "render_table_png",
           "render_text", "wrap_page"]

#: the page template each portal's article pages follow (portals.md §5.4)
PORTAL_STYLES = {"wendeng": "wendeng", "rushan": "rushan", "rongcheng": "rongcheng",
                 "wip": "wip", "whctp": "wip", "eweihai": "wip", "weihai": "weihai",
                 "tjj": "weihai", "huancui": "module"}


def render(spec) -> tuple[bytes, str]:
    """A spec in the medium it is meant for: (bytes, file extension)."""
    if spec.medium == "docx":
        return render_docx(spec), ".docx"
    style = PORTAL_STYLES.get(spec.agency.portal, "module")
    return render_html_page(spec, portal_style=style,
                            charset="gbk" if spec.layout.gbk else "utf-8"), ".html"
