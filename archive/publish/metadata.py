"""Datasette metadata generated from code: the template's keys and labels, the check catalogue,
units, facets, canned queries and dashboards. Written to JSON by `xxgk serve`."""

from __future__ import annotations

from html import escape

from archive.publish.dashboards import DASHBOARDS
from archive.publish.queries import QUERIES
from archive.views import views
from pipeline.checks.catalogue import CATALOGUE
from pipeline.template import (
    ACTIVE_COLUMNS_2019, ACTIVE_COLUMNS_2021, ACTIVE_ROWS_2019, ACTIVE_ROWS_2021,
    APPLICATION_COLUMNS, APPLICATION_ROWS, APPLICATION_SUBTOTALS, REVIEW_COLUMNS, REVIEW_ROWS,
    SECTION_HEADINGS,
)

#: the one search box, on the home page and on `reports` (archive/publish/search.py)
SEARCH_FORM = ("<form class='xxgk-search' action='/-/search' method='get'>"
               "<input type='search' name='q' placeholder='机关、词语 agency, word (文登, 复议…)' "
               "size='36'> <input type='submit' value='检索 Search'></form>")
LICENSE = "CC BY 4.0 (archive); source documents: public government information"
SOURCE = "政府信息公开工作年度报告, Hanweb JCMS portals of Weihai (山东省威海市) agencies"


def key_table(title: str, rows) -> str:
    body = "".join(f"<tr><td><code>{escape(k)}</code></td><td>{escape(label)}</td>"
                   f"<td>{escape(unit)}</td></tr>" for k, label, unit in rows)
    return (f"<details><summary>{escape(title)}</summary><table><tr><th>key</th><th>标签</th>"
            f"<th>unit</th></tr>{body}</table></details>")


def keys_html() -> str:
    active_cols = {c.key: c for c in ACTIVE_COLUMNS_2021 + ACTIVE_COLUMNS_2019}
    parts = [
        key_table("applications rows (表三 收到和处理政府信息公开申请情况)",
                  [(r.key, f"{r.numbering}{r.label}" + (f" [{r.variant}]" if r.variant != "both"
                                                         else ""), "件")
                   for r in APPLICATION_ROWS]
                  + [(k, "derived: " + " + ".join(v), "件")
                     for k, v in APPLICATION_SUBTOTALS.items()]),
        key_table("applications columns (申请人情况)",
                  [(c.key, (c.group + "·" if c.group else "") + c.label, c.unit)
                   for c in APPLICATION_COLUMNS]),
        key_table("review_litigation rows / columns (表四 行政复议、行政诉讼)",
                  [(r.key, (r.group + "·" if r.group else "") + r.label, "") for r in REVIEW_ROWS]
                  + [(c.key, c.label, c.unit) for c in REVIEW_COLUMNS]),
        key_table("active_disclosure rows (表二 主动公开, 第二十条)",
                  [(r.key, f"{r.label} (第二十条第{r.art20_item}项, {r.variant})", "")
                   for r in ACTIVE_ROWS_2021 + ACTIVE_ROWS_2019]),
        key_table("active_disclosure columns",
                  [(k, c.label, c.unit) for k, c in active_cols.items()]),
    ]
    return "".join(parts)


def checks_html() -> str:
    return key_table("check ids (report-format.md §6)",
                     [(cid, f"{e['title_zh']} — {e['title_en']}", f"scope: {e['scope']}")
                      for cid, e in CATALOGUE.items()])


