"""Write docs/rules.md from the catalogue: ``python -m xxgk.rules.docs [PATH]``."""

from __future__ import annotations

import sys
from pathlib import Path

from .catalogue import RULES

FAMILIES = (
    ("P", "取值范围 Value domain"), ("T3", "第三部分勾稽关系 Table 三 identities"),
    ("T4", "第四部分勾稽关系 Table 四 identities"), ("T2", "第二部分合理性 Table 二 plausibility"),
    ("C", "完整性与结构 Completeness and structure"), ("V", "格式版本 Format version"), ("D", "发布时限 Timing"),
    ("N", "正文与表格一致 Narrative vs tables"), ("X", "跨表 Cross-table"), ("Y", "跨年度 Cross-year"),
)


def render() -> str:
    lines = [
        "# 检查规则 Rule catalogue",
        "",
        "Generated from `src/xxgk/rules/catalogue.py` by `python -m xxgk.rules.docs`; do not edit by hand.",
        f"{len(RULES)} rules; source: reference.md §5.",
        "",
    ]
    for prefix, title in FAMILIES:
        rules = [r for r in RULES if r.id.split("-")[0] == prefix]
        if not rules:
            continue
        lines += [f"## {title}", "", "| ID | 级别 | 规则 | Rule | 格式 | 依据 |", "| --- | --- | --- | --- | --- | --- |"]
        for r in rules:
            fmts = ",".join(f[2:] for f in r.formats) or "—"
            lines.append(f"| {r.id} | {r.severity} | {r.title} | {r.title_en} | {fmts} | {r.source} |")
        lines.append("")
        for r in rules:
            lines += [f"### {r.id} {r.title}", ""]
            if r.description:
                lines += [r.description, ""]
            lines += [f"- 提示：{r.message}", f"- Message: {r.message_en}"]
            if not r.checked:
                lines.append("- Documentation only: never reported.")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else Path(__file__).resolve().parents[3] / "docs" / "rules.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
