"""The national report format: tables, canonical keys and their printed labels.

Single source of truth for every other module (extractor, checks, generator, database views).
Keys follow ``shared/docs/report-format.md`` §4; labels are given as printed in the official
templates (国办公开办函〔2019〕60号 and 〔2021〕30号), before any normalisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ACTIVE = "active_disclosure"
APPLICATIONS = "applications"
REVIEW = "review_litigation"
TABLE_IDS = (ACTIVE, APPLICATIONS, REVIEW)

#: section number (1–6) -> canonical heading, and the section each table belongs to
SECTION_HEADINGS = {
    1: "总体情况",
    2: "主动公开政府信息情况",
    3: "收到和处理政府信息公开申请情况",
    4: "政府信息公开行政复议、行政诉讼情况",
    5: "存在的主要问题及改进情况",
    6: "其他需要报告的事项",
}
TABLE_SECTION = {ACTIVE: 2, APPLICATIONS: 3, REVIEW: 4}

NOTICE_2019 = "国办公开办函〔2019〕60号"
NOTICE_2021 = "国办公开办函〔2021〕30号"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    #: label of the spanning header above this column, if any (法人或其他组织, 未经复议直接起诉…)
    group: str | None = None
    unit: str = "件"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    #: printed numbering prefix ("一、", "（一）", "1.")
    numbering: str = ""
    #: label of the group header row this row sits under (（三）不予公开…), if any
    group: str | None = None
    #: "both", "2019" or "2021" (applications variant); for active_disclosure the format
    variant: str = "both"
    #: 第二十条 item (active_disclosure only)
    art20_item: int | None = None
    #: column keys of this row (active_disclosure rows have their own columns)
    columns: tuple[str, ...] = field(default_factory=tuple)


# --- applications (section 三) -------------------------------------------------------------

APPLICANT_GROUP = "法人或其他组织"
APPLICATION_COLUMNS = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业", APPLICANT_GROUP),
    Column("research", "科研机构", APPLICANT_GROUP),
    Column("social_welfare", "社会公益组织", APPLICANT_GROUP),
    Column("legal_service", "法律服务机构", APPLICANT_GROUP),
    Column("other", "其他", APPLICANT_GROUP),
    Column("total", "总计"),
)
APPLICATION_COLUMN_KEYS = tuple(c.key for c in APPLICATION_COLUMNS)
#: the six applicant columns (C6) whose sum is the total column
APPLICANT_COLUMN_KEYS = APPLICATION_COLUMN_KEYS[:-1]
APPLICATIONS_HEADER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICATIONS_HEADER = "申请人情况"
#: a non-standard extra column some derived templates print (never a JSON column, see T3-04)
LEGAL_PERSON_SUBTOTAL_LABEL = "小计"

RESULTS_GROUP = "本年度办理结果"
DENIED = "不予公开"
UNABLE = "无法提供"
NOT_PROCESSED = "不予处理"
OTHER_HANDLING = "其他处理"

#: group header rows of table 三: (numbering, label, derived subtotal key)
APPLICATION_GROUPS = (
    ("三、", RESULTS_GROUP, None),
    ("（三）", DENIED, "denied_subtotal"),
    ("（四）", UNABLE, "unable_subtotal"),
    ("（五）", NOT_PROCESSED, "not_processed_subtotal"),
    ("（六）", OTHER_HANDLING, "other_handling"),
)

_A = APPLICATION_COLUMN_KEYS
APPLICATION_ROWS = (
    Row("new_received", "本年新收政府信息公开申请数量", "一、", columns=_A),
    Row("carried_over", "上年结转政府信息公开申请数量", "二、", columns=_A),
    Row("granted", "予以公开", "（一）", RESULTS_GROUP, columns=_A),
    Row("partially_granted", "部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）",
        RESULTS_GROUP, columns=_A),
    Row("denied_state_secret", "属于国家秘密", "1.", DENIED, columns=_A),
    Row("denied_law_prohibited", "其他法律行政法规禁止公开", "2.", DENIED, columns=_A),
    Row("denied_security_stability", "危及“三安全一稳定”", "3.", DENIED, columns=_A),
    Row("denied_third_party", "保护第三方合法权益", "4.", DENIED, columns=_A),
    Row("denied_internal_affairs", "属于三类内部事务信息", "5.", DENIED, columns=_A),
    Row("denied_process_info", "属于四类过程性信息", "6.", DENIED, columns=_A),
    Row("denied_enforcement_file", "属于行政执法案卷", "7.", DENIED, columns=_A),
    Row("denied_admin_query", "属于行政查询事项", "8.", DENIED, columns=_A),
    Row("unable_not_held", "本机关不掌握相关政府信息", "1.", UNABLE, columns=_A),
    Row("unable_needs_creation", "没有现成信息需要另行制作", "2.", UNABLE, columns=_A),
    Row("unable_still_unclear", "补正后申请内容仍不明确", "3.", UNABLE, columns=_A),
    Row("not_processed_petition", "信访举报投诉类申请", "1.", NOT_PROCESSED, columns=_A),
    Row("not_processed_duplicate", "重复申请", "2.", NOT_PROCESSED, columns=_A),
    Row("not_processed_publication", "要求提供公开出版物", "3.", NOT_PROCESSED, columns=_A),
    Row("not_processed_excessive", "无正当理由大量反复申请", "4.", NOT_PROCESSED, columns=_A),
    Row("not_processed_confirmation", "要求行政机关确认或重新出具已获取信息", "5.", NOT_PROCESSED,
        columns=_A),
    Row("other_handling", OTHER_HANDLING, "（六）", RESULTS_GROUP, variant="2019", columns=_A),
    Row("other_no_correction",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "1.", OTHER_HANDLING,
        variant="2021", columns=_A),
    Row("other_fee_unpaid",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "2.",
        OTHER_HANDLING, variant="2021", columns=_A),
    Row("other_other", "其他", "3.", OTHER_HANDLING, variant="2021", columns=_A),
    Row("results_total", "总计", "（七）", RESULTS_GROUP, columns=_A),
    Row("carried_forward", "结转下年度继续办理", "四、", columns=_A),
)


def application_rows(variant: str) -> tuple[Row, ...]:
    """Data rows of table 三 for an applications variant ("2019" or "2021"), in printed order."""
    return tuple(r for r in APPLICATION_ROWS if r.variant in ("both", variant))


def result_rows(variant: str) -> tuple[str, ...]:
    """R: the rows between carried_over and results_total, whose sum is results_total."""
    keys = [r.key for r in application_rows(variant)]
    return tuple(keys[keys.index("carried_over") + 1: keys.index("results_total")])


#: derived group subtotals (views only; never JSON rows)
APPLICATION_SUBTOTALS = {
    "denied_subtotal": tuple(r.key for r in APPLICATION_ROWS if r.group == DENIED),
    "unable_subtotal": tuple(r.key for r in APPLICATION_ROWS if r.group == UNABLE),
    "not_processed_subtotal": tuple(r.key for r in APPLICATION_ROWS if r.group == NOT_PROCESSED),
    "other_handling": tuple(r.key for r in APPLICATION_ROWS if r.group == OTHER_HANDLING),
}

# --- review_litigation (section 四) ----------------------------------------------------------

REVIEW_GROUP = "行政复议"
LITIGATION_GROUP = "行政诉讼"
REVIEW_COLUMNS = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
REVIEW_COLUMN_KEYS = tuple(c.key for c in REVIEW_COLUMNS)
REVIEW_OUTCOME_KEYS = REVIEW_COLUMN_KEYS[:-1]
_R = REVIEW_COLUMN_KEYS
REVIEW_ROWS = (
    Row("review", REVIEW_GROUP, columns=_R),
    Row("lawsuit_direct", "未经复议直接起诉", group=LITIGATION_GROUP, columns=_R),
    Row("lawsuit_after_review", "复议后起诉", group=LITIGATION_GROUP, columns=_R),
)
REVIEW_ROW_KEYS = tuple(r.key for r in REVIEW_ROWS)

# --- active_disclosure (section 二) ----------------------------------------------------------

ART20_CAPTION = "第二十条第（{item}）项"
ART20_ROMAN = {1: "一", 5: "五", 6: "六", 8: "八", 9: "九"}
ITEM_HEADER = "信息内容"

ACTIVE_COLUMNS_2021 = (
    Column("issued", "本年制发件数"),
    Column("repealed", "本年废止件数"),
    Column("in_force", "现行有效件数"),
    Column("decisions", "本年处理决定数量", unit="个"),
    Column("amount_wan_yuan", "本年收费金额（单位：万元）", unit="万元"),
)
ACTIVE_COLUMNS_2019 = (
    Column("newly_made", "本年新制作数量"),
    Column("newly_published", "本年新公开数量"),
    Column("total_published", "对外公开总数量"),
    Column("prev_year_items", "上一年项目数量", unit="项"),
    Column("items_change", "本年增/减", unit="项"),
    Column("decisions", "处理决定数量", unit="个"),
    Column("procurement_items", "采购项目数量", unit="项"),
    Column("procurement_amount", "采购总金额", unit=""),
)
_DOCS21 = ("issued", "repealed", "in_force")
_DOCS19 = ("newly_made", "newly_published", "total_published")
_ITEMS19 = ("prev_year_items", "items_change", "decisions")
ACTIVE_ROWS_2021 = (
    Row("rules", "规章", variant="2021", art20_item=1, columns=_DOCS21),
    Row("normative_docs", "行政规范性文件", variant="2021", art20_item=1, columns=_DOCS21),
    Row("admin_licensing", "行政许可", variant="2021", art20_item=5, columns=("decisions",)),
    Row("admin_penalty", "行政处罚", variant="2021", art20_item=6, columns=("decisions",)),
    Row("admin_coercion", "行政强制", variant="2021", art20_item=6, columns=("decisions",)),
    Row("admin_fees", "行政事业性收费", variant="2021", art20_item=8,
        columns=("amount_wan_yuan",)),
)
ACTIVE_ROWS_2019 = (
    Row("rules", "规章", variant="2019", art20_item=1, columns=_DOCS19),
    Row("normative_docs", "规范性文件", variant="2019", art20_item=1, columns=_DOCS19),
    Row("admin_licensing", "行政许可", variant="2019", art20_item=5, columns=_ITEMS19),
    Row("other_external_services", "其他对外管理服务事项", variant="2019", art20_item=5,
        columns=_ITEMS19),
    Row("admin_penalty", "行政处罚", variant="2019", art20_item=6, columns=_ITEMS19),
    Row("admin_coercion", "行政强制", variant="2019", art20_item=6, columns=_ITEMS19),
    Row("admin_fees", "行政事业性收费", variant="2019", art20_item=8,
        columns=("prev_year_items", "items_change")),
    Row("central_procurement", "政府集中采购", variant="2019", art20_item=9,
        columns=("procurement_items", "procurement_amount")),
)


def active_rows(fmt: str) -> tuple[Row, ...]:
    """Rows of table 二 for a format ("2019" or "2021")."""
    return ACTIVE_ROWS_2019 if fmt == "2019" else ACTIVE_ROWS_2021


def active_columns(fmt: str) -> dict[str, Column]:
    cols = ACTIVE_COLUMNS_2019 if fmt == "2019" else ACTIVE_COLUMNS_2021
    return {c.key: c for c in cols}


#: columns whose values may be signed (CELL-02 exemption)
SIGNED_COLUMNS = frozenset({"items_change"})
#: columns holding money rather than counts (CELL-03 allows decimals)
MONEY_COLUMNS = frozenset({"amount_wan_yuan", "procurement_amount"})


def expected_cells(table_id: str, fmt: str | None, variant: str | None) -> dict[str, tuple[str, ...]]:
    """row_key -> column keys a complete table of this kind holds (for coverage and CELL-06)."""
    if table_id == APPLICATIONS:
        return {r.key: r.columns for r in application_rows(variant or "2021")}
    if table_id == REVIEW:
        return {r.key: r.columns for r in REVIEW_ROWS}
    return {r.key: r.columns for r in active_rows(fmt or "2021")}


def is_total_cell(table_id: str, row_key: str, col_key: str) -> bool:
    """Total cells are never read as 0 when blank (blank policy, report-format.md §5.3)."""
    if table_id == APPLICATIONS:
        return col_key == "total" or row_key == "results_total"
    if table_id == REVIEW:
        return col_key == "total"
    return False


# --- claims (numbers stated in prose, §6.6) -------------------------------------------------

CLAIM_KEYS = {
    "applications_received": "收到/受理/新收政府信息公开申请",
    "applications_handled": "办理/办结/答复申请",
    "applications_carried_forward": "结转下一年度办理",
    "outcome_granted": "予以公开",
    "outcome_partially_granted": "部分公开",
    "outcome_denied": "不予公开",
    "outcome_unable": "无法提供",
    "outcome_not_processed": "不予处理",
    "outcome_other": "其他处理",
    "applicants_natural_person": "自然人申请",
    "applicants_legal_person": "法人或其他组织申请",
    "review_cases": "行政复议案件",
    "lawsuit_cases": "行政诉讼案件",
    "normative_docs_in_force": "现行有效规范性文件",
    "info_processing_fee_yuan": "信息处理费（元）",
    "info_published": "发布/公开政府信息（条）",
    "yoy_change_percent": "同比/较上年变化（%）",
    "yoy_change_count": "较上年增减（件）",
}