def table_metadata() -> dict:
    sections = ", ".join(f"{n} {h}" for n, h in SECTION_HEADINGS.items())
    return {
        "reports": {
            "title": "年报 / Reports",
            "description_html": SEARCH_FORM + "One row per archived report document (report_id = "
                                "sha256 of the source). Each report_id leads to the report "
                                "page (tables as printed, checks, previous year). 每份年报一行。",
            "facets": ["year", "format", "applications_variant", "is_current", "source_kind"],
            "sort_desc": "year",
            "columns": {
                "report_id": "sha256 of the document the tables came from",
                "format": "layout of table 二: 2021 (〔2021〕30号) or 2019 (〔2019〕60号)",
                "applications_variant": "2021: three 其他处理 sub-rows; 2019: one row",
                "published_date": "发布日期 (publication date)",
                "published_date_source": "page (portal 发布日期) or document (signature date)",
                "is_current": "1 = the version its URL served last (by capture time)",
                "cell_count": "number of table cells read as numbers",
                "content_hash": "sha256 of what the report says (a new body with the same is "
                                "no new version)",
                "text": "full text (searchable, trigram)",
            },
        },
        "cells": {
            "title": "表格单元格 / Table cells (long form)",
            "description_html": "Every cell of the three national tables: value, the raw text as "
                                "printed, semantic (number, empty, na, text, missing), unit and "
                                "locator." + keys_html(),
            # no default facets: on millions of cells each would cost a full scan per page view
            "facets": [],
            "columns": {"value": "number read from the cell (blank stays null)",
                        "raw": "text as printed", "semantic": "number/empty/na/text/missing",
                        "unit": "件, 个, 项 or 万元", "locator": "where in the document",
                        "art20_item": "第二十条 item of the row (表二)"},
        },
        "checks": {
            "title": "检查结果 / Check results",
            "description_html": "One row per check instance. Review a failing check with a row "
                                "in check_reviews (same report_id, check_id, scope, inputs_hash)."
                                + checks_html(),
            "facets": ["status", "check_id"],
        },
        "check_catalogue": {"title": "检查目录 / Check catalogue", "facets": ["family", "level"]},
        "check_reviews": {"title": "人工复核 / Human reviews", "facets": ["human_status"]},
        "agencies": {"title": "机关 / Agencies", "facets": ["level", "rule_making_power"],
                     "label_column": "name"},
        "sections": {"title": "章节 / Sections", "description": sections, "facets": ["number"]},
        "claims": {"title": "正文数字 / Numbers claimed in the prose", "facets": ["key"]},
        "documents": {"title": "文档 / Archived documents looked at",
                      "facets": ["outcome", "media_type"],
                      "columns": {"outcome": "report, companion, not_report, error, or "
                                             "sighting: new bytes of an unchanged report",
                                  "report_id": "the report it produced, accompanies or shows"}},
        "report_versions": {"title": "版本 / Versions of a report address",
                            "columns": {"version": "1, 2, … in the order the address served "
                                                   "them; the last is current",
                                        "returned": "1 = the address went back to the "
                                                    "report of an earlier row (an edit taken "
                                                    "back)"}},
        "coverage": {"title": "覆盖情况 / Coverage: agency × year",
                     "facets": ["status", "year", "level"]},
        "deadlines": {"title": "发布期限 / Art. 49 deadlines", "facets": ["status", "year"]},
        "failing_checks": {"title": "未通过的检查 / Failing checks",
                           "facets": ["check_id", "year", "review_status"]},
        "applications_wide": {"title": "表三（宽表）/ Applications, wide"},
        "applications_harmonized": {"title": "表三（统一口径）/ Applications, harmonised"},
        "active_disclosure_wide": {"title": "表二（宽表）/ Active disclosure, wide"},
        "review_litigation_wide": {"title": "表四（宽表）/ Review and litigation, wide"},
        "check_disagreements": {
            "title": "检查复算不一致 / Stored checks the SQL views disagree with (must be empty)",
            "description_html": "Each stored check is recomputed by its check_* view when "
                                "<code>xxgk process</code> stores it; a row here is a check "
                                "whose stored status differs from the view's, or that has no "
                                "view instance (view_status null). 入库时复算，应为空。",
            "facets": ["check_id"],
        },
        "carry_over_reconciliation": {"title": "结转核对 / Carry-over reconciliation"},
        "pending_archive_checks": {
            "title": "待复算的跨年检查 / Reports whose archive checks are still to compute",
            "description_html": "Written with each stored report and emptied once "
                                "<code>xxgk process</code> has computed its cross-year and "
                                "cross-agency checks; rows left here after a run mean it "
                                "stopped before them, and the next run computes them. "
                                "通常为空。",
        },
    }


def build_metadata(db_name: str, files_dir: str, warc_dir: str = "") -> dict:
    return {
        "title": "政府信息公开工作年度报告档案 / xxgk-archive",
        "description_html": (
            SEARCH_FORM + "<p>威海市各机关《政府信息公开工作年度报告》的存档、表格数据与勾稽检查。</p>"
            "<p>Annual reports on government information disclosure: every archived original, "
            "the statistics of the three national tables by canonical key, and every check. "
            "Start with <a href='/-/dashboards'>the dashboards</a>, the "
            f"<a href='/{db_name}/coverage'>coverage matrix</a> or "
            f"<a href='/{db_name}/failing_checks'>failing checks</a>.</p>"),
        "license": LICENSE,
        "source": SOURCE,
        "databases": {
            db_name: {
                "title": "年报档案 / The archive",
                "tables": table_metadata(),
                "queries": QUERIES,
            }
        },
        "plugins": {
            "datasette-dashboards": DASHBOARDS(db_name),
            "xxgk-originals": {"files_dir": files_dir, "warc_dir": warc_dir, "database": db_name,
                               "nocount": ["cells", "checks", *views()]},
        },
    }
