"""The YAML record an author fills in (``xxgk new``), with Chinese comments saying what goes where.

:func:`to_yaml` writes any record this way (``xxgk draft`` uses it too, so comments survive a round trip);
:func:`skeleton` makes the empty record: 0 in every detail cell, the computed cells (总计 column, （七）总计,
结转下年度继续办理, the 总计 of table 四) left blank so ``render`` fills them.
Every label in the comments comes from :mod:`xxgk.template`.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ..record import SCHEMA, Cell, Report, SectionText, TableData, Value
from ..template import FORMATS, SECTIONS, TABLES
from .layout import application_rows

# What each section holds (reference.md §2.3); shown as the placeholder text of a new record.
SECTION_HINTS = {
    1: "（文字描述：主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障等方面情况）",
    2: "",
    3: "",
    4: "",
    5: "（文字描述：存在的主要问题及改进情况）",
    6: "（文字描述：其他需要报告的事项，收取信息处理费情况在此处报告）",
}
COMPUTED_ROWS = ("total", "carried_forward")


def skeleton(agency: str, year: int, template: str = "2021") -> Report:
    """An empty record in the given format, ready to fill in."""
    if template not in FORMATS:
        raise ValueError(f"unknown template {template!r}; choose 2021 or 2019")
    report = Report(agency=agency, year=year, template=template)
    active = "active_2019" if template == "2019" else "active"
    data = TableData(active)
    for row in TABLES[active].rows:
        data.rows[row.key] = [Cell(0) for _ in TABLES[active].row_columns(row)]
    report.tables[active] = data
    applications = report.tables["applications"] = TableData("applications")
    width = len(TABLES["applications"].columns)
    for key in application_rows(report):
        computed = key in COMPUTED_ROWS
        applications.rows[key] = [
            Cell(None if computed or c == width - 1 else 0) for c in range(width)
        ]
    review = TableData("review_litigation")
    n = len(TABLES["review_litigation"].columns)
    for row in TABLES["review_litigation"].rows:
        review.rows[row.key] = [Cell(None if c == n - 1 else 0) for c in range(n)]
    report.tables["review_litigation"] = review
    report.sections = [SectionText(s.number, s.ordinal + s.heading, SECTION_HINTS[s.number]) for s in SECTIONS]
    return report


# ------------------------------------------------------------------ YAML writing
def _scalar(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, Decimal):
        return format(v.normalize(), "f") if v != v.to_integral_value() else str(int(v))
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    return json.dumps(str(v), ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def _block_text(text: str, indent: str) -> str:
    if not text:
        return '""'
    lines = text.split("\n")
    return "|-\n" + "\n".join(indent + line if line else "" for line in lines)


def _values(table: TableData, row: str, width: int) -> list[Value]:
    vals = table.values(row) or []
    return (vals + [None] * width)[:width]


def _comment(lines: list[str], text: str, indent: str = "") -> None:
    lines.append(f"{indent}# {text}")


def to_yaml(report: Report) -> str:
    """The record as commented YAML (``xxgk.report/1``), readable back by :meth:`Report.from_json`."""
    out: list[str] = []
    fmt_name = report.template if report.template in FORMATS else "2021"
    _comment(out, "政府信息公开工作年度报告 数据记录（xxgk.report/1）")
    _comment(out, "填写后运行：xxgk render 本文件 --to docx -o 报告.docx（另有 html、pdf、md、txt）")
    _comment(out, "数字填阿拉伯数字；空白（null）= 表格中留空的单元格，不等于 0。")
    _comment(out, "标注“可留空自动计算”的单元格留空时由 render 按勾稽关系计算；填写的数与勾稽关系不符时 render 拒绝输出。")
    out.append(f"schema: {SCHEMA}")
    out.append(f"agency: {_scalar(report.agency)}  # 发布机关全称，如标题所写（不含年份和“政府信息公开工作年度报告”）")
    out.append(f"year: {_scalar(report.year)}  # 报告年度")
    out.append(f"template: {_scalar(report.template or fmt_name)}  # 格式：\"2021\"（"
               f"{FORMATS['2021'].document}）或 \"2019\"（{FORMATS['2019'].document}）")
    out.append(f"published_on: {_scalar(report.published_on)}  # 落款（发布）日期，如 2025-01-20")
    if report.signed_on and report.signed_on != report.published_on:
        out.append(f"signed_on: {_scalar(report.signed_on)}  # 落款日期（与发布日期不同时）")
    if report.title:
        out.append(f"title: {_scalar(report.title)}")
    out.append("")
    _comment(out, "正文：六个部分的文字；二、三、四部分可用 xxgk draft 按表格数字生成标准表述后再修改。")
    out.append("sections:")
    texts = {s.number: s.text for s in report.sections}
    for s in SECTIONS:
        out.append(f"  - number: {s.number}")
        out.append(f"    heading: {_scalar(s.ordinal + s.heading)}")
        out.append(f"    text: {_block_text(texts.get(s.number, ''), '      ')}")
    for key in ("active", "active_2019"):
        if key in report.tables:
            out.append("")
            _active(out, key, report.tables[key])
    out.append("")
    _applications(out, report)
    out.append("")
    _review(out, report.tables.get("review_litigation"))
    return "\n".join(out) + "\n"


def _active(out: list[str], key: str, data: TableData | None) -> None:
    t = TABLES[key]
    _comment(out, f"二、{t.title}（第二十条各项）；null 表示该表未印出")
    if data is None:
        out.append(f"{key}: null")
        return
    out.append(f"{key}:")
    captions = {rk: sub.caption for sub in t.subtables for rk in sub.rows}
    for row in t.rows:
        columns = t.row_columns(row)
        values = _values(data, row.key, len(columns))
        where = f"{captions.get(row.key, '')} {row.label}".strip()
        if row.scalar:
            out.append(f"  {row.key}: {_scalar(values[0])}  # {where}：{columns[0].label}")
            continue
        out.append(f"  {row.key}:  # {where}")
        for col, v in zip(columns, values, strict=True):
            out.append(f"    {col.key}: {_scalar(v)}  # {col.label}")


def _applications(out: list[str], report: Report) -> None:
    t = TABLES["applications"]
    data = report.tables.get("applications")
    _comment(out, f"三、{t.title}")
    _comment(out, "每行 7 个数：[" + ", ".join(c.label for c in t.columns) + "]")
    _comment(out, t.header_note)
    if data is None:
        out.append("applications: null  # 未印出")
        return
    out.append("applications:")
    out.append("  rows:")
    groups = {g.key: g for g in t.groups}
    width = len(t.columns)
    seen: set[str] = set()
    for key in application_rows(report):
        row = t.row(key)
        group = groups.get(row.group)
        if group is not None and row.group != "results" and row.group not in seen:
            seen.add(row.group)
            _comment(out, f"{group.ordinal}{group.label}", "    ")
        values = ", ".join(_scalar(v) for v in _values(data, key, width))
        hint = "（可留空自动计算）" if key in COMPUTED_ROWS else "（总计列可留空自动计算）"
        out.append(f"    {key}: [{values}]  # {row.printed}{hint}")


def _review(out: list[str], data: TableData | None) -> None:
    t = TABLES["review_litigation"]
    _comment(out, f"四、{t.title}")
    _comment(out, "每组 5 个数：[" + ", ".join(c.label for c in t.columns) + "]（总计可留空自动计算）")
    if data is None:
        out.append("review_litigation: null")
        return
    out.append("review_litigation:")
    groups = {g.key: g for g in t.groups}
    width = len(t.columns)
    for row in t.rows:
        label = f"{groups[row.group].label}·{row.label}" if row.group in groups else row.label
        values = ", ".join(_scalar(v) for v in _values(data, row.key, width))
        out.append(f"  {row.key}: [{values}]  # {label}")


def load(path: str) -> Report:
    """Read a record from YAML or JSON (a file from ``xxgk new``, ``xxgk parse --format json``, a gold file)."""
    from ..record_file import load as load_record

    return load_record(path)
