"""The metric catalogue as data: stable keys, Chinese names, formulas over the template's cells, units.

Formulas refer to record keys of :mod:`xxgk.template` (tables, rows, printed groups, columns), never to
printed labels; ``docs/metrics.md`` and the README list are generated from this file
(``python -m xxgk.docs``). Keys are stable: the store keeps computed values under them.
"""

from __future__ import annotations

from .model import AMOUNT, COUNT, RATE, Cells, Expr, FirstOf, Formula, Metric, Sum

BOTH = frozenset({"2019", "2021"})
ONLY_2021 = frozenset({"2021"})
ONLY_2019 = frozenset({"2019"})

APP, RL = "applications", "review_litigation"
CONCLUDED = ("upheld", "corrected", "other")  # table 四: every result column but 尚未审结 and 总计


def app(*rows: str, column: str = "total") -> Cells:
    """Table 三 rows in one applicant column (default 总计)."""
    return Cells(APP, (column,), rows=rows)


def app_group(group: str, column: str = "total") -> Cells:
    return Cells(APP, (column,), group=group)


def rl(row: str, *columns: str) -> Cells:
    return Cells(RL, columns, rows=(row,))


def active(fmt: str, row: str, column: str) -> Formula:
    """A section-二 cell: the 2021 table ``active`` or the 2019 table ``active_2019``."""
    table = "active" if fmt == "2021" else "active_2019"
    return Formula(frozenset({fmt}), Cells(table, (column,), rows=(row,)))


def both(value: Expr, denominator: Expr | None = None) -> tuple[Formula, ...]:
    return (Formula(BOTH, value, denominator),)


# Table 三: applications concluded this year (（七）总计) — the denominator of the outcome rates.
HANDLED = app("total")
# （六）其他处理: three sub-rows (2021) or the one row (2019, and some 2021 reports).
OTHER = FirstOf((app_group("other"), app("other")))
TO_HANDLE = Sum((app("new"), app("carried_over")))

_RATE_NA = "本年办结申请数（（七）总计）为0时不适用。"
_OUTCOME = ("分母为（七）总计（本年办结数），不含结转下年度继续办理的申请；总计栏留空时不可得，不以各申请人栏相加代替。")


def _outcome(key: str, name: str, name_en: str, value: Expr, caveat: str = "") -> Metric:
    return Metric(key, name, name_en, "%", RATE, both(value, HANDLED), _RATE_NA, (caveat + _OUTCOME).strip())


def _loss(key: str, name: str, name_en: str, rows: tuple[str, ...], what: str) -> Metric:
    corrected = Sum(tuple(rl(r, "corrected") for r in rows)) if len(rows) > 1 else rl(rows[0], "corrected")
    concluded = Sum(tuple(rl(r, *CONCLUDED) for r in rows)) if len(rows) > 1 else rl(rows[0], *CONCLUDED)
    return Metric(
        key, name, name_en, "%", RATE, both(corrected, concluded),
        f"{what}已审结案件（结果维持＋结果纠正＋其他结果）为0时不适用。",
        "败诉按“结果纠正”计；“其他结果”（如撤诉、驳回起诉）计入分母；尚未审结的案件不计入分母。"
        "分母按各结果栏相加，不取印出的总计栏（总计与分项不符时由检查规则T4-01报告）。",
    )


