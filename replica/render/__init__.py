"""Renderers: pure functions of a ``ReportSpec`` to DOCX, HTML, text and PNG bytes."""

from __future__ import annotations

from replica.render.docx import render_docx
from replica.render.html import render_html_fragment
from replica.render.page import render_html_page, wrap_page
from replica.render.png import render_table_png
from replica.render.text import render_text

__all__ = ["render_docx", "render_html_fragment", "render_html_page", "render_table_png",
           "render_text", "wrap_page"]
