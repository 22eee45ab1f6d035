"""What the replica publishes: portals and the annual reports of their agencies (the corpus truth).

Deterministic from a seed. The reports, and with them the agencies, come from the fixtures
generator (`replica.generate.generate_corpus`, whose agencies are `replica.roster`); the five
real seed reports (`replica/seeds/`) are published too, each on its portal for its year.
Bodies are rendered from each report's spec (``replica.content``).

Ids follow portals.md §1.2: one allocator for every host, article ids rising with the
publication date in the observed ranges, per-year column ids in the observed ranges.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

YEARS = list(range(2019, 2026))

#: name, real domain, site title, how reports are published (portals.md §2), unit id;
#: which agencies publish on a portal is the roster's business (`replica.roster`)
PORTALS = [
    ("weihai", "www.weihai.gov.cn", "威海市人民政府", "year_columns+module", 100041),
    ("wendeng", "www.wendeng.gov.cn", "威海市文登区人民政府", "year_columns", 299353),
    ("wip", "www.wip.gov.cn", "威海临港经济技术开发区", "year_columns", 151001),
    ("rushan", "www.rushan.gov.cn", "乳山市人民政府", "agency_columns", 70001),
    ("rongcheng", "www.rongcheng.gov.cn", "荣成市人民政府", "one_column+module", 56001),
    ("huancui", "www.huancui.gov.cn", "威海市环翠区人民政府", "module", 57001),
    ("whctp", "www.whctp.gov.cn", "威海火炬高技术产业开发区", "one_column", 149001),
]
#: not Hanweb; named only in seed 000's header, so reached by discovery (portals.md §2)
EWEIHAI = ("eweihai", "www.eweihai.gov.cn", "威海经济技术开发区")
#: portals on other platforms (replica/site_other.py): name, domain, title, platform;
#: tjj is a TRS WCM bureau sub-site served over https, eweihai an ASP.NET site nobody
#: wrote a spider for
OTHER_PORTALS = [
    ("tjj", "tjj.weihai.gov.cn", "威海市统计局", "trs"),
    (EWEIHAI[0], EWEIHAI[1], EWEIHAI[2], "aspx"),
]
#: the statistics bureau's series is always on its sub-site (the roster draw may skip it)
TJJ_AGENCY = "威海市统计局"
#: traditional-character copy of rongcheng (portals.md §9); must never be requested
COPYCAT = ("copycat", "www.jkzhuan.cn", "榮成市人民政府")

#: the real seeds were found on www.weihai.gov.cn, also those of the statistics bureau and of
#: the eweihai committee (portals.md §2, §11): seed 000 there names www.eweihai.gov.cn
SEED_SERVED_BY = {"tjj": "weihai", "eweihai": "weihai"}
TITLES = {name: title for name, _d, title, *_r in PORTALS}

#: the five real reports (portals.md §11); agency, portal and year come from the seed itself
SEEDS_DIR = Path(__file__).resolve().parent / "seeds"

#: article id ranges by publication month (portals.md §1.2), interpolated in between
_ID_ANCHORS = [(datetime(2019, 1, 1), 1_760_000), (datetime(2020, 1, 1), 2_260_000),
               (datetime(2021, 1, 1), 2_520_000), (datetime(2022, 1, 1), 2_790_000),
               (datetime(2023, 1, 1), 3_480_000), (datetime(2024, 1, 1), 4_300_000),
               (datetime(2025, 1, 1), 5_190_000), (datetime(2026, 1, 1), 6_090_000),
               (datetime(2027, 1, 1), 6_900_000)]
#: per-year report column ids by reporting year (portals.md §1.2, §2)
_COLUMN_BASE = {2019: 70_620, 2020: 75_240, 2021: 82_580, 2022: 120_400, 2023: 150_100,
                2024: 168_300, 2025: 182_990, 2026: 198_000}

NON_REPORT_TITLES = [
    "{y}年政务公开工作要点", "关于开展{y}年“政府开放日”活动的通知", "{name}政府信息公开指南",
    "{y}年政府信息公开工作年度报告编制培训会召开", "关于做好{y}年政府信息公开工作年度报告编制发布工作的通知",
    "{name}{y}年度部门预算公开", "{y}年政府信息公开工作年度报告解读",
]

#: decoys (issue 15): explainers of a report and other kinds of annual report, which carry the
#: words 年度报告 / 报告 and a reporting year; an explainer captions the report's six sections
DECOY_TITLES = [
    "图解：{name}{y}年政府信息公开工作年度报告", "一图读懂{name}{y}年政府信息公开工作年度报告",
    "{name}{y}年法治政府建设情况报告", "{name}{y}年政府网站工作年度报表",
]
EXPLAINER_BODY = ("<p>一、总体情况</p><p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>"
                  "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>五、存在的主要问题及改进情况</p>"
                  "<p>六、其他需要报告的事项</p><p>（图片）</p>")


@dataclass
class Agency:
    portal: str
    name: str
    area: str


@dataclass
class Report:
    uid: int
    portal: str
    agency: Agency
    year: int
    published: datetime
    channel: str  # column | module | agency_column
    form: str  # html | html+docx | docx | pdf | doc | picture
    seed: str | None = None
    late: bool = False
    edits: int = 0
    article_id: int = 0
    column_id: int = 0
    spec: Any = None  # the fixtures generator's ReportSpec (content and ground truth)

    @property
    def title(self) -> str:
        return self.spec.title.replace("\n", "")


@dataclass
class Article:
    """A non-report item in a report column (notices, guides, news about reports)."""
    uid: int
    portal: str
    title: str
    published: datetime
    article_id: int = 0
    column_id: int = 0
    year: int | None = None  # the reporting year a decoy names (weihai shows it as 内容分类)
    body: str = ""


@dataclass
class Corpus:
    reports: list[Report] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    missing: list[Any] = field(default_factory=list)  # specs the truth says are not published
    ids: IdAllocator | None = None


class IdAllocator:
    """One sequence for all hosts: ids rise with publication date, never repeat."""

    def __init__(self) -> None:
        self.used: set[int] = set()

    def article_id(self, when: datetime) -> int:
        for (d0, i0), (d1, i1) in zip(_ID_ANCHORS, _ID_ANCHORS[1:]):
            if d0 <= when < d1:
                frac = (when - d0) / (d1 - d0)
                candidate = int(i0 + frac * (i1 - i0))
                break
        else:
            candidate = _ID_ANCHORS[-1][1]
        while candidate in self.used:
            candidate += 1
        self.used.add(candidate)
        return candidate

    def column_id(self, year: int) -> int:
        candidate = _COLUMN_BASE.get(year, 60_000)
        while candidate in self.used:
            candidate += 1
        self.used.add(candidate)
        return candidate


def _publish_date(rng: random.Random, year: int, late: bool) -> datetime:
    start = datetime(year + 1, 4, 10) if late else datetime(year + 1, 1, 12)
    return start + timedelta(days=rng.randint(0, 40), hours=rng.randint(8, 17),
                             minutes=rng.randint(0, 59), seconds=rng.randint(0, 59))


def _channel(mechanism: str, year: int, index: int) -> str:
    if mechanism == "module":
        return "module"
    if mechanism == "agency_columns":
        return "agency_column"
    if mechanism == "one_column+module":  # the 2025 reports of a few agencies via the module
        return "module" if year == 2025 and index < 3 else "column"
    if mechanism == "year_columns+module":
        return "column" if index == 0 else "module"  # the city report in columns, bureaus by module
    return "column"


def _form(rng: random.Random, spec, channel: str) -> str:
    """How the report is published: an HTML article (maybe with its Word copy attached) or
    only an attachment (the generator's ``medium``); module pages always render HTML."""
    if channel == "module":
        return "html"
    if spec.medium == "docx":
        return rng.choice(["docx", "docx", "docx", "pdf", "doc"])
    # [assumed] most HTML reports also attach their Word original
    return "html+docx" if rng.random() < 0.6 else "html"


def build_corpus(seed: int, n_reports: int = 320) -> Corpus:
    from replica.generate import generate_corpus
    from replica.seeds import load_seed

    rng = random.Random(seed)
    corpus = Corpus()
    from replica.generate import agency_series

    mechanisms = {name: mechanism for name, _d, _t, mechanism, *_r in PORTALS}
    mechanisms.update({name: platform for name, _d, _t, platform in OTHER_PORTALS})
    index: dict[str, dict[str, int]] = {}
    uid = 0
    specs = generate_corpus(seed, n_reports)
    if not any(s.agency.name == TJJ_AGENCY for s in specs):
        specs += agency_series(seed, TJJ_AGENCY)
    for spec in specs:
        portal = spec.agency.portal
        if portal not in mechanisms:
            continue
        if spec.truth.missing:
            corpus.missing.append(spec)
            continue
        agencies = index.setdefault(portal, {})
        if spec.agency.area_code not in agencies:
            # position 0 is reserved for the city government (its report goes in the columns)
            city = portal == "weihai" and spec.agency.level == "government"
            agencies[spec.agency.area_code] = 0 if city else len(agencies) + 1
        position = agencies[spec.agency.area_code]
        agency = Agency(portal, spec.agency.name, spec.agency.area_code)
        uid += 1
        channel = _channel(mechanisms[portal], spec.year, position)
        corpus.reports.append(Report(uid, portal, agency, spec.year, spec.published, channel,
                                     _form(rng, spec, channel), late=spec.truth.late, spec=spec))
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        uid += 1
        spec = load_seed(path)
        portal = SEED_SERVED_BY.get(spec.agency.portal, spec.agency.portal)
        agency = Agency(portal, spec.agency.name, spec.agency.area_code)
        corpus.reports.append(Report(uid, portal, agency, spec.year,
                                     _publish_date(rng, spec.year, False), "column", "html+docx",
                                     seed=path.name.split("_")[0], spec=spec))
    # non-report items mixed into the same columns
    for name, *_rest in PORTALS:
        if name == "huancui":
            continue
        for year in YEARS:
            if rng.random() < 0.45:
                uid += 1
                template = rng.choice(NON_REPORT_TITLES)
                corpus.articles.append(Article(uid, name, template.format(y=year + 1, name=TITLES[name]),
                                               _publish_date(rng, year, False)))
    # one of each decoy per portal, from their own random stream (the corpus above unchanged)
    decoys = random.Random(seed * 31 + 15)
    for name, *_rest in PORTALS:
        if name == "huancui":
            continue
        for template in DECOY_TITLES:
            uid += 1
            year = decoys.choice(YEARS)
            corpus.articles.append(Article(
                uid, name, template.format(y=year, name=TITLES[name]),
                _publish_date(decoys, year, False), year=year,
                body=EXPLAINER_BODY if template.startswith(("图解", "一图")) else ""))
    allocate_ids(corpus)
    return corpus


def allocate_ids(corpus: Corpus) -> IdAllocator:
    ids = IdAllocator()
    for item in sorted([*corpus.reports, *corpus.articles], key=lambda x: (x.published, x.uid)):
        item.article_id = ids.article_id(item.published)
    corpus.ids = ids
    return ids
