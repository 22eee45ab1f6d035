"""The agency page: every year of one agency (coverage, deadline, versions, failing checks)
and a trend of its headline totals, drawn as an SVG on the server (no script needed)."""

from __future__ import annotations

from html import escape

from archive.views import DEADLINE_STATUS, DUE_DATE

HEADLINE = ("(SELECT value FROM cells x WHERE x.report_id = r.report_id "
            "AND x.table_id = 'applications' AND x.row_key = '{row}' AND x.col_key = 'total' "
            "AND x.semantic = 'number')")
AGENCY = ("SELECT agency_id, name, level, area_code, portal, deadline FROM agencies "
          "WHERE agency_id = ?")
#: the coverage view's rule for one agency: the view itself builds every agency × year before
#: filtering (its LIMIT keeps the first page streaming), so the page asks by agency directly
YEARS = f"""SELECT y.year, CASE WHEN r.report_id IS NULL THEN 'missing'
            WHEN {DEADLINE_STATUS} = 'late' THEN 'late' ELSE 'present' END AS status,
       (SELECT COUNT(*) FROM reports o WHERE o.agency_id = a.agency_id AND o.year = y.year
         AND o.is_current = 1) AS reports,
       r.published_date, CASE WHEN r.report_id IS NOT NULL THEN {DUE_DATE} END AS due_date,
       (SELECT COUNT(*) FROM checks k WHERE k.report_id = r.report_id AND k.status = 'fail')
         AS failing_checks,
       r.report_id, r.title, r.format,
       (SELECT COUNT(*) FROM report_versions v WHERE v.source_url = r.source_url) AS versions,
       {HEADLINE.format(row="new_received")} AS new_received,
       {HEADLINE.format(row="results_total")} AS results_total
FROM agencies a CROSS JOIN archive_years y
LEFT JOIN reports r ON r.report_id = (
  SELECT p.report_id FROM reports p WHERE p.agency_id = a.agency_id AND p.year = y.year
   AND p.is_current = 1 ORDER BY p.published_date LIMIT 1)
LEFT JOIN deadline_rules d ON d.level = a.level
WHERE a.agency_id = ? ORDER BY y.year"""
OTHER_REPORTS = """SELECT report_id, year, title, is_current, first_seen FROM reports
WHERE agency_id = ? ORDER BY year, first_seen"""

#: colours that mean what they show: present neutral green, late amber, missing red
STATUS_COLOURS = {"present": "#4e9a5f", "late": "#e0a030", "missing": "#c0392b"}
SERIES = (("new_received", "本年新收 received", "#3b6ea8"),
          ("results_total", "办理结果总计 handled", "#8e5ea2"))


async def load_agency(db, agency_id: int) -> dict | None:
    found = (await db.execute(AGENCY, [agency_id])).rows
    if not found:
        return None
    years = [dict(r) for r in (await db.execute(YEARS, [agency_id])).rows]
    reports = [dict(r) for r in (await db.execute(OTHER_REPORTS, [agency_id])).rows]
    return {"agency": dict(found[0]), "years": years, "reports": reports,
            "chart": trend_svg(years)}


def trend_svg(years: list[dict], width: int = 640, height: int = 240) -> str:
    """Lines of the headline totals by year, and a coverage strip coloured by status."""
    if not years:
        return ""
    left, right, top, bottom = 48, 16, 28, 56
    values = [y[k] for y in years for k, _, _ in SERIES if y[k] is not None]
    top_value = max(values, default=0) or 1
    step = (width - left - right) / max(1, len(years) - 1)

    def x(i: int) -> float:
        return left + (i * step if len(years) > 1 else (width - left - right) / 2)

    def y(v: float) -> float:
        return top + (height - top - bottom) * (1 - v / top_value)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="trend 趋势" class="trend">',
             f'<line x1="{left}" y1="{y(0)}" x2="{width - right}" y2="{y(0)}" stroke="#999"/>',
             f'<text x="4" y="{y(top_value) + 4}" font-size="11">{top_value:g}</text>',
             f'<text x="4" y="{y(0) + 4}" font-size="11">0</text>']
    for n, (key, label, colour) in enumerate(SERIES):
        points = [(x(i), y(row[key])) for i, row in enumerate(years) if row[key] is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                         f'points="{path}"/>')
        parts += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>'
                  for px, py in points]
        parts.append(f'<text x="{left + n * 200}" y="14" font-size="12" fill="{colour}">'
                     f'■ {escape(label)}</text>')
    for i, row in enumerate(years):
        colour = STATUS_COLOURS.get(row["status"], "#999")
        parts.append(f'<rect x="{x(i) - 14:.1f}" y="{height - bottom + 14}" width="28" '
                     f'height="10" fill="{colour}"><title>{escape(row["status"])}</title></rect>')
        parts.append(f'<text x="{x(i):.1f}" y="{height - bottom + 40}" font-size="11" '
                     f'text-anchor="middle">{row["year"]}</text>')
    parts.append("</svg>")
    return "".join(parts)
