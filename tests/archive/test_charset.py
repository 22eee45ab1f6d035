"""Issue 17 case 5 through `xxgk process`: an article page whose template declares UTF-8 while
the report was pasted in GB18030 (as the replica's `gbk` fault serves it) becomes a report with
the same tables as the honest page, and the charset switch is a stored warning."""

from __future__ import annotations

from archive.process import process_archive
from replica.render.page import render_html_page


def test_page_declared_utf8_served_gb18030_is_processed_not_lost(archive, seed_paths):
    from replica.seeds import load_seed

    spec = load_seed(next(p for p in seed_paths if p.name.startswith("001")))
    page = render_html_page(spec).decode("utf-8")
    assert "charset=utf-8" in page
    archive.add_capture(page.encode("utf-8"), "http://www.wip.gov.cn/art/honest.html",
                        content_type="text/html; charset=UTF-8")
    archive.add_capture(page.encode("gb18030"), "http://www.wip.gov.cn/art/lying.html",
                        content_type="text/html; charset=UTF-8")
    summary = process_archive(archive.db, archive.raw, archive.cfg["deadlines"])
    assert summary.errors == [] and summary.new_reports == 2, summary.line()
    db = archive.db
    rows = {url: rid for url, rid in db.execute("SELECT source_url, report_id FROM reports")}
    assert set(rows) == {"http://www.wip.gov.cn/art/honest.html",
                         "http://www.wip.gov.cn/art/lying.html"}

    def cells(report_id):
        return sorted(db.execute("SELECT table_id, row_key, col_key, value FROM cells "
                                 "WHERE report_id = ?", [report_id]).fetchall())

    honest, lying = (rows[f"http://www.wip.gov.cn/art/{n}.html"] for n in ("honest", "lying"))
    assert cells(lying) == cells(honest) and len(cells(honest)) > 100
    warnings = [w for (w,) in db.execute("SELECT text FROM warnings WHERE report_id = ?",
                                         [lying])]
    assert any("declares charset utf-8" in w and "GB18030" in w for w in warnings), warnings
