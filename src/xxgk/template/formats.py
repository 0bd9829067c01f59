"""The two official formats as data: the one definition the parser, the checker and the renderer read.

Sources: ../shared/spec/reference.md §2 (国办公开办函〔2021〕30号), §3 (〔2019〕60号), §7 (label variants).
Row and column keys are those of the canonical record, ``xxgk.report/1`` (schema.md).
"""

from __future__ import annotations

from .model import CellKind, Column, Format, Group, Row, Section, SubTable, Table

BOTH = frozenset({"2019", "2021"})
ONLY_2021 = frozenset({"2021"})
ONLY_2019 = frozenset({"2019"})

# ---------------------------------------------------------------- sections (§2.4, §7)
SECTIONS = (
    Section(1, "一、", "总体情况", keys=("总体情况",)),
    Section(2, "二、", "主动公开政府信息情况", keys=("主动公开政府信息情况", "主动公开政府信息")),
    Section(
        3,
        "三、",
        "收到和处理政府信息公开申请情况",
        keys=("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请"),
    ),
    Section(
        4,
        "四、",
        "政府信息公开行政复议、行政诉讼情况",
        variants=(
            "因政府信息公开工作被申请行政复议提起行政诉讼情况",
            "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
            "政府信息公开行政复议与行政诉讼情况",
            "政府信息公开行政复议和行政诉讼情况",
            "政府信息公开行政法复议、行政诉讼情况",
        ),
        keys=("行政复议、行政诉讼情况", "行政复议行政诉讼情况", "行政复议和行政诉讼情况",
              "行政复议与行政诉讼情况", "行政复议和提起行政诉讼", "行政复议提起行政诉讼",
              "行政法复议、行政诉讼情况", "行政复议及行政诉讼情况"),
    ),
    Section(
        5,
        "五、",
        "存在的主要问题及改进情况",
        variants=("政府信息公开工作存在的主要问题及改进情况", "存在问题及改进情况"),
        keys=("存在的主要问题及改进情况", "存在问题及改进情况", "主要问题及改进情况",
              "存在的主要问题及下步改进情况", "存在的主要问题和改进情况", "存在的主要问题及改进措施",
              "存在的主要问题"),
    ),
    Section(6, "六、", "其他需要报告的事项", keys=("其他需要报告的事项",)),
)

# ---------------------------------------------------------------- section 二, 2021 (§2.5)
_ACTIVE_DOC_COLS = (
    Column("issued", "本年制发件数"),
    Column("repealed", "本年废止件数"),
    Column("in_force", "现行有效件数"),
)
_DECISIONS = (Column("decisions", "本年处理决定数量"),)
_FEES = (Column("fees_10k_yuan", "本年收费金额（单位：万元）", CellKind.MONEY_10K, variants=("本年收费金额",)),)

ACTIVE_2021 = Table(
    key="active",
    section=2,
    title="主动公开政府信息情况",
    columns=_ACTIVE_DOC_COLS,
    rows=(
        Row("rules", "规章", keys=("规章",), columns=_ACTIVE_DOC_COLS, formats=ONLY_2021),
        Row("normative_documents", "行政规范性文件", variants=("规范性文件",), keys=("规范性文件",),
            columns=_ACTIVE_DOC_COLS, formats=ONLY_2021),
        Row("licensing", "行政许可", keys=("行政许可",), columns=_DECISIONS, scalar=True, formats=ONLY_2021),
        Row("punishment", "行政处罚", keys=("行政处罚",), columns=_DECISIONS, scalar=True, formats=ONLY_2021),
        Row("enforcement", "行政强制", keys=("行政强制",), columns=_DECISIONS, scalar=True, formats=ONLY_2021),
        Row("fees_10k_yuan", "行政事业性收费", keys=("行政事业性收费",), columns=_FEES, scalar=True,
            formats=ONLY_2021),
    ),
    subtables=(
        SubTable("art20_1", "第二十条第（一）项", ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
                 ("rules", "normative_documents")),
        SubTable("art20_5", "第二十条第（五）项", ("信息内容", "本年处理决定数量"), ("licensing",)),
        SubTable("art20_6", "第二十条第（六）项", ("信息内容", "本年处理决定数量"), ("punishment", "enforcement")),
        SubTable("art20_8", "第二十条第（八）项", ("信息内容", "本年收费金额（单位：万元）"), ("fees_10k_yuan",)),
    ),
)

# ---------------------------------------------------------------- section 二, 2019 (§3.2)
_DOC_COLS_2019 = (
    Column("new_made", "本年新制作数量", variants=("本年新制作",)),
    Column("new_published", "本年新公开数量", variants=("本年新公开",)),
    Column("total_published", "对外公开总数量"),
)
_ITEM_COLS_2019 = (
    Column("prev_count", "上一年项目数量"),
    Column("change", "本年增/减", CellKind.SIGNED, variants=("本年增减",)),
    Column("decisions", "处理决定数量"),
)
_FEE_COLS_2019 = _ITEM_COLS_2019[:2]
_PROCUREMENT_COLS = (
    Column("count", "采购项目数量"),
    Column("amount_yuan", "采购总金额", CellKind.YUAN),
)

