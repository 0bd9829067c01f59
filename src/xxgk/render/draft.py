"""The standard sentences of sections 二–四, written from the table numbers (``xxgk draft``).

The text and the tables agree by construction; the author edits the wording afterwards. Labels come from
:mod:`xxgk.template`; a blank cell is written as （待填）, never as 0.
"""

from __future__ import annotations

from ..record import Report, SectionText, Value
from ..template import SECTIONS, TABLES
from .layout import format_value
from .totals import complete, result_rows

PENDING = "（待填）"


def _n(v: Value) -> str:
    return PENDING if v is None else format_value(v)


def _sum(values: list[Value]) -> Value:
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


def active_text(report: Report) -> str:
    parts = []
    for key in ("active", "active_2019"):
        data = report.tables.get(key)
        if data is None:
            continue
        t = TABLES[key]
        clauses = []
        for row in t.rows:
            cols = t.row_columns(row)
            vals = data.values(row.key) or [None] * len(cols)
            items = "，".join(f"{c.label}{_n(v)}" for c, v in zip(cols, vals, strict=False))
            clauses.append(f"{row.label}：{items}")
        parts.append("本年度主动公开政府信息情况如下：" + "；".join(clauses) + "。")
    return "\n".join(parts)


def applications_text(report: Report) -> str:
    data = report.tables.get("applications")
    if data is None:
        return ""
    t = TABLES["applications"]
    total_col = len(t.columns) - 1

    def v(row: str) -> Value:
        return data.value(row, total_col)

    new, old = v("new"), v("carried_over")
    if new == 0 and old == 0:
        return "本年度未收到政府信息公开申请，无上年结转的政府信息公开申请。"
    groups = {g.key: g for g in t.groups}
    outcome: list[str] = []
    done: set[str] = set()
    for key in result_rows(report):
        row = t.row(key)
        if row.group in groups and row.group != "results":
            if row.group in done:
                continue
            done.add(row.group)
            members = [r.key for r in t.rows if r.group == row.group and r.key in result_rows(report)]
            outcome.append(f"{groups[row.group].label}{_n(_sum([v(k) for k in members]))}件")
        else:
            outcome.append(f"{row.label}{_n(v(key))}件")
    # "上年结转…0件" reads to the checker (N-01) as "no applications": say 上年无结转 instead.
    carried = "上年无结转" if old == 0 else f"上年结转政府信息公开申请{_n(old)}件"
    return (
        f"本年度共收到政府信息公开申请{_n(new)}件，{carried}。"
        f"本年度办结{_n(v('total'))}件，其中" + "，".join(outcome) + "；"
        f"结转下年度继续办理{_n(v('carried_forward'))}件。"
    )


def review_text(report: Report) -> str:
    data = report.tables.get("review_litigation")
    if data is None:
        return ""
    t = TABLES["review_litigation"]
    cols = t.columns
    last = len(cols) - 1

    def detail(key: str) -> str:
        vals = data.values(key) or [None] * len(cols)
        return "，".join(f"{c.label}{_n(x)}件" for c, x in zip(cols[:last], vals[:last], strict=False))

    totals = {r.key: data.value(r.key, last) for r in t.rows}
    if all(x == 0 for x in totals.values()):
        return "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
    review = t.rows[0]
    lit = [r for r in t.rows if r.group]
    lit_total = _sum([totals[r.key] for r in lit])
    text = f"本年度因政府信息公开工作被申请{review.label}{_n(totals[review.key])}件（{detail(review.key)}）"
    groups = {g.key: g for g in t.groups}
    lit_label = groups[lit[0].group].label if lit and lit[0].group in groups else ""
    text += f"，被提起{lit_label}{_n(lit_total)}件，其中"
    text += "；".join(f"{r.label}{_n(totals[r.key])}件（{detail(r.key)}）" for r in lit)
    return text + "。"


def draft(report: Report, overwrite: bool = False) -> Report:
    """Fill the texts of sections 二–四 (only the empty ones unless ``overwrite``); totals are completed first."""
    complete(report)
    writers = {2: active_text, 3: applications_text, 4: review_text}
    for section in SECTIONS:
        if section.number not in writers:
            continue
        text = writers[section.number](report)
        existing = report.section(section.number)
        if existing is None:
            report.sections.append(SectionText(section.number, section.ordinal + section.heading, text))
        elif overwrite or not existing.text.strip():
            existing.text = text
    report.sections.sort(key=lambda s: s.number)
    return report
