"""datasette-dashboards configuration: the archive at a glance."""

from __future__ import annotations


def chart(db: str, title: str, query: str, display: dict, library: str = "vega-lite") -> dict:
    return {"title": title, "db": db, "query": query, "library": library, "display": display}


#: coverage colours that mean what they show: present green, late amber, missing red
STATUS_LABELS = {"present": "按期 present", "late": "逾期 late", "missing": "缺失 missing"}
STATUS_SCALE = {"domain": list(STATUS_LABELS.values()),
                "range": ["#4e9a5f", "#e0a030", "#c0392b"]}
STATUS_LABEL_SQL = "CASE status " + " ".join(
    f"WHEN '{k}' THEN '{v}'" for k, v in STATUS_LABELS.items()) + " ELSE status END"
#: axis titles, Chinese first
TITLES = {"year": "年度 Year", "reports": "年报数 Reports", "agencies": "机关数 Agencies",
          "check_id": "检查 Check", "instances": "次数 Instances",
          "received": "新收申请 Received", "format": "格式 Format", "status": "状态 Status"}


def bar(x: str, y: str, color: str | None = None, x_type: str = "ordinal",
        scale: dict | None = None) -> dict:
    enc = {"x": {"field": x, "type": x_type, "title": TITLES.get(x, x)},
           "y": {"field": y, "type": "quantitative", "title": TITLES.get(y, y)}}
    if color:
        enc["color"] = {"field": color, "type": "nominal", "title": TITLES.get(color, color),
                        **({"scale": scale} if scale else {})}
    return {"mark": {"type": "bar", "tooltip": True}, "encoding": enc}


def DASHBOARDS(db: str) -> dict:  # noqa: N802 (reads like the constant it stands for)
    return {
        "overview": {
            "title": "年报档案概览 / Archive overview",
            "description": "Reports per year, coverage status, failing checks by id and "
                           "applications received.",
            "layout": [["reports-per-year", "coverage-status"],
                       ["failing-checks", "applications-received"]],
            "charts": {
                "reports-per-year": chart(
                    db, "每年年报数 / Reports per year",
                    "SELECT year, format, COUNT(*) AS reports FROM reports WHERE is_current = 1 "
                    "AND year IS NOT NULL GROUP BY year, format ORDER BY year",
                    bar("year", "reports", "format")),
                "coverage-status": chart(
                    db, "按期、逾期、缺失 / Present, late, missing",
                    f"SELECT year, {STATUS_LABEL_SQL} AS status, COUNT(*) AS agencies "
                    "FROM coverage GROUP BY year, status",
                    bar("year", "agencies", "status", scale=STATUS_SCALE)),
                "failing-checks": chart(
                    db, "未通过的检查 / Failing checks by id",
                    # the (check_id, status) index answers this without touching rows
                    "SELECT check_id, COUNT(*) AS instances FROM checks WHERE status = 'fail' "
                    "GROUP BY check_id ORDER BY instances DESC",
                    bar("check_id", "instances")),
                "applications-received": chart(
                    db, "本年新收申请 / Applications received",
                    # one range of the (table, row, col) index, then each report by key
                    "SELECT r.year, SUM(c.value) AS received FROM cells c "
                    "CROSS JOIN reports r ON r.report_id = c.report_id "
                    "WHERE c.table_id = 'applications' AND c.row_key = 'new_received' "
                    "AND c.col_key = 'total' AND r.is_current = 1 GROUP BY r.year ORDER BY r.year",
                    {"mark": {"type": "line", "point": True, "tooltip": True},
                     "encoding": {"x": {"field": "year", "type": "ordinal",
                                        "title": TITLES["year"]},
                                  "y": {"field": "received", "type": "quantitative",
                                        "title": TITLES["received"]}}}),
            },
        }
    }
