"""Render a spec in the seeds' text convention (what a DOCX/PDF text layer gives).

Cells one per line, tab-indented; a label broken over lines continues untabbed; a blank line
between rows; the empty continuation of a vertically merged cell prints as a bare tab; pictures
as ``[image: …]`` and Word bookmarks as ``[bookmark: …]`` glued to the text.
"""

from __future__ import annotations

from replica.render.grid import continuations, table_grids
from replica.spec import ReportSpec


def image_name(payload: str) -> str:
    """File name of a pictured table: "table:applications" -> "table_applications.png"."""
    return payload.replace(":", "_") + ".png"


def render_text(spec: ReportSpec) -> str:
    out: list[str] = []
    for kind, payload in spec.blocks():
        if kind == "title":
            out.append(payload)
        elif kind == "table":
            for rows in table_grids(spec, payload):
                out.append("")
                out.extend(_table_lines(rows))
                out.append("")
        elif kind == "image":
            out.append(f"[image: {image_name(payload)}]")
        else:
            out.append(payload)
        if kind == "title" and payload == spec.title_lines()[-1]:
            out.append("")
    return "\n".join(out) + "\n"


def _table_lines(rows) -> list[str]:
    lines: list[str] = []
    for r, row in enumerate(continuations(rows)):
        if r:
            lines.append("")
        for _, cell, anchored in row:
            if not anchored:
                lines.append("\t")
                continue
            text = f"[bookmark: {cell.bookmark}]{cell.text}" if cell.bookmark else cell.text
            first, *rest = text.split("\n")
            lines.append("\t" + first)
            lines.extend(rest)
    return lines
