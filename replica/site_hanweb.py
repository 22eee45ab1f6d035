"""Hanweb list shapes of the replica beyond plain article columns (issue 15).

- wip: its 信息公开年报 page is itself a jpage list whose records are the year sub-columns
  (``/col/colN/index.html``, no date); the year columns are linked from nowhere else.
- rongcheng: its one 信息公开年报 column is the longest list, 60 records: beside some reports
  their 解读 (interpretation), published the same day, as real one-column portals do; an
  edit deep in it (position 40) is what the rolling revalidation must find.
- weihai: a 部门信息公开 jpage directory of 28 bodies (15 in the page's XML island, the rest
  only through ``dataproxy.jsp`` windows) → each body's catalogue ``?vc_xxgkarea=CODE`` → its
  年报 node → the module page of the latest year → year tabs to the other years. Its module
  reports are reachable only this way.
The truth stays the corpus: these shapes only change how the same reports are reached.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING
from datetime import datetime, timedelta

from replica import site_pages as P
from replica.corpus import Agency, Article, Report
from replica.roster import CITY_BUREAUS
from replica.site_model import Column, Portal

if TYPE_CHECKING:
    from replica.site import Site

DIRECTORY_SIZE = 28
LONG_LIST = 60
#: bodies of the directory that publish no report here (a directory lists every body)
_MORE_BODIES = ("机关事务服务中心", "大数据中心", "地方金融监督管理局", "人民防空办公室",
                "城市管理局", "海洋发展局", "行政审批服务局", "外事办公室", "信访局", "档案馆",
                "住房公积金管理中心", "供销合作社联合社", "投资促进中心", "港口发展中心")
#: nodes of an agency catalogue other than 年报: catalogue pages the spider must not walk
_NODES = (("A01", "机构职能"), ("A02", "政策文件"), ("A03", "规划计划"), ("A05", "财政资金"))


def add_list_shapes(site: Site) -> None:
    for portal in site.portals.values():
        if portal.name == "wip":
            _year_index(site, portal)
        elif portal.name == "weihai" and portal.module:
            _directory(site, portal)
        elif portal.name == "rongcheng":
            _interpretations(site, portal)


def _year_index(site: Site, portal: Portal) -> None:
    years = sorted((c for c in portal.columns.values()
                    if c.id != portal.news_col and c.name.endswith("年")), key=lambda c: c.name,
                   reverse=True)
    for col in years:
        col.hidden = True
    index = Column(site.corpus.ids.column_id(2026), "信息公开年报",
                   " >政府信息公开>信息公开目录>管委信息公开>信息公开年报")
    index.links = [(f"/col/col{c.id}/index.html", c.name) for c in years]
    portal.columns[index.id] = index


def _interpretations(site: Site, portal: Portal) -> None:
    """The 解读 of every few reports of the portal's longest column, until it holds LONG_LIST
    records (never reports: the recogniser must judge them so)."""
    col = max(portal.columns.values(), key=lambda c: len(c.items))
    reports = [i for i in col.items if isinstance(i, Report)]
    wanted = max(0, LONG_LIST - len(col.items))
    step = max(1, len(reports) // max(wanted, 1))
    for n, report in enumerate(reports[::step][:wanted]):
        when = report.published + timedelta(minutes=20)
        item = Article(3 * 10**5 + n, portal.name, f"《{report.title}》解读", when,
                       site.corpus.ids.article_id(when), col.id)
        site.corpus.articles.append(item)
        col.items.append(item)
        portal.articles[site.article_path(item)] = item
    col.sort()


def _directory(site: Site, portal: Portal) -> None:
    bodies = {r.agency.area: r.agency.name for r in portal.module.values()}
    taken = set(bodies.values())
    extra = [f"威海市{n}" for n in (*CITY_BUREAUS, *_MORE_BODIES) if f"威海市{n}" not in taken]
    for i, name in enumerate(extra[:max(0, DIRECTORY_SIZE - len(bodies))]):
        bodies[f"11371000MB{710000 + i:06d}X"] = name
    # listed by name, as a directory is: reporting bodies land in the island and in the windows
    col = Column(site.corpus.ids.column_id(2026), "部门信息公开", " > 政府信息公开 > 部门信息公开")
    col.links = [(f"/col/col{portal.catalog_col}/index.html?vc_xxgkarea={area}", name)
                 for area, name in sorted(bodies.items(), key=lambda b: (b[1], b[0]))]
    portal.columns[col.id] = col
    portal.directory = bodies


def nav_record(href: str, title: str) -> str:
    """A jpage record that points at a column or catalogue: no date, the name as title."""
    return f'<li><a href="{href}" target="_blank" title="{P.E(title)}">{P.E(title)}</a></li>'


def directory_catalogue(site: Site, portal: Portal, area: str) -> str | None:
    """An agency catalogue with a node tree; only its 年报 node leads to reports."""
    name = portal.directory.get(area)
    if name is None:
        return None
    years = sorted((y for (a, y) in portal.module if a == area), reverse=True)
    latest = years[0] if years else max(y for _a, y in portal.module)
    base = f"/col/col{portal.catalog_col}/index.html?vc_xxgkarea={area}"
    nodes = [f'<li><a href="{base}&amp;number={code}">{label}</a></li>' for code, label in _NODES]
    nodes.insert(3, f'<li class="nb"><a href="/module/xxgk/xxgkAnnualReport.jsp?area={area}'
                    f'&amp;fbtime={latest}">年报</a></li>')
    body = (f'<div class="xxgk-head">{P.E(name)}</div>'
            f'<div class="xxgk-tree"><ul>{"".join(nodes)}</ul></div>'
            f"<div id=\"div1\"><script>loadDynamic('/module/xxgk/search.jsp?area={area}', 'div1');"
            "</script></div>")
    return P.page(f"{name}_{portal.title}", "", body)


def year_tabs(portal: Portal, area: str, current: int) -> str:
    """The year selector of a module page on a directory portal: every year the body has."""
    if area not in getattr(portal, "directory", {}):
        return ""
    years = sorted((y for (a, y) in portal.module if a == area), reverse=True)
    tabs = "".join(f'<a href="/module/xxgk/xxgkAnnualReport.jsp?area={area}&amp;fbtime={y}"'
                   f'{" class=on" if y == current else ""}>{y}年</a>' for y in years)
    return f'<div class="nb-years">{tabs}</div>'


def publish_module(site: Site) -> str:
    """Publish, late, a module report the truth had as missing for a body of the directory:
    a new year for it changes its catalogue's 年报 node and its module pages' year tabs, not
    the directory. Returns its real-domain URL."""
    with site.lock:
        portal = next(p for p in site.portals.values() if p.directory)
        spec = next(s for s in site.corpus.missing if s.agency.portal == portal.name
                    and s.agency.area_code in portal.directory
                    and (s.agency.area_code, s.year) not in portal.module)
        spec = copy.deepcopy(spec)
        spec.truth.missing, spec.truth.late = False, True
        when = datetime(2026, 3, 3, 10, 0, 0)
        report = Report(2 * 10**5 + len(site.corpus.reports), portal.name,
                        Agency(portal.name, spec.agency.name, spec.agency.area_code),
                        spec.year, when, "module", "html", late=True, spec=spec)
        site.corpus.reports.append(report)
        portal.module[(spec.agency.area_code, spec.year)] = report
        site.add_files(portal, report)
        return (f"http://{portal.domain}/module/xxgk/xxgkAnnualReport.jsp"
                f"?area={spec.agency.area_code}&fbtime={spec.year}")