ACTIVE_2019 = Table(
    key="active_2019",
    section=2,
    title="主动公开政府信息情况",
    columns=_DOC_COLS_2019,
    rows=(
        Row("rules", "规章", keys=("规章",), columns=_DOC_COLS_2019, formats=ONLY_2019),
        Row("normative_documents", "规范性文件", variants=("行政规范性文件",), keys=("规范性文件",),
            columns=_DOC_COLS_2019, formats=ONLY_2019),
        Row("licensing", "行政许可", keys=("行政许可",), columns=_ITEM_COLS_2019, formats=ONLY_2019),
        Row("other_services", "其他对外管理服务事项", keys=("其他对外管理服务事项", "对外管理服务事项"),
            columns=_ITEM_COLS_2019, formats=ONLY_2019),
        Row("punishment", "行政处罚", keys=("行政处罚",), columns=_ITEM_COLS_2019, formats=ONLY_2019),
        Row("enforcement", "行政强制", keys=("行政强制",), columns=_ITEM_COLS_2019, formats=ONLY_2019),
        Row("fees", "行政事业性收费", keys=("行政事业性收费",), columns=_FEE_COLS_2019, formats=ONLY_2019),
        Row("procurement", "政府集中采购", keys=("政府集中采购",), columns=_PROCUREMENT_COLS, formats=ONLY_2019),
    ),
    subtables=(
        SubTable("art20_1", "第二十条第（一）项", ("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
                 ("rules", "normative_documents")),
        SubTable("art20_5", "第二十条第（五）项", ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
                 ("licensing", "other_services")),
        SubTable("art20_6", "第二十条第（六）项", ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
                 ("punishment", "enforcement")),
        SubTable("art20_8", "第二十条第（八）项", ("信息内容", "上一年项目数量", "本年增/减"), ("fees",)),
        SubTable("art20_9", "第二十条第（九）项", ("信息内容", "采购项目数量", "采购总金额"), ("procurement",)),
    ),
)

# Header words that tell the two section-二 layouts apart (printed column headers, never the year).
ACTIVE_MARKERS = {
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"),
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "采购项目数量",
             "政府集中采购", "其他对外管理服务事项", "第二十条第九项"),
}

# ---------------------------------------------------------------- section 三 (§2.6, §3.3)
# Header cells printed over the applicant columns (申请人情况 spans all seven; 法人或其他组织 the five in between).
APPLICANTS_HEADER = "申请人情况"
LEGAL_PERSONS_HEADER = "法人或其他组织"

APPLICANT_COLUMNS = (
    Column("natural_person", "自然人"),
    Column("business", "商业企业"),
    Column("research", "科研机构"),
    Column("public_interest", "社会公益组织"),
    Column("legal_service", "法律服务机构"),
    Column("other", "其他"),
    Column("total", "总计"),
)

