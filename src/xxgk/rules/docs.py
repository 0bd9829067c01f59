"""Write docs/rules.md from the catalogue: ``python -m xxgk.rules.docs [PATH]``.

:func:`texts` is the catalogue as rows of text: the Markdown page and the briefings' appendix
(:mod:`xxgk.briefing.appendix`) are both made from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..docs import md_table, write_generated
from .catalogue import BY_ID, RULES

FAMILIES = (
    ("P", "取值范围 Value domain"), ("T3", "第三部分勾稽关系 Table 三 identities"),
    ("T4", "第四部分勾稽关系 Table 四 identities"), ("T2", "第二部分合理性 Table 二 plausibility"),
    ("C", "完整性与结构 Completeness and structure"), ("V", "格式版本 Format version"), ("D", "发布时限 Timing"),
    ("N", "正文与表格一致 Narrative vs tables"), ("X", "跨表 Cross-table"), ("Y", "跨年度 Cross-year"),
)
SEVERITIES = {"error": "错误", "warning": "警告", "info": "提示"}


def texts(ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """One row per rule (all, or the given ids in catalogue order): id, family, severity, severity_cn,
    title, title_en, formats, source, description, message, message_en, checked."""
    wanted = None if ids is None else {i for i in ids if i in BY_ID}
    return [{"id": r.id, "family": r.id.split("-")[0], "severity": r.severity,
             "severity_cn": SEVERITIES.get(r.severity, r.severity), "title": r.title, "title_en": r.title_en,
             "formats": ",".join(f[2:] for f in r.formats) or "—", "source": r.source, "description": r.description,
             "message": r.message, "message_en": r.message_en, "checked": r.checked}
            for r in RULES if wanted is None or r.id in wanted]


def render() -> str:
    lines = [
        "# 检查规则 Rule catalogue",
        "",
        "Generated from `src/xxgk/rules/catalogue.py` by `python -m xxgk.rules.docs`; do not edit by hand.",
        f"{len(RULES)} rules; source: reference.md §5.",
        "",
    ]
    rows = texts()
    for prefix, title in FAMILIES:
        rules = [r for r in rows if r["family"] == prefix]
        if not rules:
            continue
        lines += [f"## {title}", ""]
        lines.append(md_table(["ID", "级别", "规则", "Rule", "格式", "依据"],
                              [[r["id"], r["severity"], r["title"], r["title_en"], r["formats"], r["source"]]
                               for r in rules]))
        for r in rules:
            lines += [f"### {r['id']} {r['title']}", ""]
            if r["description"]:
                lines += [r["description"], ""]
            lines += [f"- 提示：{r['message']}", f"- Message: {r['message_en']}"]
            if not r["checked"]:
                lines.append("- Documentation only: never reported.")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    return write_generated(render(), Path(__file__).resolve().parents[3] / "docs" / "rules.md", argv)


if __name__ == "__main__":
    raise SystemExit(main())
