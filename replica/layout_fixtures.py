"""PDF fixtures from generated table layouts, in the forms real producers export: ruled tables,
no rulings with cells flush left (Word/LibreOffice), no rulings with cells centred (WPS), and
another CJK font. Each PDF gets ``<name>.truth.json``: the printed text of every statistics
cell by canonical keys (``replica.render.layouts.layout_truth``)."""

from __future__ import annotations

import json
from pathlib import Path

from replica.render.layout_office import render_docx, soffice_convert_many
from replica.render.layouts import layout_truth, report_layouts

#: form name -> render_docx options
PDF_FORMS = {"ruled": {"ruled": True}, "unruled": {"ruled": False},
             "unruled-centred": {"ruled": False, "centred": True},
             "unruled-mono": {"ruled": False, "font": "WenQuanYi Zen Hei Mono"}}


def write_layout_pdfs(out: Path, count: int, seed: int = 0) -> list[Path]:
    """``count`` layouts (table 三 alternating 2019/2021) in every form of ``PDF_FORMS``;
    returns the PDFs written (one LibreOffice start for all of them)."""
    out.mkdir(parents=True, exist_ok=True)
    jobs = [(f"layout-{seed + i:04d}-{form}", report_layouts(seed + i, "2021" if i % 2 else "2019"),
             options) for i in range(count) for form, options in PDF_FORMS.items()]
    pdfs = soffice_convert_many([render_docx(layouts, filler_lines=25, **options)
                                 for _, layouts, options in jobs], ".docx", "pdf")
    written = []
    for (name, layouts, _), pdf in zip(jobs, pdfs):
        path = out / f"{name}.pdf"
        path.write_bytes(pdf)
        (out / f"{name}.truth.json").write_text(
            json.dumps({"tables": layout_truth(layouts)}, ensure_ascii=False, indent=1),
            encoding="utf-8")
        written.append(path)
    return written
