"""Write docs/metrics.md from the catalogue: ``python -m xxgk.metrics.docs [PATH]`` (also ``make docs``).

:func:`definitions` is the catalogue as rows of text (formula per format, not applicable, caveats): the
Markdown page and the briefings' appendix (:mod:`xxgk.briefing.appendix`) are both made from it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..docs import md_table, write_generated
from .catalogue import METRICS

SECTIONS = ((2, "第二部分 主动公开 Proactive disclosure"), (3, "第三部分 依申请公开 Applications"),
            (4, "第四部分 行政复议、行政诉讼 Reviews and lawsuits"))
KINDS = {"count": "计数", "rate": "比率", "amount": "金额"}
UNAVAILABLE = "所读单元格留空，或表格、行缺失。"


def definitions() -> list[dict[str, Any]]:
    """One row per metric: key, name, name_en, section, kind (Chinese), unit, formats, formulas
    ([(formats text, formula text)]), not_applicable, unavailable, caveats."""
    out = []
    for m in METRICS:
        formulas = [("、".join(f"{f}年版" for f in sorted(formula.formats, reverse=True)), formula.describe())
                    for formula in m.formulas]
        out.append({"key": m.key, "name": m.name, "name_en": m.name_en, "section": m.section,
                    "kind": KINDS[m.kind], "unit": m.unit, "formats": ",".join(m.formats), "formulas": formulas,
                    "not_applicable": m.not_applicable, "unavailable": UNAVAILABLE, "caveats": m.caveats})
    return out


def table() -> str:
    """The short list (README): key, name, unit, formats."""
    return md_table(["键 Key", "指标", "Metric", "单位", "格式"],
                    [[f"`{d['key']}`", d["name"], d["name_en"], d["unit"], d["formats"]] for d in definitions()])


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
    rows = definitions()
    for number, title in SECTIONS:
        lines += [f"## {title}", ""]
        for d in (d for d in rows if d["section"] == number):
            lines += [f"### `{d['key']}` {d['name']}", "", f"{d['name_en']}. {d['kind']}，单位：{d['unit']}。", ""]
            lines += [f"- 公式（{fmts}）：{text}" for fmts, text in d["formulas"]]
            if d["not_applicable"]:
                lines.append(f"- 不适用：{d['not_applicable']}")
            lines.append(f"- 不可得：{d['unavailable']}")
            if d["caveats"]:
                lines.append(f"- 说明：{d['caveats']}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    return write_generated(render(), Path(__file__).resolve().parents[3] / "docs" / "metrics.md", argv)


if __name__ == "__main__":
    raise SystemExit(main())
