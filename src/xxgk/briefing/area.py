"""The area briefing (政务公开办's annual review): facts from :mod:`xxgk.briefing.gather` laid out as
sections 一 总体情况, 二 质量, 三 对标, 四 风险清单, 五 附录 (appendix added by :mod:`xxgk.briefing.appendix`)."""

from __future__ import annotations

from ..store import Store
from .appendix import add_appendix
from .gather import AreaFacts, Group, gather_area
from .model import RATE, Briefing, Figure, Inline, Link, Number, Paragraph, Section, Series, Table
from .phrases import change, listing, share_phrase

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


def area_briefing(store: Store, year: int | None = None, region: str | None = None, *,
                  charts: bool = True) -> Briefing:
    """The area briefing of ``year`` (default: the latest) and ``region`` (code or name; default: all)."""
    facts = gather_area(store, year, region)
    where = facts.scope.region_name or "全部地区"
    b = Briefing(
        title=f"{facts.scope.year}年度政府信息公开工作年度报告审查情况",
        subtitle=f"{where}（根据报告库生成）",
        sections=[_overview(facts), _quality(facts), _benchmark(facts), _risks(facts)],
        kind="area",
        meta={"year": facts.scope.year, "region": facts.scope.region, "region_name": facts.scope.region_name,
              "store": store.name},
        rules_used=facts.rules_used,
    )
    add_appendix(b, store)
    if charts:
        from .charts import draw_all

        draw_all(b)
    return b


def report_link(name: str, report_id: int) -> Link:
    return Link(name, f"/reports/{report_id}")


# ------------------------------------------------------------------------------------------------ 一
def _overview(f: AreaFacts) -> Section:
    c = f.coverage
    body: list[Inline] = [f"{f.scope.year}年度，"]
    if c["expected"].value:
        body += ["应报送年度报告的机关", c["expected"], "，已报送", c["expected_in"], "，未报送", c["missing"], "；"]
    else:
        body += ["尚未导入应报机关名单（xxgk agencies import），未报情况无法统计；"]
    body += ["共收到年度报告", c["reports"]]
    if c["unexpected"].value:
        body += ["，其中不在应报名单中的", c["unexpected"]]
    body += ["；逾期发布的", c["late"], "。"]
    blocks: list = [Paragraph(body)]
    if f.templates:
        parts: list[Inline] = ["从格式看，"]
        for i, (template, n) in enumerate(f.templates):
            parts += ["、" if i else "", f"使用{template}年版格式的", n]
        blocks.append(Paragraph([*parts, "。"]))
    if f.missing_names:
        blocks.append(Paragraph(["未报送的机关：", listing(f.missing_names, 20), "（共", c["missing"], "）。"]))
    blocks.append(_group_table("表1 按机关类型", "机关类型", f.by_kind))
    if f.by_region:
        blocks.append(_group_table("表2 按地区", "地区", f.by_region))
    if f.late:
        blocks.append(Table("表3 逾期发布的报告", ["机关", "发布日期", "规则"],
                            [[report_link(x["agency"], x["report_id"]), x["date"], x["rule"]] for x in f.late]))
    return Section("一、总体情况", blocks)


def _group_table(title: str, name: str, groups: list[Group]) -> Table:
    return Table(title, [name, "应报", "已收到", "未报", "逾期", "有错误"],
                 [[g.name, g.expected, g.reports, g.missing, g.late, g.with_errors] for g in groups])