METRICS: tuple[Metric, ...] = (
    # ------------------------------------------------------------ 二 主动公开
    Metric("rules_published", "主动公开规章数", "Rules published", "件", COUNT,
           (active("2021", "rules", "issued"), active("2019", "rules", "new_published")),
           caveats="2021年版取“本年制发件数”，2019年版取“本年新公开数量”，两者口径相近但不完全相同。"),
    Metric("normative_documents_published", "主动公开规范性文件数", "Normative documents published", "件",
           COUNT,
           (active("2021", "normative_documents", "issued"), active("2019", "normative_documents", "new_published")),
           caveats="2021年版取“本年制发件数”，2019年版取“本年新公开数量”，两者口径相近但不完全相同。"),
    Metric("normative_documents_repealed", "废止规范性文件数", "Normative documents repealed", "件", COUNT,
           (active("2021", "normative_documents", "repealed"),), caveats="仅2021年版格式有此项。"),
    Metric("normative_documents_in_force", "现行有效规范性文件数", "Normative documents in force", "件", COUNT,
           (active("2021", "normative_documents", "in_force"),),
           caveats="仅2021年版格式有此项；2019年版“对外公开总数量”是累计公开数，不是现行有效数，不作替代。"),
    Metric("licensing_decisions", "行政许可处理决定数", "Licensing decisions", "件", COUNT,
           (active("2021", "licensing", "decisions"), active("2019", "licensing", "decisions"))),
    Metric("punishment_decisions", "行政处罚处理决定数", "Punishment decisions", "件", COUNT,
           (active("2021", "punishment", "decisions"), active("2019", "punishment", "decisions"))),
    Metric("enforcement_decisions", "行政强制处理决定数", "Administrative enforcement decisions", "件", COUNT,
           (active("2021", "enforcement", "decisions"), active("2019", "enforcement", "decisions"))),
    Metric("fees_10k_yuan", "行政事业性收费金额", "Administrative fees collected", "万元", AMOUNT,
           (active("2021", "fees_10k_yuan", "fees_10k_yuan"),),
           caveats="仅2021年版格式有此项（2019年版只报收费项目数）。"),
    Metric("procurement_amount_yuan", "政府集中采购总金额", "Central government procurement", "元", AMOUNT,
           (active("2019", "procurement", "amount_yuan"),),
           caveats="仅2019年版格式有此项；金额按元记录（印为万元的已换算）。"),
    # ------------------------------------------------------------ 三 依申请公开
    Metric("applications_new", "依申请新收数", "New applications", "件", COUNT, both(app("new")),
           caveats="取第三部分“本年新收”行的总计栏。"),
    Metric("applications_carried_over", "上年结转申请数", "Applications carried over", "件", COUNT,
           both(app("carried_over"))),
    Metric("applications_handled", "本年办结申请数", "Applications concluded", "件", COUNT, both(HANDLED),
           caveats="即（七）总计。"),
    Metric("applications_carried_forward", "结转下年度申请数", "Applications carried forward", "件", COUNT,
           both(app("carried_forward"))),
    Metric("natural_person_share", "自然人申请占比", "Share of applications by natural persons", "%", RATE,
           both(app("new", column="natural_person"), app("new")),
           "本年新收申请数为0时不适用。"),
    _outcome("granted_rate", "予以公开率", "Granted rate", app("granted")),
    _outcome("partially_granted_rate", "部分公开率", "Partially granted rate", app("partially_granted")),
    _outcome("disclosure_rate", "公开率（含部分公开）", "Disclosure rate (full or partial)",
             Sum((app("granted"), app("partially_granted")))),
    _outcome("withheld_rate", "不予公开率", "Withheld rate", app_group("withheld")),
    _outcome("unavailable_rate", "无法提供率", "Unavailable rate", app_group("unavailable")),
    _outcome("rejected_rate", "不予处理率", "Not-processed rate", app_group("rejected")),
    _outcome("other_handling_rate", "其他处理率", "Other handling rate", OTHER,
             "（六）其他处理按三个分项相加；只印一行（六）的报告取该行。"),
    Metric("carry_forward_rate", "结转率", "Carry-forward rate", "%", RATE, both(app("carried_forward"), TO_HANDLE),
           "本年新收与上年结转之和为0时不适用。",
           "分母为本年新收＋上年结转（本年应办理的申请）。"),
    # ------------------------------------------------------------ 四 复议诉讼
    Metric("review_total", "行政复议数", "Administrative reviews", "件", COUNT, both(rl("review", "total")),
           caveats="取印出的总计栏。"),
    Metric("litigation_total", "行政诉讼数", "Lawsuits", "件", COUNT,
           both(Sum((rl("litigation_direct", "total"), rl("litigation_after_review", "total")))),
           caveats="未经复议直接起诉与复议后起诉的总计栏之和。"),
    Metric("review_litigation_total", "复议诉讼总数", "Reviews and lawsuits", "件", COUNT,
           both(Sum((rl("review", "total"), rl("litigation_direct", "total"), rl("litigation_after_review", "total")))),
           caveats="行政复议与两类行政诉讼的总计栏之和。"),
    Metric("review_correction_rate", "复议纠错率", "Review correction rate", "%", RATE,
           both(rl("review", "corrected"), rl("review", *CONCLUDED)),
           "已审结的行政复议（结果维持＋结果纠正＋其他结果）为0时不适用。",
           "纠错按“结果纠正”计；尚未审结的案件不计入分母；分母按各结果栏相加，不取印出的总计栏。"),
    _loss("litigation_loss_rate", "诉讼败诉率", "Litigation loss rate", ("litigation_direct", "litigation_after_review"),
          "两类行政诉讼"),
    _loss("litigation_direct_loss_rate", "诉讼败诉率（直接起诉）", "Loss rate, direct lawsuits",
          ("litigation_direct",), "未经复议直接起诉的"),
    _loss("litigation_after_review_loss_rate", "诉讼败诉率（复议后起诉）", "Loss rate, lawsuits after review",
          ("litigation_after_review",), "复议后起诉的"),
)

BY_KEY = {m.key: m for m in METRICS}
