"""The rule catalogue (reference.md §5) as data: one entry per rule, stable ids, Chinese first.

Message templates use ``str.format`` fields filled by the rule implementation; every field a template
names is documented in the rule's description. ``docs/rules.md`` is generated from this file
(``python -m xxgk.rules.docs``).
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_RANK = {INFO: 0, WARNING: 1, ERROR: 2}
BOTH = ("2019", "2021")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str  # Chinese
    title_en: str
    message: str  # Chinese template
    message_en: str
    description: str
    formats: tuple[str, ...]
    source: str
    checked: bool = True  # False: documentation only, never yields a finding


def _r(id: str, severity: str, formats: tuple[str, ...], title: str, title_en: str, message: str,
       message_en: str, description: str, source: str, checked: bool = True) -> Rule:
    return Rule(id, severity, title, title_en, message, message_en, description, formats, source, checked)


RULES: tuple[Rule, ...] = (
    # ------------------------------------------------------------ 5.1 value domain
    _r("P-01", ERROR, BOTH, "表格计数单元格须为非负整数", "Count cells are non-negative integers",
       "{cell}为{value}，计数单元格应为非负整数。", "{cell} is {value}; a count must be a non-negative integer.",
       "Every count cell of tables 二 (except money and the signed 本年增/减), 三 and 四 is an integer ≥ 0.",
       "D (cells are 件/数量)"),
    _r("P-02", ERROR, ("2021",), "收费金额为非负数，单位万元", "Fee amount is a non-negative number in 万元",
       "{cell}为{value}，收费金额应为非负数（单位：万元）。", "{cell} is {value}; the fee amount must be ≥ 0 (万元).",
       "本年收费金额（单位：万元） is a non-negative decimal.", "V (column header)"),
    _r("P-03", WARNING, BOTH, "空白单元格视为缺失并提示", "Blank cells are missing, not zero",
       "共有{count}个数据单元格留空（{cells}）；按0计算时各勾稽关系{holds}。",
       "{count} data cells are blank ({cells}); with blanks counted as 0 the identities {holds_en}.",
       "One finding per report listing every blank (or '/', '—', '无') data cell. Identities are checked with "
       "blanks as 0; an identity that only fails because of a blank is reported as C-07, not as an error.",
       "R (xuwen 2023; 上海市政府办公厅 2019 leaves every zero blank)"),
    _r("P-04", WARNING, ("2019",), "增减可为负，但增减后项目数不得为负", "Item count after change must be ≥ 0",
       "“{row}”上一年项目数量{prev}加本年增/减{change}为{result}，项目数不应为负。",
       "{row}: previous count {prev} + change {change} = {result} < 0.",
       "2019 layout: 上一年项目数量 + 本年增/减 ≥ 0 per row.", "R (湖北 annotation) + D"),
    _r("P-05", WARNING, ("2019",), "采购总金额须为非负数并注明单位", "Procurement amount is ≥ 0 with a unit",
       "{cell}为{value}，采购总金额应为非负数并注明单位。", "{cell} is {value}; the amount must be ≥ 0 with a unit.",
       "2019 layout: 政府集中采购 采购总金额 is a non-negative number.", "U"),
    # ------------------------------------------------------------ 5.2 table 三
    _r("T3-01", ERROR, BOTH, "每列：本年新收＋上年结转＝（七）总计＋结转下年度",
       "Per column: new + carried over = total + carried forward",
       "第三部分“{column}”列：本年新收{new}＋上年结转{carried_over}＝{expected}，但（七）总计{total}＋结转下年度"
       "{carried_forward}＝{printed}。",
       "Table 三, column {column}: new + carried over = {expected} but total + carried forward = {printed}.",
       "For each of the 7 columns: 一 + 二 = （七）总计 + 四 (the table's own 勾稽 note).",
       "V (header note 「第一项加第二项之和，等于第三项加第四项之和」)"),
    _r("T3-02", ERROR, BOTH, "每列：（七）总计＝各办理结果行之和", "Per column: total = sum of the result rows",
       "第三部分“{column}”列：各办理结果之和为{expected}，但（七）总计为{printed}。",
       "Table 三, column {column}: the result rows sum to {expected} but （七）总计 is {printed}.",
       "For each column: （七）总计 = (一) + (二) + (三)1–8 + (四)1–3 + (五)1–5 + (六) (three sub-rows, or the one "
       "row when the report prints （六）其他处理 as a single row).", "D (row labelled 总计)"),
    _r("T3-03", ERROR, BOTH, "每行：总计＝自然人＋五类法人或其他组织", "Per row: 总计 = sum of the applicant columns",
       "第三部分“{row}”行：自然人及各类法人或其他组织之和为{expected}，但总计栏为{printed}。",
       "Table 三, row {row}: the applicant columns sum to {expected} but 总计 is {printed}.",
       "For each data row: 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他.",
       "D (总计 column)"),
    _r("T3-04", WARNING, BOTH, "非标准小计行/列须等于其分项之和，并提示格式不规范",
       "Non-standard subtotals equal their parts",
       "第三部分同时列出“（六）其他处理”合计行和其分项，格式不规范；“{column}”列合计为{printed}，分项之和为{expected}。",
       "Table 三 prints both a （六） subtotal and its sub-rows (non-standard); column {column}: {printed} vs {expected}.",
       "Subtotal rows/columns are not in the official table; when present they must equal their parts.",
       "D + R"),
    # ------------------------------------------------------------ 5.3 table 四
    _r("T4-01", ERROR, BOTH, "各组：总计＝维持＋纠正＋其他＋尚未审结", "Per group: total = upheld + corrected + other + pending",
       "第四部分“{row}”：结果维持{upheld}＋结果纠正{corrected}＋其他结果{other}＋尚未审结{pending}＝{expected}，"
       "但总计为{printed}。",
       "Table 四, {row}: upheld + corrected + other + pending = {expected} but 总计 is {printed}.",
       "For 行政复议, 未经复议直接起诉 and 复议后起诉.", "D (总计 column per group)"),
    _r("T4-02", INFO, BOTH, "复议机关作共同被告的诉讼不计入复议机关", "Co-defendant review agency does not count the case",
       "复议机关作共同被告的行政诉讼案件，只由原行政行为机关统计。",
       "Lawsuits with the review agency as co-defendant are counted by the original agency only.",
       "Counting convention; documentation only, not machine-checkable.", "M (国办公开办函〔2016〕201号)",
       checked=False),
    # ------------------------------------------------------------ 5.4 table 二
    _r("T2-01", WARNING, ("2021",), "本年制发≤现行有效＋本年废止", "Issued ≤ in force + repealed",
       "第二部分“{row}”：本年制发{issued}件，多于现行有效{in_force}件与本年废止{repealed}件之和。",
       "{row}: issued {issued} > in force {in_force} + repealed {repealed}.",
       "Anything issued this year is either still in force or was repealed this year.", "D"),
    _r("T2-02", WARNING, BOTH, "无规章制定权主体填报规章数量需核实", "Rules reported by a body without rule-making power",
       "{agency}一般不具有规章制定权，但第二部分规章填报了{value}，请核实。",
       "{agency} normally cannot make 规章, yet reports {value}.",
       "规章 > 0 is plausible only for 国务院部门, 省级 and 设区的市/自治州 governments.", "R + 立法法"),
    _r("T2-03", WARNING, ("2019",), "本年新公开≤对外公开总数", "Newly published ≤ total published",
       "第二部分“{row}”：本年新公开{new_published}，多于对外公开总数量{total_published}。",
       "{row}: newly published {new_published} > total published {total_published}.",
       "2019 layout: 本年新公开数量 ≤ 对外公开总数量.", "D"),
    _r("T2-04", WARNING, ("2021",), "收取了信息处理费而行政事业性收费金额为0，需核实",
       "Information-processing fees collected but 行政事业性收费 is 0",
       "第六部分称收取信息处理费{amount}，但第二部分行政事业性收费金额为0，请核实。",
       "Section 六 reports fees of {amount} but the 行政事业性收费 amount is 0.",
       "信息处理费 is itself a 行政事业性收费.", "D + M (皖财综〔2021〕28号)"),
    # ------------------------------------------------------------ 5.5 completeness / structure
    _r("C-01", ERROR, BOTH, "六个部分齐全且顺序正确", "All six sections present and in order",
       "{problem}", "{problem_en}",
       "Sections 一 to 六 are all present, in order. Only checked when the report's text was read.",
       "V (条例 art 50; format 「不能遗漏」)"),
    _r("C-02", WARNING, BOTH, "标题与标准表述一致", "Section headings match the canonical text",
       "第{number}部分标题“{heading}”与标准表述“{canonical}”不一致。",
       "Heading of section {number} “{heading}” differs from “{canonical}”.",
       "Headings match the canonical text or an accepted variant (reference.md §7).", "R"),
    _r("C-03", ERROR, BOTH, "第二部分表格齐全、行列一致", "Section 二 tables complete",
       "{problem}", "{problem_en}",
       "Section 二 has all sub-tables (2021: 4 tables/10 cells; 2019: 5 tables/22 cells). A missing table is an "
       "error; a missing row in a printed table is reported as a warning.", "V/M"),
    _r("C-04", ERROR, BOTH, "第三部分表格7列25行(新)/23行(旧)", "Section 三 table has 7 columns and 25/23 rows",
       "{problem}", "{problem_en}",
       "Table 三 has its 7 columns and every row. A 2021 report printing （六）其他处理 as one row is reported "
       "as a warning (the identities use that row).", "V; 重庆 notice"),
    _r("C-05", ERROR, BOTH, "第四部分表格15项", "Section 四 table has 15 cells",
       "{problem}", "{problem_en}", "Table 四 has 3 groups × 5 cells.", "V"),
    _r("C-06", INFO, BOTH, "表头勾稽说明及部分公开注释保留", "Header notes kept",
       "第三部分表格未见勾稽关系说明“{note}”。", "Table 三 header note “{note}” not found.",
       "The 勾稽 note is printed in the table-三 header. Only checked when the report's text was read.", "V"),
    _r("C-07", WARNING, BOTH, "数据单元格不得留空", "Data cells must not be left blank",
       "{cell}留空，按勾稽关系应填{expected}。",
       "{cell} is blank; the identities say it should be {expected}.",
       "A blank cell that takes part in a failing identity (the identity would hold if the blank held the "
       "named value).", "D/R"),
    _r("C-08", WARNING, ("2021",), "总体情况涵盖五方面", "Section 一 covers the five topics",
       "第一部分总体情况未涉及：{missing}。", "Section 一 does not mention: {missing}.",
       "主动公开, 依申请公开, 政府信息管理, 政府信息公开平台建设, 监督保障.", "V (format 一(一))"),
    _r("C-09", WARNING, BOTH, "各级政府年报须报告考核、评议、追责结果", "Governments report 考核/评议/追责 results",
       "{agency}为人民政府，年报未见工作考核、社会评议和责任追究结果情况。",
       "{agency} is a government; no 工作考核、社会评议和责任追究结果 found.",
       "条例 art 50(4).", "V (条例 50(4))"),
    _r("C-10", WARNING, BOTH, "存在问题及改进情况须具体", "Section 五 names problems and improvements",
       "第五部分{problem}。", "Section 五: {problem_en}.",
       "Section 五 is non-empty and names both problems and improvement measures.", "V (条例 50(4))"),
    _r("C-11", WARNING, ("2021",), "其他事项须说明信息处理费收取情况", "Section 六 states the fee collection",
       "第六部分未说明信息处理费收取情况（应写明收取金额或未收取）。",
       "Section 六 does not state whether information-processing fees were charged.",
       "An amount, or an explicit statement that none was charged.", "M (河南 notice) + U"),
    _r("C-12", INFO, ("2021",), "其他事项报告要点落实、建议提案公开等", "Section 六 reports the other expected items",
       "第六部分未见：{missing}。", "Section 六 does not mention: {missing}.",
       "落实上级政务公开工作要点; 人大代表建议和政协提案办理结果公开; 创新/亮点.", "U"),
    _r("C-13", INFO, BOTH, "说明统计期限", "Statistical period stated",
       "正文未说明统计期限（{year}年1月1日至12月31日）。", "No statistical period ({year}-01-01 to 12-31) stated.",
       "The report declares its statistical period.", "R; DB51/T 2660 §2.1"),
    _r("C-14", INFO, BOTH, "标题规范", "Title names agency, year and 政府信息公开工作年度报告",
       "标题“{title}”未包含{missing}。", "Title “{title}” lacks {missing}.",
       "Title contains the agency name, the year and 政府信息公开工作年度报告.", "R"),
    _r("C-15", WARNING, BOTH, "内容不得雷同、照搬", "Text is not a near-duplicate of the previous report",
       "正文与上一年度报告的相似度为{similarity}，超过阈值{threshold}，可能照搬上年内容。",
       "Text similarity with the previous report is {similarity} (threshold {threshold}).",
       "Character 4-gram similarity of the section texts against the previous report.", "M (明确责任: 内容雷同); R"),
    # ------------------------------------------------------------ 5.6 format version
    _r("V-01", ERROR, ("2021",), "2021年度起须使用新格式", "Years ≥ 2021 use the 2021 format",
       "{year}年度报告应使用2021年版格式（国办公开办函〔2021〕30号），但使用了2019年版格式。",
       "The {year} report must use the 2021 format but uses the 2019 one.",
       "Detected from the printed tables, never from the cited 文号.", "V"),
    _r("V-02", WARNING, ("2019",), "2019、2020年度使用旧格式", "2019–2020 reports expected in the 2019 format",
       "{year}年度报告通常使用2019年版格式，但使用了2021年版格式。",
       "The {year} report uses the 2021 format; the 2019 one was expected.", "", "M"),
    _r("V-03", ERROR, BOTH, "新旧格式混用", "Formats mixed",
       "报告混用新旧格式：{detail}。", "Formats mixed: {detail_en}.",
       "E.g. a 2019 section 二 with 2021 sub-rows in table 三.", "D"),
    _r("V-04", INFO, (), "2018年度及以前不适用", "Years ≤ 2018 predate both formats",
       "{year}年度早于统一格式，表格检查不适用。", "{year} predates both formats; table checks do not apply.",
       "", "V (60号 notice)"),
    # ------------------------------------------------------------ 5.7 timing
    _r("D-01", ERROR, BOTH, "县级以上政府部门1月31日前公布", "Departments publish by 31 January",
       "{agency}为县级以上人民政府部门，应于{deadline}前公布，实际发布日期为{published}。",
       "{agency} is a government department; deadline {deadline}, published {published}.",
       "Agency kind is read from its name.", "V (条例 art 49¶1)"),
    _r("D-02", ERROR, BOTH, "县级以上地方政府3月31日前公布本级年报", "Local governments publish by 31 March",
       "{agency}为县级以上地方人民政府，应于{deadline}前公布，实际发布日期为{published}。",
       "{agency} is a local government; deadline {deadline}, published {published}.", "", "V (art 49¶2)"),
    _r("D-03", WARNING, BOTH, "其他主体按地方规定时限", "Other bodies: local deadline",
       "{agency}应按地方规定时限（默认{deadline}）公布，实际发布日期为{published}。",
       "{agency}: local deadline (default {deadline}); published {published}.",
       "乡镇/街道, 派出机构, 法律法规授权组织, 开发区 units; deadline configurable.", "D; R"),
    _r("D-04", WARNING, BOTH, "年度未结束即发布", "Published before the year ended",
       "发布日期{published}早于{year}年度结束，无法涵盖全年。", "Published {published}, before the end of {year}.",
       "", "D"),
    _r("D-05", WARNING, BOTH, "无法识别发布日期", "Publication date missing",
       "未能识别发布日期，无法判断是否按时公布。", "No publication date found.", "", "D"),
    _r("D-06", INFO, (), "旧条例统一3月31日", "Old rule: 31 March for all",
       "{year}年度适用旧条例，应于{deadline}前公布，实际发布日期为{published}。",
       "Under the 2008 条例 the deadline was {deadline}; published {published}.", "", "V (2010 广东 通报)"),
    # ------------------------------------------------------------ 5.8 narrative vs tables
    _r("N-01", ERROR, BOTH, "正文称未收到申请而表格本年新收>0", "Text says no applications, table says some",
       "正文称“{quote}”，但第三部分本年新收申请总计为{value}。",
       "The text says “{quote}” but table 三 shows {value} new applications.", "", "D; M"),
    _r("N-02", WARNING, BOTH, "正文申请数与表格不一致", "Application count in the text differs from the table",
       "正文称“{quote}”（{stated}件），但第三部分本年新收为{new}件、连同上年结转为{with_carried}件。",
       "The text states {stated} applications; table 三 shows {new} new ({with_carried} with carried over).",
       "", "D"),
    _r("N-03", WARNING, BOTH, "正文办理结果分项与表格不符", "Result breakdown in the text differs from the table",
       "正文称“{quote}”（{stated}件），但第三部分“{row}”为{value}件。",
       "The text states {stated} for {row}; table 三 shows {value}.", "", "D"),
    _r("N-04", ERROR, BOTH, "正文称无复议诉讼而表格有数", "Text says no review/litigation, table has cases",
       "正文称“{quote}”，但第四部分{kind}总计为{value}。",
       "The text says “{quote}” but table 四 shows {value} {kind_en}.", "", "D"),
    _r("N-05", WARNING, BOTH, "正文复议诉讼数与表格不符", "Review/litigation count in the text differs",
       "正文称“{quote}”（{stated}件），但第四部分{kind}总计为{value}。",
       "The text states {stated} {kind_en}; table 四 shows {value}.", "", "D"),
    _r("N-06", WARNING, BOTH, "正文文件数量与表格不符", "Document counts in the text differ from table 二",
       "正文称“{quote}”（{stated}件），但第二部分“{row}”{column}为{value}。",
       "The text states {stated}; table 二 {row}/{column} shows {value}.", "", "D"),
    _r("N-07", WARNING, ("2021",), "有逾期未缴费而未说明收费情况", "Unpaid-fee cases but no fee statement",
       "第三部分“逾期未按收费通知要求缴纳费用”为{value}件，但第六部分未说明信息处理费情况。",
       "Table 三 (六)2 is {value} but section 六 says nothing about fees.", "", "D"),
    _r("N-08", WARNING, ("2021",), "无申请却收取信息处理费", "Fees collected without applications",
       "第六部分称收取信息处理费{amount}，但本年新收及上年结转申请均为0。",
       "Section 六 reports fees of {amount} but there were no applications.", "", "D"),
    _r("N-09", WARNING, BOTH, "年份前后不一致", "Years disagree",
       "{where}中的年份{found}与报告年度{year}不一致。", "{where_en} says {found}; the report year is {year}.", "",
       "D"),
    _r("N-10", WARNING, BOTH, "正文称复议诉讼均获维持而表格有纠正/其他/未审结",
       "Text says all upheld, table shows other outcomes",
       "正文称“{quote}”，但第四部分{detail}。", "The text says “{quote}” but table 四 shows {detail_en}.", "",
       "D; R"),
    # ------------------------------------------------------------ 5.9 cross-table / cross-year
    _r("X-01", WARNING, BOTH, "无申请但有复议诉讼，需核实", "Review/litigation without applications",
       "第三部分本年新收与上年结转均为0，但第四部分有{value}件复议诉讼，请核实。",
       "No applications in table 三 but {value} review/litigation cases in table 四.",
       "Cases can stem from earlier years or from proactive-disclosure complaints, hence a warning.", "D"),
    _r("X-02", WARNING, BOTH, "同一报告的各来源取值一致", "Renditions of one report agree",
       "来源{other}与{source}有{count}个单元格取值不一致（前者≠后者）：{cells}。当前版本取自置信度较高的{source}。",
       "Source {other} and {source} disagree on {count} cells: {cells}. The active version comes from the more "
       "confident {source}.",
       "Raised by the store (xxgk ingest), not by xxgk check: several files of one report (the web page, its PDF, "
       "its DOCX: same agency and year) read a cell differently. One finding per other source on the active "
       "version, naming every cell that differs (a blank against a number counts); fields: source, other, count, "
       "cells.", "store"),
    _r("Y-01", WARNING, BOTH, "本年上年结转＝上年结转下年度", "Carried over = last year's carried forward",
       "第三部分“{column}”列上年结转为{printed}，但上一年度报告结转下年度为{expected}。",
       "Column {column}: carried over {printed}, last year's carried forward {expected}.", "", "D"),
    _r("Y-02", WARNING, ("2021",), "现行有效件数跨年衔接", "In-force count carries over",
       "“{row}”现行有效{printed}件，但上年现行有效{prev}＋本年制发{issued}－本年废止{repealed}＝{expected}件。",
       "{row}: in force {printed}; previous {prev} + issued {issued} − repealed {repealed} = {expected}.",
       "Amendments and clean-ups can break it, hence a warning.", "D"),
    _r("Y-03", WARNING, ("2019",), "项目数量跨年衔接", "Item counts carry over",
       "“{row}”上一年项目数量为{printed}，但上年报告的上一年项目数量{prev}＋本年增/减{change}＝{expected}。",
       "{row}: previous count {printed}; last year's {prev} + change {change} = {expected}.", "", "D + R"),
    _r("Y-04", INFO, BOTH, "回应上年问题整改", "Follow-up on last year's problems",
       "第五部分未见对上一年度所列问题整改情况的说明。",
       "Section 五 does not refer to the previous year's problems.", "", "U (practice R)"),
)

BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


def get(rule_id: str) -> Rule:
    return BY_ID[rule_id]
