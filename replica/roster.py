"""A realistic roster of Weihai agencies over the portals of portals.md §2.

City government and bureaus on weihai (the statistics bureau on its tjj sub-site), district and
county-level governments with their departments, towns and sub-districts on wendeng, huancui,
rongcheng and rushan, development-zone committees and their towns on wip, whctp and eweihai.
Area codes are 18-character 统一社会信用代码-like strings; the spiders treat them as opaque.
"""

from __future__ import annotations

import random

from replica.spec import AgencySpec

CITY_BUREAUS = ("教育局", "科学技术局", "工业和信息化局", "民政局", "司法局", "财政局",
                "人力资源和社会保障局", "自然资源和规划局", "生态环境局", "住房和城乡建设局",
                "交通运输局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会",
                "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "医疗保障局",
                "发展和改革委员会")
DISTRICT_DEPARTMENTS = ("发展和改革局", "教育和体育局", "工业和信息化局", "财政局",
                        "人力资源和社会保障局", "住房和城乡建设局", "市场监督管理局",
                        "卫生健康局", "退役军人事务局", "信访局", "行政审批服务局")
#: (portal, area name, prefix printed before agency names, towns, sub-districts, code prefix)
AREAS = (
    ("wendeng", "文登区", "威海市文登区", ("宋村镇", "泽库镇", "张家产镇", "高村镇", "侯家镇",
                                          "界石镇"), ("天福街道", "龙山街道"), "11371081"),
    ("huancui", "环翠区", "威海市环翠区", ("张村镇", "羊亭镇", "温泉镇", "孙家疃镇"),
     ("鲸园街道", "环翠楼街道"), "11371002"),
    ("rongcheng", "荣成市", "荣成市", ("成山镇", "俚岛镇", "石岛镇", "人和镇", "崖头镇"),
     ("宁津街道", "港湾街道"), "11371082"),
    ("rushan", "乳山市", "乳山市", ("育黎镇", "乳山口镇", "海阳所镇", "下初镇", "夏村镇"),
     ("城区街道", "白沙滩街道"), "11371083"),
)
ZONES = (
    ("wip", "威海临港经济技术开发区", "临港区", ("蔄山镇", "草庙子镇", "汪疃镇", "苘山镇")),
    ("whctp", "威海火炬高技术产业开发区", "高区", ("初村镇", "田和街道", "怡园街道")),
    ("eweihai", "威海经济技术开发区", "经区", ("泊于镇", "桥头镇", "崮山镇", "皇冠街道")),
)
ROADS = ("新威路", "文化中路", "世纪大道", "青岛中路", "统一路", "海滨北路", "昌阳路", "龙山路",
         "伟德东路", "商业街", "正气路", "江苏东路", "圣经山路", "天福路")
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def agencies(seed: int = 0, *, minimum: int = 0) -> list[AgencySpec]:
    """The roster, deterministic for a seed; ``minimum`` adds numbered pilot towns when a
    caller needs more agencies than Weihai has (large generated corpora)."""
    rng = random.Random(seed)
    out: list[AgencySpec] = []

    def add(name, short, level, portal, prefix, parent=None):
        code = prefix + "".join(rng.choice(CODE_CHARS) for _ in range(18 - len(prefix)))
        out.append(AgencySpec(
            name=name, short_name=short, level=level, area_code=code, portal=portal,
            parent=parent, address=f"{rng.choice(ROADS)}{rng.randint(1, 299)}号",
            phone=f"0631-{rng.randint(5100000, 8999999)}",
            office="办公室" if level != "government" else "政务公开科"))

    add("威海市人民政府", "市政府", "government", "weihai", "113710")
    add("威海市人民政府办公室", "市政府办公室", "department", "weihai", "113710", "威海市人民政府")
    add("威海市统计局", "市统计局", "department", "tjj", "113710", "威海市人民政府")
    for bureau in CITY_BUREAUS:
        add(f"威海市{bureau}", f"市{bureau[:2]}局", "department", "weihai", "113710",
            "威海市人民政府")
    for portal, area, prefix, towns, streets, code in AREAS:
        government = f"{prefix}人民政府"
        add(government, f"{area}政府", "government", portal, code)
        add(f"{prefix}人民政府办公室", f"{area}政府办", "department", portal, code, government)
        for dept in DISTRICT_DEPARTMENTS:
            add(f"{prefix}{dept}", f"{area}{dept[:2]}局", "department", portal, code, government)
        for town in towns:
            add(f"{prefix}{town}人民政府", f"{town}政府", "township", portal, code, government)
        for street in streets:
            add(f"{prefix}{street}办事处", street, "subdistrict", portal, code, government)
    for portal, zone, short, towns in ZONES:
        committee = f"{zone}管理委员会"
        add(committee, f"{short}管委会", "committee", portal, "11371000")
        for town in towns:
            name = f"{zone}{town}{'办事处' if town.endswith('街道') else '人民政府'}"
            add(name, f"{short}{town}", "township", portal, "11371000", committee)
    k = 1
    while len(out) < minimum:
        portal, area, prefix, *_rest, code = AREAS[k % len(AREAS)]
        add(f"{prefix}第{k}试点镇人民政府", f"试点{k}镇", "township", portal, code,
            f"{prefix}人民政府")
        k += 1
    return out


def deadline(agency: AgencySpec) -> tuple[int, int] | None:
    """(month, day) of the year after the reporting year (report-format.md §1.3)."""
    if agency.level == "department":
        return (1, 31)
    if agency.level == "government":
        return (3, 31)
    return None
