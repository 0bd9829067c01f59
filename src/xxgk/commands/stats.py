"""``xxgk stats``: coverage against the expected-agency list, errors, frequent rules, metric quartiles, ranks
among peers, year-on-year jumps — a thin layer over :func:`xxgk.store.stats.stats`."""

from __future__ import annotations

import json
from typing import Any

import click

from .agencies import DB_HELP, using_store


@click.command("stats")
@click.option("--year", type=int, help="Report year (default: the latest in the store).")
@click.option("--region", help="GB/T 2260 code or division name (福建省, 350100…); default: everywhere.")
@click.option("--metric", "metrics", multiple=True, metavar="KEY",
              help="Only this metric (repeatable); ranks among peers are listed for these.")
@click.option("--by", type=click.Choice(["region", "kind"]), help="Quartiles per region (one level down) or kind.")
@click.option("--jump", type=float, default=0.2, show_default=True,
              help="A rate changing by this much from last year is flagged (0.2 = 20 points).")
@click.option("--factor", type=float, default=2.0, show_default=True,
              help="A count or amount growing or shrinking by this factor (and by 10 or more) is flagged.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--db", help=DB_HELP)
def stats_cmd(year: int | None, region: str | None, metrics: tuple[str, ...], by: str | None, jump: float,
              factor: float, fmt: str, db: str | None) -> None:
    """Statistics of the reports in the store for one year."""
    from ..store.stats import Thresholds, stats

    with using_store(db, usage=(ValueError,)) as store:  # an unknown metric or region: a usage error
        data = stats(store, year=year, region=region, metrics=list(metrics) or None, by=by,
                     thresholds=Thresholds(rate=jump, factor=factor))
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        click.echo(format_text(data))


def _v(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "%":
        return f"{value * 100:.1f}%"
    return f"{value:g}"


def format_text(data: dict[str, Any]) -> str:
    from ..agency import KIND_BY_KEY
    from ..agency.regions import LEVEL_NAMES
    from ..metrics import BY_KEY

    if data.get("coverage") is None:
        return "no reports in the store"
    c = data["coverage"]
    where = f" {data['region']['name']}({data['region']['code']})" if data.get("region") else ""
    lines = [f"== {data['year']}年{where}",
             f"报告 {c['reports']} 份；应报机关 {c['expected']} 个，已报 {c['expected_in']}，未报 {len(c['missing'])}；"
             f"逾期 {len(c['late'])}；有错误 {c['with_errors']}；不在应报名单 {c['unexpected']}"]
    if c["missing"]:
        shown = "、".join(c["missing"][:20]) + (f" 等{len(c['missing'])}个" if len(c["missing"]) > 20 else "")
        lines.append(f"未报：{shown}")
    for item in c["late"][:20]:
        lines.append(f"逾期：{item['agency']} {item['published_on'] or '?'} ({item['rule']})")
    if data["rules"]:
        lines.append("-- 最常见的问题")
        for r in data["rules"]:
            lines.append(f"  {r['rule']:<6} {r['reports']:>6} 份  {r['title']}")
    lines.append("-- 指标 (P25 / P50 / P75；n 为可计算的报告数)")
    for m in data["metrics"]:
        other = f"  不适用{m['not_applicable']} 不可得{m['unavailable']}" if m["not_applicable"] or m["unavailable"] else ""
        lines.append(f"  {m['name']:<14} {_v(m['p25'], m['unit']):>10} {_v(m['p50'], m['unit']):>10} "
                     f"{_v(m['p75'], m['unit']):>10}  n={m['n']}{other}")
    for g in data["groups"]:
        lines.append(f"-- {g['name']} ({g['agencies']} 个机关)")
        for key, q in g["metrics"].items():
            unit = BY_KEY[key].unit
            lines.append(f"  {BY_KEY[key].name:<14} {_v(q['p25'], unit):>10} {_v(q['p50'], unit):>10} "
                         f"{_v(q['p75'], unit):>10}  n={q['n']}")
    for key, ranked in data["ranks"].items():
        unit = BY_KEY[key].unit
        lines.append(f"-- {BY_KEY[key].name}：同类同级排名")
        peers = None
        for r in ranked:
            if (r["kind"], r["level"]) != peers:
                peers = (r["kind"], r["level"])
                kind = KIND_BY_KEY[r["kind"]].name if r["kind"] in KIND_BY_KEY else "类型未知"
                lines.append(f"  [{kind}·{LEVEL_NAMES.get(r['level'], '区划未知')}]")
            lines.append(f"  {r['rank']:>4}/{r['of']:<4} {_v(r['value'], unit):>10}  {r['agency']}")
    if data["jumps"]:
        lines.append("-- 与上年相比变化较大")
        for j in data["jumps"]:
            unit = BY_KEY[j["metric"]].unit
            lines.append(f"  {j['agency']}  {BY_KEY[j['metric']].name}：{_v(j['previous'], unit)} → {_v(j['value'], unit)}")
    return "\n".join(lines)
