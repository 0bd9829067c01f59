"""Write docs/metrics.md from the catalogue: ``python -m xxgk.metrics.docs [PATH]`` (also ``make docs``)."""

from __future__ import annotations

import sys
from pathlib import Path

from .catalogue import METRICS

SECTIONS = ((2, "第二部分 主动公开 Proactive disclosure"), (3, "第三部分 依申请公开 Applications"),
            (4, "第四部分 行政复议、行政诉讼 Reviews and lawsuits"))
KINDS = {"count": "计数", "rate": "比率", "amount": "金额"}


def table() -> str:
    """The short list (README): key, name, unit, formats."""
    lines = ["| 键 Key | 指标 | Metric | 单位 | 格式 |", "| --- | --- | --- | --- | --- |"]
    for m in METRICS:
        lines.append(f"| `{m.key}` | {m.name} | {m.name_en} | {m.unit} | {','.join(m.formats)} |")
    return "\n".join(lines) + "\n"


def render() -> str:
    lines = [
        "# 指标 Metric catalogue",
        "",
        "Generated from `src/xxgk/metrics/catalogue.py` by `python -m xxgk.docs`; do not edit by hand.",
        f"{len(METRICS)} metrics. Formulas name the cells of the official tables (第二部分·行·列). A blank cell is "
        "not zero: a metric that reads one is *unavailable* (不可得). A rate whose denominator is 0 is *not "
        "applicable* (不适用), never 0 % or 100 %.",
        "",
    ]
    for number, title in SECTIONS:
        metrics = [m for m in METRICS if m.section == number]
        lines += [f"## {title}", ""]
        for m in metrics:
            lines += [f"### `{m.key}` {m.name}", "", f"{m.name_en}. {KINDS[m.kind]}，单位：{m.unit}。", ""]
            for formula in m.formulas:
                fmts = "、".join(f"{f}年版" for f in sorted(formula.formats, reverse=True))
                lines.append(f"- 公式（{fmts}）：{formula.describe()}")
            if m.not_applicable:
                lines.append(f"- 不适用：{m.not_applicable}")
            lines.append("- 不可得：所读单元格留空，或表格、行缺失。")
            if m.caveats:
                lines.append(f"- 说明：{m.caveats}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else Path(__file__).resolve().parents[3] / "docs" / "metrics.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
