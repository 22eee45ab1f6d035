"""Documents that sit in report columns but are not annual reports, as portals publish them.

The three kinds an extractor meets most and must refuse: the superior office's notice on how to
compile the reports (it names the year, the agencies, the six sections and the deadline), an
agency's 政府信息公开指南 (its headings are 主动公开 / 依申请公开, like a report's), and the blank
statistics form itself (every template label, not one number) that some offices post as the
attachment of a notice. Each is text in the seeds' text-layer convention; callers wrap it in a
page or a file as they need.
"""

from __future__ import annotations

import re

from replica.render.text import render_text
from replica.spec import ReportSpec

_SECTION_LIST = ("总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议行政"
                 "诉讼情况、存在的主要问题及改进情况、其他需要报告的事项")


def notice_about_reports(year: int, issuer: str, agencies: str = "各区市人民政府，市政府各部门") -> str:
    """The yearly notice (关于做好…年度报告编制发布工作的通知) that precedes every report season."""
    due = year + 1
    return "\n".join([
        f"关于做好{year}年政府信息公开工作年度报告编制发布工作的通知",
        "",
        f"{agencies}：",
        f"为做好{year}年政府信息公开工作年度报告（以下简称年度报告）编制发布工作，根据《中华人民共和国政府"
        "信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作"
        "年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求，现将有关事项通知如下：",
        "一、严格规范报告内容",
        f"年度报告应当包括{_SECTION_LIST}等内容，统计表格式不得改动，数据应当与本年度实际工作相符。",
        "二、按时完成编制发布",
        f"各区市人民政府、市政府各部门应于{due}年1月31日前向社会公布本机关年度报告，各区市人民政府应于"
        f"{due}年3月31日前公布本级政府年度报告。",
        "三、加强审核把关",
        "各单位要落实审核责任，发布前对统计数据进行逐项核对，确保表内勾稽关系正确。",
        "",
        issuer,
        f"{year}年12月20日",
    ]) + "\n"


def disclosure_guide(agency: str, year: int) -> str:
    """An agency's 政府信息公开指南: how to ask for information, in numbered headings."""
    return "\n".join([
        f"{agency}政府信息公开指南",
        "",
        f"为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。本指南于"
        f"{year}年更新。",
        "一、主动公开",
        "（一）公开范围。本机关主动公开机构职能、政策文件、规划计划、财政预决算等政府信息。",
        "（二）公开方式。通过本机关政府门户网站、政务新媒体、政务服务中心等渠道公开。",
        "（三）公开时限。属于主动公开范围的政府信息，自形成或者变更之日起20个工作日内予以公开。",
        "二、依申请公开",
        "（一）受理机构。本机关政府信息公开工作机构负责受理政府信息公开申请。",
        "（二）申请方式。申请人可以通过网络、信函、当面等方式提出申请，并填写政府信息公开申请表。",
        "（三）答复时限。能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复。",
        "三、收费标准",
        "本机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，"
        "按照有关规定收取信息处理费。",
        "四、监督和救济",
        "申请人认为本机关在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。",
    ]) + "\n"


_VALUE_LINE = re.compile(r"^\t\s*[\d.,，%％　]+\s*$")
_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")


def blank_form(spec: ReportSpec) -> str:
    """The statistics tables of ``spec``'s template with every value cell left empty: the labels
    and headers as a text layer gives them, no prose, no section text, no numbers."""
    lines, in_table = [], False
    for line in render_text(spec).split("\n"):
        if line.startswith("\t") or (in_table and line == ""):
            in_table = True
            lines.append("\t" if _VALUE_LINE.match(line) else _BOOKMARK.sub("", line))
        else:
            in_table = False
    return "\n".join(lines).strip("\n") + "\n"
