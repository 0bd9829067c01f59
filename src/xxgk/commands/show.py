"""Readable terminal rendering of a record (``xxgk parse --format table``)."""

from __future__ import annotations

from ..record import Report, Value
from ..template import TABLES


def _fmt(v: Value) -> str:
    return "" if v is None else str(v)


def format_report(report: Report) -> str:
    src = report.source.path if report.source else "-"
    lines = [
        f"== {src}",
        f"   机关 {report.agency or '?'}  年度 {report.year or '?'}  格式 {report.template or '?'}  "
        f"发布 {report.published_on or '?'}",
    ]
    for key, table in report.tables.items():
        if table is None:
            continue
        t = TABLES[key]
        lines.append(f"-- {t.title} ({key})")
        width = max((len(r.printed) for r in t.rows if r.key in table.rows), default=10)
        width = min(width, 24)
        for row in t.rows:
            if row.key not in table.rows:
                continue
            label = (row.ordinal + row.label)[:width]
            cells = table.rows[row.key]
            shown = []
            for c in cells:
                text = _fmt(c.value) or "·"
                if c.confidence < 0.95:
                    text += "?"
                shown.append(f"{text:>7}")
            lines.append(f"   {label}{'　' * max(0, width - len(label))} {''.join(shown)}")
    missing = [n for n in report.notes if n.code in ("table-missing", "row-missing")]
    for n in missing:
        lines.append(f"   ! {n.message}")
    low = [n for n in report.notes if n.code in ("low-confidence", "cell-missing")]
    if low:
        lines.append(f"   ? {len(low)} 个单元格需核对（标 ? 者）")
    heads = " ".join(str(s.number) for s in report.sections)
    lines.append(f"   章节 {heads or '无'}")
    return "\n".join(lines) + "\n"