# ------------------------------------------------------------------------------------------------ 二
def _quality(f: AreaFacts) -> Section:
    c = f.coverage
    blocks: list = [Paragraph(["存在错误（未被审核驳回）的报告", *share_phrase(c["with_errors"], f.share_errors, "收到报告"),
                               "。"])]
    if f.rules:
        first = f.rules[0]
        blocks.append(Paragraph(["最常见的问题是“", first.title, f"”（{first.rule}），涉及报告", first.reports, "。"]))
        rows = []
        for r in f.rules:
            example: list[Inline] = []
            if r.example:
                ex = r.example
                example = [report_link(ex["agency"], ex["report_id"]), "："]
                if ex["cell"]:
                    example += [ex["cell"][0], "印为", ex["cell"][1], "；"]
                example.append(Link(ex["message"], f"/reports/{ex['report_id']}#finding-{ex['finding_id']}"))
            rows.append([r.rule, r.title, r.reports, r.findings, example])
        blocks.append(Table("表4 最常见的问题", ["规则", "应满足", "报告数", "问题数", "典型示例"], rows))
    cells = f.cells
    blocks.append(Paragraph(["报告表格共有数据单元格", cells["cells"], "，其中留空", cells["blank"], "（",
                             cells["blank_rate"], "，空白不按0计）；识别置信度偏低的", cells["low"], "（",
                             cells["low_rate"], "）。"]))
    rv = f.reviews
    blocks.append(Paragraph(["审核情况：已确认问题", rv["confirmed"], "，已驳回", rv["dismissed"], "，尚待审核",
                             rv["open"], "。"]))
    return Section("二、质量", blocks)


# ------------------------------------------------------------------------------------------------ 三
def _benchmark(f: AreaFacts) -> Section:
    known = [m for m in f.metrics if m.n.value]
    blocks: list = []
    rates = [m for m in known if m.kind == RATE]
    for m in rates:
        blocks.append(Paragraph([f"{m.name}中位数为", m.quartiles[1], *change(m.quartiles[1], m.previous[1]),
                                 "；四分位区间", m.quartiles[0], "至", m.quartiles[2], "（可计算的报告", m.n, "）。"]))
    blocks.append(Table("表5 指标分布（P25 / P50 / P75）",
                        ["指标", "单位", "报告数", "P25", "P50", "P75", "上年P25", "上年P50", "上年P75"],
                        [[m.name, m.unit, m.n, *m.quartiles, *m.previous] for m in f.metrics]))
    if rates:
        blocks.append(Figure("图1 主要比率的中位数与四分位区间", "range", [m.name for m in rates],
                             [Series(f"{f.scope.year}年", [m.quartiles[1] for m in rates]),
                              Series("P25", [m.quartiles[0] for m in rates]),
                              Series("P75", [m.quartiles[2] for m in rates]),
                              Series(f"{f.scope.year - 1}年", [m.previous[1] for m in rates])], RATE))
    extremes = [m for m in known if m.highest and m.lowest]
    if extremes:
        rows = []
        for m in extremes:
            assert m.highest and m.lowest
            (hi, hv), (lo, lv) = m.highest, m.lowest
            rows.append([m.name, report_link(hi["agency"], hi["report_id"]), hv,
                         report_link(lo["agency"], lo["report_id"]), lv])
        blocks.append(Table("表6 各指标的最高值与最低值", ["指标", "最高的机关", "值", "最低的机关", "值"], rows))
    if f.jumps:
        blocks.append(Table("表7 与上年相比变化较大的指标", ["机关", "指标", "上年", "本年"],
                            [[report_link(j["agency"], j["report_id"]), j["name"], j["previous"], j["value"]]
                             for j in f.jumps]))
    groups = [g for g in f.by_region if g.reports.value]
    if len(groups) > 1:
        blocks.append(Figure("图2 各地区报告情况", "bar", [g.name for g in groups],
                             [Series("已收到", [g.reports for g in groups]), Series("未报", [g.missing for g in groups]),
                              Series("有错误", [g.with_errors for g in groups])]))
    return Section("三、对标", blocks)


# ------------------------------------------------------------------------------------------------ 四
def _risks(f: AreaFacts) -> Section:
    if not f.risks:
        return Section("四、风险清单", [Paragraph(["没有存在错误或逾期的报告。"])])
    rows = []
    for i, r in enumerate(f.risks, 1):
        cells: list[Inline] = []
        for label, value in r.cells:
            cells += ["；" if cells else "", f"{label}：", value]
        rows.append([str(i), report_link(r.agency, r.report_id), r.errors, r.late if r.late else "否", cells])
    intro = Paragraph(["按未处理的错误数、再按是否逾期排列，需优先整改的机关如下（单元格为印出的值）。"])
    return Section("四、风险清单", [intro, Table("表8 风险清单", ["序号", "机关", "错误", "逾期发布", "需核改的单元格"], rows)])


__all__ = ["Number", "area_briefing"]
