"""五、附录: the metric definitions and the texts of the rules the briefing names (from the catalogues, through
the same rows as docs/metrics.md and docs/rules.md), and where every number of the document comes from."""

from __future__ import annotations

from typing import Any

from ..metrics.docs import definitions
from ..rules.docs import texts
from ..store import Store
from .model import (
    CELL,
    DIFF,
    FIELD,
    FINDING,
    METRIC,
    QUERY,
    RATIO,
    Briefing,
    Link,
    Paragraph,
    Section,
    Source,
    Table,
)

QUERY_NAMES = {
    "reports": "收到的报告数", "expected": "应报机关数", "expected_in": "已报送的应报机关数", "missing": "未报送的应报机关数",
    "unexpected": "不在应报名单的报告数", "late": "逾期发布的报告数", "with_errors": "有错误的报告数",
    "template": "使用该格式的报告数", "rule_reports": "有该规则问题的报告数", "rule_findings": "该规则的问题数",
    "cells": "数据单元格数", "blank_cells": "留空的单元格数", "low_cells": "置信度偏低的单元格数",
    "review": "处于该审核状态的问题数", "quantile": "指标分位数", "metric_n": "指标可计算的报告数",
    "rank": "指标排名", "report_errors": "报告未处理的错误数", "report_warnings": "报告未处理的警告数",
}
PARAM_NAMES = {"year": "年度", "region": "区划", "kind": "类型", "level": "级别", "template": "格式", "rule": "规则",
               "state": "审核状态", "metric": "指标", "p": "分位", "report_id": "报告"}
FIELD_NAMES = {"published_on": "发布日期", "signed_on": "落款日期", "template": "格式"}


def describe(source: Source) -> str:
    """The source in words, for the appendix and the spreadsheet."""
    from ..metrics import BY_KEY
    from ..rules.model import cell_label

    if source.kind == CELL:
        table, row, column = str(source.cell).split("/")
        return f"报告{source.report_id} {cell_label(table, row, int(column))}"
    if source.kind == FIELD:
        return f"报告{source.report_id} {FIELD_NAMES.get(str(source.name), source.name)}"
    if source.kind == METRIC:
        m = BY_KEY.get(str(source.name))
        return f"报告{source.report_id} 指标 {m.name if m else source.name}（由单元格计算）"
    if source.kind == FINDING:
        return f"报告{source.report_id} 问题{source.finding_id}"
    if source.kind == QUERY:
        args = "，".join(f"{PARAM_NAMES.get(k, k)}={v}" for k, v in source.params)
        return f"查询：{QUERY_NAMES.get(str(source.name), source.name)}（{args}）"
    if source.kind in (RATIO, DIFF):
        a, b = (describe(p) for p in source.parts)
        return f"{a} {'÷' if source.kind == RATIO else '－'} {b}"
    return source.kind


def add_appendix(briefing: Briefing, store: Store) -> None:
    """Number the figures of the document and add the appendix (definitions, rules, sources)."""
    briefing.number()
    metrics = Table("附表1 指标定义", ["指标", "单位", "公式", "不适用", "说明"],
                    [[d["name"], d["unit"], "；".join(f"{fmts}：{text}" for fmts, text in d["formulas"]),
                      d["not_applicable"], d["caveats"]] for d in definitions()])
    rules = Table("附表2 文中提到的检查规则", ["规则", "级别", "内容", "提示"],
                  [[r["id"], r["severity_cn"], r["title"], r["message"]] for r in texts(briefing.rules_used)])
    rows: list[list[Any]] = []
    for n in briefing.numbers():
        link = n.source.link()
        rows.append([n.id, n.text, describe(n.source), Link(link, link) if link else ""])
    sources = Table("附表3 数字来源", ["编号", "数值", "来源", "链接"], rows,
                    note="链接为报告库网页版中的地址；“报告N”为报告编号，单元格为其当前版本中的单元格。")
    intro = Paragraph([f"本简报中的数字均由报告库（{store.name}）计算，按明确的规则成文；下表列出每个数字的来源。"])
    ordinal = "一二三四五六七八九十"[len(briefing.sections)]
    briefing.sections.append(Section(f"{ordinal}、附录", [intro, metrics, rules, sources]))
