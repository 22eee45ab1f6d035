"""The check catalogue: id -> titles (Chinese, English), family, scope, rule version.

Published by the database and Datasette; ``docs/checks.md`` is its user-facing form. Bump a
rule's version whenever its logic changes, so stored human reviews of older results can be
told apart (report-format.md §6.1).
"""

from __future__ import annotations

_ROWS = [
    # id, family, scope, title_zh, title_en
    ("CELL-01", "CELL", "table.row.col", "数字单元格可解析", "every numeric cell parses"),
    ("CELL-02", "CELL", "table.row.col", "数值非负（本年增/减除外）", "values are non-negative (items_change excepted)"),
    ("CELL-03", "CELL", "table.row.col", "件数为整数，金额不超过4位小数", "counts are integers, 万元 amounts have at most 4 decimals"),
    ("CELL-04", "CELL", "table.row.col", "万元栏填写了“元”", "a 万元 cell written in 元 (unit error)"),
    ("CELL-05", "CELL", "table id", "空白或“/”单元格数量", "number of blank or na cells per table"),
    ("CELL-06", "CELL", "table id", "每个应有的行、列标签恰好匹配一次", "every expected row and column label matched exactly once"),
    ("T3-01", "T3", "column key", "第一项加第二项之和等于第三项加第四项之和", "new + carried over = results total + carried forward"),
    ("T3-02", "T3", "column key", "各办理结果之和等于总计", "the result rows add up to results_total"),
    ("T3-03", "T3", "row key", "六类申请人之和等于总计", "the six applicant columns add up to the total column"),
    ("T3-04", "T3", "subtotal name", "表内小计等于其组成部分之和", "printed subtotals equal the sums of their parts"),
    ("T3-05", "T3", "null", "其他处理行式与年度相符", "the 其他处理 variant matches the year"),
    ("T3-06", "T3", "row key", "办理总计、结转不超过收到总数", "results_total and carried_forward do not exceed new + carried over"),
    ("T4-01", "T4", "row key", "复议、诉讼各结果之和等于总计", "the four outcomes add up to the total"),
    ("T4-02", "T4", "null", "有复议后起诉但无行政复议", "lawsuits after review while no review was recorded"),
    ("T2-01", "T2", "rules", "无规章制定权的机关规章为0", "no rules for agencies without rule-making power"),
    ("T2-02", "T2", "row key", "本年制发不超过现行有效加本年废止", "issued ≤ in force + repealed"),
    ("T2-03", "T2", "row key", "对外公开总数量不少于本年新公开数量", "total published ≥ newly published"),
    ("T2-04", "T2", "row key", "栏目与表格格式相符", "the columns match the detected format"),
    ("T2-05", "T2", "row.col", "处理决定数量或收费金额同比变化超过5倍", "decisions or fee amount changed more than fivefold year on year"),
    ("N-01", "N", "claim key", "正文收到申请数与表格一致", "prose requests received = table"),
    ("N-02", "N", "claim key", "正文办结数与表格一致", "prose requests handled = results_total"),
    ("N-03", "N", "claim key", "正文结转数与表格一致", "prose carried forward = table"),
    ("N-04", "N", "claim key", "正文办理结果与表格一致", "prose outcomes = table rows or group subtotals"),
    ("N-05", "N", "claim key", "正文申请人构成与表格一致", "prose applicant split = table"),
    ("N-06", "N", "claim key", "正文行政复议数与表格一致", "prose reconsideration cases = table"),
    ("N-07", "N", "claim key", "正文行政诉讼数与表格一致", "prose lawsuits = table"),
    ("N-08", "N", "claim key", "“无/未收到”表述与表格为0一致", "none-statements agree with zero totals"),
    ("N-09", "N", "claim key", "正文现行有效规范性文件数与表格一致", "prose normative documents in force = table"),
    ("N-10", "N", "sentence", "正文“共…其中…”分项之和等于总数", "internal sums in prose add up"),
    ("N-11", "N", "chart title", "图表数据与表格一致", "chart data equals the table"),
    ("N-12", "N", "null", "称“均已办结”但有结转", "'all requests handled' while some were carried forward"),
    ("N-13", "N", "info_processing_fee_yuan", "信息处理费为10元整数倍且前后一致", "the information-processing fee is a multiple of 10 yuan and not contradicted"),
    ("S-01", "S", "section number", "六个部分齐全且顺序正确", "the six sections are present once each, in order"),
    ("S-02", "S", "section number", "二、三、四部分含有可解析的表格", "sections 二, 三, 四 hold a parseable table of their kind"),
    ("S-03", "S", "5", "第五部分有实际内容", "section 五 has real content"),
    ("S-04", "S", "6", "2021年起第六部分说明信息处理费", "from 2021, section 六 states the information-processing fee"),
    ("S-05", "S", "null", "标题年度与统计期限一致", "title year = statistics period, 1 Jan – 31 Dec"),
    ("S-06", "S", "section number", "沿用上年文字（无比较词的上一年份）", "stale year: last year named without a comparison word"),
    ("S-07", "S", "null", "引用的格式通知与表格格式、年度相符", "the cited format notice matches layout and year"),
    ("S-08", "S", "null", "按期发布", "published by the agency's deadline"),
    ("S-09", "S", "null", "人民政府报告说明考核、社会评议、责任追究", "government reports mention assessment, public appraisal, accountability"),
    ("S-10", "S", "section number", "标题编号异常", "heading numbering anomalies"),
    ("S-11", "S", "agency/year", "与往年或兄弟单位报告内容雷同", "text similarity with earlier or sibling reports"),
    ("S-12", "S", "null", "标题机关与预期机关一致", "the agency in the title is the one expected for the URL"),
    ("X-01", "X", "column key", "本年上年结转等于上年结转下年度", "carried over this year = carried forward last year"),
    ("X-02", "X", "row key", "现行有效件数跨年衔接", "in force = last year's in force + issued − repealed"),
    ("X-03", "X", "row key", "上一年项目数量跨年衔接", "prev_year_items = last year's items + change"),
    ("X-04", "X", "claim key", "正文同比变化与两年表格一致", "claimed year-on-year change matches both tables"),
    ("X-05", "X", "table.row.col", "主要数据跨年变化超过5倍", "headline cells jump more than fivefold"),
    ("X-06", "X", "null", "表格格式的年度演进", "format progression across years"),
    ("H-01", "H", "agency/year", "上级汇总等于下级之和", "a parent's aggregate equals its children's sum"),
    ("H-02", "H", "agency pair", "两个机关发布相同文件或表格", "the same file or tables under two agencies"),
]

RULE_VERSIONS: dict[str, int] = {row[0]: 1 for row in _ROWS}

CATALOGUE: dict[str, dict[str, object]] = {
    cid: {"title_zh": zh, "title_en": en, "family": family, "scope": scope,
          "version": RULE_VERSIONS[cid]}
    for cid, family, scope, zh, en in _ROWS
}
