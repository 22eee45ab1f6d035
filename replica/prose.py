"""The prose of a generated report, with claims consistent with its tables.

Every number the prose states about the tables is recorded as a claim (key, value) in the
ground truth; internal sums (共 N 条，其中 a、b、c) add up; the year-on-year percentage is
computed from last year's table when the agency has one. A deliberately wrong claim (N-01) is
the only inconsistency, and it is recorded as such.
"""

from __future__ import annotations

import random

from pipeline.template import APPLICATIONS, NOTICE_2019, NOTICE_2021, REVIEW, SECTION_HEADINGS
from replica.spec import AgencySpec, TableValues

PARTS = "、".join(SECTION_HEADINGS[n] for n in range(1, 6)) + "、其他需要报告的事项"
CHANNELS = ("机构职能", "政策文件", "工作动态", "通知公告", "重点领域信息", "人事信息")
OUTCOMES = (("outcome_granted", "予以公开", ("granted",)),
            ("outcome_partially_granted", "部分公开", ("partially_granted",)),
            ("outcome_denied", "不予公开", ("denied_",)),
            ("outcome_unable", "无法提供", ("unable_",)),
            ("outcome_not_processed", "不予处理", ("not_processed_",)),
            ("outcome_other", "其他处理", ("other_",)))


def _total(table: TableValues, row: str) -> int:
    value = table.get(row, {}).get("total")
    return int(value) if isinstance(value, (int, float)) else 0


def write_prose(rng: random.Random, agency: AgencySpec, year: int, fmt: str, portal_url: str,
                portal_site: str, true_tables: dict[str, TableValues],
                previous_received: int | None, *, wrong_received: bool = False,
                ) -> tuple[dict[int, list[str]], list[tuple[str, float | int]]]:
    """(section -> paragraphs, claims). ``true_tables`` are the consistent numbers before any
    deliberate breakage, which is what an agency's prose would have said."""
    a, lit = true_tables[APPLICATIONS], true_tables[REVIEW]
    claims: list[tuple[str, float | int]] = []
    notice = NOTICE_2021 if fmt == "2021" else NOTICE_2019
    basis = ("根据《中华人民共和国政府信息公开条例》（国务院令第711号，以下简称《条例》）"
             + (f"和《中华人民共和国政府信息公开工作年度报告格式》（{notice}）" if fmt == "2021" else
                f"和《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（{notice}）"
                if rng.random() < 0.6 else ""))
    opening = [
        f"{basis}要求，结合{year}年{agency.name.removesuffix('政府')}政府信息公开工作实际，"
        "编制发布本报告。",
        f"本报告内容包括：{PARTS}，以及相关指标统计附表。本报告中所列数据统计期限自{year}年1月1日起至"
        f"{year}年12月31日止。本报告的电子版可在{portal_site}门户网站（{portal_url}）查阅或下载。"
        f"如对本报告有疑问，请与{agency.name}{agency.office}联系（地址：{agency.address}；"
        f"电话：{agency.phone}）。",
    ]
    parts = [rng.randint(0, 80) for _ in CHANNELS[: rng.randint(3, 6)]]
    items = "，".join(f"{name}{n}条" for name, n in zip(CHANNELS, parts))
    received = _total(a, "new_received")
    handled, forward = _total(a, "results_total"), _total(a, "carried_forward")
    # a wrong claim must match neither base N-01 accepts (new, or new + carried over)
    offsets = [d for d in (3, 5, 7, 11) if d != _total(a, "carried_over")]
    said = received + rng.choice(offsets) if wrong_received else received
    if said or wrong_received:
        request = f"{year}年，共收到政府信息公开申请{said}件"
        claims.append(("applications_received", said))
        if previous_received and not wrong_received and received != previous_received:
            pct = round(100 * (received / previous_received - 1), 1)
            request += f"，同比{'增长' if pct > 0 else '下降'}{abs(pct)}%"
            claims.append(("yoy_change_percent", pct))
        request += f"；办结{handled}件，结转下年度继续办理{forward}件。"
        claims += [("applications_handled", handled), ("applications_carried_forward", forward)]
        outcome_text = []
        for key, label, prefixes in OUTCOMES:
            value = sum(_total(a, r) for r in a if r != "results_total" and r.startswith(prefixes)
                        and r not in ("new_received", "carried_over", "carried_forward"))
            if value:
                outcome_text.append(f"{label}{value}件")
                claims.append((key, value))
        if outcome_text:
            request += "从办理结果看，" + "、".join(outcome_text) + "。"
    else:
        request = f"{year}年，{agency.short_name}未收到政府信息公开申请。"
        claims.append(("applications_received", 0))
    reviews = _total(lit, "review")
    suits = _total(lit, "lawsuit_direct") + _total(lit, "lawsuit_after_review")
    if reviews or suits:
        request += f"全年发生政府信息公开行政复议{reviews}件，行政诉讼{suits}件。"
        claims += [("review_cases", reviews), ("lawsuit_cases", suits)]
    else:
        request += "全年未发生因政府信息公开引起的行政复议和行政诉讼。"
        claims += [("review_cases", 0), ("lawsuit_cases", 0)]
    management = "严格落实政府信息公开属性源头认定和保密审查机制，及时更新政府信息公开指南和目录。"
    if fmt == "2021":
        in_force = true_tables.get("active_disclosure", {}).get("normative_docs", {}).get("in_force")
        if isinstance(in_force, int):
            management += f"截至{year}年12月31日，现行有效规范性文件{in_force}件。"
            claims.append(("normative_docs_in_force", in_force))
    oversight = "将政务公开工作纳入年度考核，定期开展业务培训"
    oversight += ("，主动接受社会评议，严格落实责任追究制度。" if agency.is_government else "。")
    section1 = [
        f"{year}年，{agency.short_name}深入贯彻落实《条例》，坚持“公开为常态、不公开为例外”，"
        "不断提升政府信息公开工作质量和实效。",
        f"（一）主动公开方面。{year}年，通过政府网站主动公开政府信息共计{sum(parts)}条，其中{items}。",
        f"（二）依申请公开方面。{request}",
        f"（三）政府信息管理方面。{management}",
        "（四）平台建设方面。持续优化政府网站信息公开专栏，加强政务新媒体日常维护和备案管理。",
        f"（五）监督保障方面。{oversight}",
    ]
    section5 = [f"{year}年，政府信息公开工作仍存在公开内容不够全面、政策解读形式较为单一等问题。"
                f"{year + 1}年，将加强业务培训，规范栏目设置，提升公开质量。"]
    fee = rng.choice((0, 0, 0, 10, 20, 50, 100)) if fmt == "2021" else 0
    section6 = []
    if year >= 2021:
        section6.append(f"1.政府信息公开信息处理费收取情况。{year}年，{agency.short_name}"
                        + (f"收取信息处理费{fee}元。" if fee else "未收取信息处理费。"))
        claims.append(("info_processing_fee_yuan", fee))
    section6.append(f"{len(section6) + 1}.落实上级政务公开工作要点情况。认真贯彻落实{year}年"
                    "政务公开工作要点部署要求，逐项抓好落实。")
    paragraphs = {0: opening, 1: section1, 5: section5, 6: section6}
    return paragraphs, claims