APPLICATIONS = Table(
    key="applications",
    section=3,
    title="收到和处理政府信息公开申请情况",
    layout="rows",
    header_note="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    columns=APPLICANT_COLUMNS,
    groups=(
        Group("results", "本年度办理结果", "三、"),
        Group("withheld", "不予公开", "（三）"),
        Group("unavailable", "无法提供", "（四）"),
        Group("rejected", "不予处理", "（五）"),
        Group("other", "其他处理", "（六）"),
    ),
    rows=(
        Row("new", "本年新收政府信息公开申请数量", "一、", keys=("本年新收政府信息公开申请", "本年新收")),
        Row("carried_over", "上年结转政府信息公开申请数量", "二、", keys=("上年结转政府信息公开申请", "上年结转")),
        Row("granted", "予以公开", "（一）", group="results", keys=("予以公开",)),
        Row("partially_granted", "部分公开", "（二）", group="results",
            note="（区分处理的，只计这一情形，不计其他情形）", keys=("部分公开",)),
        Row("withheld_state_secret", "属于国家秘密", "1.", group="withheld", keys=("国家秘密",)),
        Row("withheld_law_prohibited", "其他法律行政法规禁止公开", "2.", group="withheld",
            variants=("其他法律行政止公开", "其他法律、行政法规禁止公开"),
            keys=("其他法律行政法规禁止", "其他法律行政止公开", "法律行政法规禁止公开", "其他法律行政")),
        Row("withheld_three_safeties", "危及“三安全一稳定”", "3.", group="withheld",
            variants=('危及"三安全一稳定"',), keys=("三安全一稳定", "危及三安全")),
        Row("withheld_third_party", "保护第三方合法权益", "4.", group="withheld", keys=("保护第三方", "第三方合法权益")),
        Row("withheld_internal_affairs", "属于三类内部事务信息", "5.", group="withheld",
            keys=("三类内部事务", "内部事务信息")),
        Row("withheld_process_info", "属于四类过程性信息", "6.", group="withheld", keys=("四类过程性", "过程性信息")),
        Row("withheld_enforcement_file", "属于行政执法案卷", "7.", group="withheld", keys=("行政执法案卷",)),
        Row("withheld_query", "属于行政查询事项", "8.", group="withheld", keys=("行政查询事项",)),
        Row("unavailable_not_held", "本机关不掌握相关政府信息", "1.", group="unavailable",
            keys=("本机关不掌握", "不掌握相关政府信息")),
        Row("unavailable_needs_creation", "没有现成信息需要另行制作", "2.", group="unavailable",
            keys=("没有现成信息", "需要另行制作")),
        Row("unavailable_unclear", "补正后申请内容仍不明确", "3.", group="unavailable",
            keys=("补正后申请内容", "申请内容仍不明确")),
        Row("rejected_petition", "信访举报投诉类申请", "1.", group="rejected", keys=("信访举报投诉",)),
        Row("rejected_duplicate", "重复申请", "2.", group="rejected", keys=("重复申请",)),
        Row("rejected_publication", "要求提供公开出版物", "3.", group="rejected", keys=("公开出版物",)),
        Row("rejected_excessive", "无正当理由大量反复申请", "4.", group="rejected", keys=("大量反复",)),
        Row("rejected_confirmation", "要求行政机关确认或重新出具已获取信息", "5.", group="rejected",
            keys=("要求行政机关确认", "重新出具已获取信息", "重新出具")),
        Row("other_no_correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "1.",
            group="other", keys=("逾期不补正", "申请人无正当理由"), formats=ONLY_2021),
        Row("other_no_fee", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "2.",
            group="other", keys=("逾期未按收费", "收费通知", "申请人逾期未按"), formats=ONLY_2021),
        Row("other_other", "其他", "3.", group="other", needs_ordinal=True, keys=("其他",), formats=ONLY_2021),
        # The 2019 layout (and some 2021 reports) print （六）其他处理 as one row.
        Row("other", "其他处理", "（六）", group="results", keys=("其他处理",), formats=ONLY_2019),
        Row("total", "总计", "（七）", group="results", needs_ordinal=True, variants=("合计",), keys=("总计",),
            is_total=True),
        Row("carried_forward", "结转下年度继续办理", "四、", keys=("结转下年度继续办理", "结转下年度")),
    ),
)

# （六）其他处理: three sub-rows in the 2021 layout, one row in the 2019 layout (and in some 2021 reports).
OTHER_SUB_ROWS: tuple[str, ...] = tuple(r.key for r in APPLICATIONS.rows if r.group == "other")
OTHER_ONE_ROW: str = next(
    r.key for r in APPLICATIONS.rows
    if r.group != "other" and r.label == next(g.label for g in APPLICATIONS.groups if g.key == "other")
)


def application_rows(split_other: bool) -> tuple[Row, ...]:
    """The rows of table 三 in print order, with （六） as three sub-rows or as one row."""
    return tuple(
        r for r in APPLICATIONS.rows
        if not (r.key in OTHER_SUB_ROWS and not split_other) and not (r.key == OTHER_ONE_ROW and split_other)
    )


# ---------------------------------------------------------------- section 四 (§2.7)
OUTCOME_COLUMNS = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)

REVIEW_LITIGATION = Table(
    key="review_litigation",
    section=4,
    title="政府信息公开行政复议、行政诉讼情况",
    columns=OUTCOME_COLUMNS,
    groups=(Group("litigation", "行政诉讼"),),
    rows=(
        Row("review", "行政复议", keys=("行政复议",)),
        Row("litigation_direct", "未经复议直接起诉", group="litigation", keys=("未经复议直接起诉",)),
        Row("litigation_after_review", "复议后起诉", group="litigation", keys=("复议后起诉",)),
    ),
)

FORMAT_2021 = Format(
    name="2021",
    document="国办公开办函〔2021〕30号",
    sections=SECTIONS,
    tables=(ACTIVE_2021, APPLICATIONS, REVIEW_LITIGATION),
)
FORMAT_2019 = Format(
    name="2019",
    document="国办公开办函〔2019〕60号",
    sections=SECTIONS,
    tables=(ACTIVE_2019, APPLICATIONS, REVIEW_LITIGATION),
)
FORMATS = {"2021": FORMAT_2021, "2019": FORMAT_2019}
TABLES = {t.key: t for t in (ACTIVE_2021, ACTIVE_2019, APPLICATIONS, REVIEW_LITIGATION)}

# Ordinals printed before labels: Chinese numerals in several bracket styles, Arabic with a dot.
CHINESE_NUMERALS = "一二三四五六七八九十"
