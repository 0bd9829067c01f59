"""Compute the catalogue's metrics on one record: ``compute(report) -> {key: MetricValue}``.

A blank cell is not zero: a metric reading one is *unavailable* (the reason names the cell). A rate whose
denominator is 0 is *not applicable*, never 0 % or 100 %. Printed values are used as printed: a rate above
100 % from inconsistent tables is kept and said so (the checker reports the inconsistency).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from ..record import Report, cell_path
from ..template import TABLES
from .catalogue import BY_KEY, METRICS
from .model import (
    NOT_APPLICABLE,
    NOT_IN_FORMAT,
    OK,
    RATE,
    UNAVAILABLE,
    Amount,
    Cells,
    Expr,
    FirstOf,
    Formula,
    Metric,
    MetricValue,
)

_CN = {2: "二", 3: "三", 4: "四"}
_SHOWN = 4  # blank cells named in a reason before "等N个"


@dataclass
class Evaluation:
    """The value of an expression on a report, or why it has none."""

    value: Amount | None = 0
    cells: list[str] = field(default_factory=list)  # record paths read
    blank: list[str] = field(default_factory=list)  # Chinese labels of blank cells
    missing: list[str] = field(default_factory=list)  # Chinese labels of missing tables/rows
    confidence: float = 1.0

    def reason(self) -> str:
        parts = []
        if self.missing:
            parts.append("缺少" + "、".join(dict.fromkeys(self.missing)))
        if self.blank:
            shown = "、".join(self.blank[:_SHOWN]) + (f"等{len(self.blank)}个单元格" if len(self.blank) > _SHOWN else "")
            parts.append(f"{shown}留空（空白不等于0）")
        return "；".join(parts)


def evaluate(expr: Expr, report: Report) -> Evaluation:
    """Sum the cells an expression names; the value is None when a cell is blank or a row/table missing."""
    if isinstance(expr, Cells):
        return _cells(expr, report)
    if isinstance(expr, FirstOf):
        results = [evaluate(o, report) for o in expr.options]
        return next((r for r in results if r.value is not None), None) or next(
            (r for r in results if not r.missing), results[0])
    out = Evaluation()
    for term in expr.terms:
        part = evaluate(term, report)
        out.cells += part.cells
        out.blank += part.blank
        out.missing += part.missing
        out.confidence = min(out.confidence, part.confidence)
        out.value = None if out.value is None or part.value is None else out.value + part.value
    return out


# per row of a Cells expression: its key, its label when missing, and per column (index, record path, label
# when blank) — worked out once per expression (they are frozen, few, and read on every report)
_Plan = tuple[tuple[str, str, tuple[tuple[int, str, str], ...]], ...]


@cache
def _plan(expr: Cells) -> _Plan:
    t = TABLES[expr.table]
    plan = []
    for row_key in expr.row_keys():
        row = t.row(row_key)
        columns = t.row_columns(row)
        places = []
        for column in expr.columns:
            i = expr.column_index(row_key, column)
            where = f"“{row.ordinal}{row.label}”" + (f"行“{columns[i].label}”列" if len(columns) > 1 else "")
            places.append((i, cell_path(expr.table, row_key, i), f"第{_CN[t.section]}部分{where}"))
        plan.append((row_key, f"第{_CN[t.section]}部分“{row.ordinal}{row.label}”行", tuple(places)))
    return tuple(plan)


def _cells(expr: Cells, report: Report) -> Evaluation:
    out = Evaluation()
    table = report.table(expr.table)
    if table is None:
        out.missing.append(f"第{_CN[TABLES[expr.table].section]}部分表格")
        out.value = None
        return out
    total: Amount = 0
    for row_key, missing, places in _plan(expr):
        cells = table.rows.get(row_key)
        if cells is None:
            out.missing.append(missing)
            continue
        for i, path, blank in places:
            out.cells.append(path)
            cell = cells[i] if i < len(cells) else None
            if cell is None or cell.value is None:
                out.blank.append(blank)
                continue
            out.confidence = min(out.confidence, cell.confidence)
            total += cell.value
    out.value = None if out.missing or out.blank else total
    return out


def formula_for(metric: Metric, report: Report) -> Formula | None:
    """The formula for the report's format; for an unknown or mixed format, the one whose tables it has."""
    if report.template in ("2019", "2021"):
        return metric.formula_for(report.template)
    for formula in metric.formulas:
        if all(report.table(t) is not None for t in formula.tables()):
            return formula
    return metric.formulas[0]


def compute_one(metric: Metric, report: Report) -> MetricValue:
    formula = formula_for(metric, report)
    if formula is None:
        return MetricValue(metric.key, None, NOT_IN_FORMAT, f"{report.template}年版格式无此项")
    num = evaluate(formula.value, report)
    if formula.denominator is None:
        if num.value is None:
            return MetricValue(metric.key, None, UNAVAILABLE, num.reason(), tuple(num.cells), num.confidence)
        return MetricValue(metric.key, num.value, OK, "", tuple(num.cells), num.confidence)
    den = evaluate(formula.denominator, report)
    cells = tuple(dict.fromkeys(num.cells + den.cells))
    confidence = min(num.confidence, den.confidence)
    if den.value is None:
        return MetricValue(metric.key, None, UNAVAILABLE, "分母不可得：" + den.reason(), cells, confidence,
                           num.value, None)
    if den.value == 0:
        return MetricValue(metric.key, None, NOT_APPLICABLE, f"分母为0（{formula.denominator.describe()}）",
                           cells, confidence, num.value, den.value)
    if num.value is None:
        return MetricValue(metric.key, None, UNAVAILABLE, "分子不可得：" + num.reason(), cells, confidence,
                           None, den.value)
    rate = float(num.value) / float(den.value)
    reason = "" if 0 <= rate <= 1 else "超出0–100%：表格数据不一致，按印出的数计算"
    return MetricValue(metric.key, rate, OK, reason, cells, confidence, num.value, den.value)


def compute(report: Report, keys: Iterable[str] | None = None) -> dict[str, MetricValue]:
    """Every metric of the catalogue (or the given keys, in catalogue order) on one report."""
    wanted = None if keys is None else set(keys)
    if wanted is not None and (unknown := wanted - set(BY_KEY)):
        raise KeyError(f"unknown metric: {', '.join(sorted(unknown))}")
    return {m.key: compute_one(m, report) for m in METRICS if wanted is None or m.key in wanted}


def display(metric: Metric, value: MetricValue) -> str:
    """The value as a person reads it: 27.2%, 81 件, 5949.09 万元, or 不适用/不可得."""
    if value.status == NOT_APPLICABLE:
        return "不适用"
    if value.status == UNAVAILABLE:
        return "不可得"
    if value.status == NOT_IN_FORMAT:
        return "无此项"
    assert value.value is not None
    if metric.kind == RATE:
        return f"{float(value.value) * 100:.1f}%"
    return f"{value.value} {metric.unit}"
