"""One agency's profile (``xxgk brief --agency A --year Y``): its tables, its metrics against its peers (same
kind, same region level, same year) and its own past years, its findings with their review state, and a
to-fix list — every number with its source, as in the area briefing."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from ..store import Store
from ..store import schema as s
from ..store.stats import LATE_RULES, quartiles, region_level
from .appendix import add_appendix
from .area import SEVERITY_NAMES, report_link
from .gather import BriefingError
from .model import (
    CELL,
    COUNT,
    DATE,
    FIELD,
    METRIC,
    RATE,
    Briefing,
    Figure,
    Inline,
    Link,
    Number,
    Paragraph,
    Section,
    Series,
    Source,
    Table,
)
from .phrases import change

REVIEW_NAMES = {"open": "待审核", "confirmed": "已确认", "dismissed": "已驳回"}


def find_agency_row(store: Store, name: str) -> s.Agency:
    """The agency printed as ``name`` (or the only one whose name contains it); BriefingError naming the
    candidates otherwise."""
    from ..store.agencies import normalise
    from ..store.versions import find_agency

    with store.read() as session:
        a = find_agency(session, name)
        if a is not None:
            return a
        matches = list(session.scalars(select(s.Agency).where(s.Agency.norm_name.contains(normalise(name))).limit(6)))
        if len(matches) == 1:
            return matches[0]
        if not matches:
            n = session.query(s.Agency).count()
            hint = "the store is empty (xxgk ingest adds reports)" if n == 0 else "xxgk agencies lists them"
            raise BriefingError(f"unknown agency {name!r}: no agency of that name in the store ({hint})")
        raise BriefingError(f"{name!r} names several agencies: {'、'.join(m.name for m in matches[:5])}")


def agency_briefing(store: Store, agency: str, year: int | None = None, *, charts: bool = True) -> Briefing:
    """The profile of ``agency`` (name, or a unique part of it) for ``year`` (default: its latest)."""
    from ..agency import KIND_BY_KEY, divisions

    a = find_agency_row(store, agency)
    with store.read() as session:
        reports = {r.year: r for r in session.scalars(select(s.Report).where(s.Report.agency_id == a.id,
                                                                             s.Report.active_version_id.is_not(None)))}
        if not reports:
            raise BriefingError(f"{a.name} has no stored report")
        if year is None:
            year = max(reports)
        if year not in reports:
            raise BriefingError(f"{a.name} has no report for {year} (years stored: {'、'.join(map(str, sorted(reports)))})")
        report = reports[year]
        version = session.get(s.Version, report.active_version_id)
        assert version is not None
        cells = list(session.scalars(select(s.Cell).where(s.Cell.version_id == version.id)))
        findings = list(session.scalars(select(s.Finding).where(s.Finding.version_id == version.id)
                                        .order_by(s.Finding.id)))
        own = _own_metrics(session, reports)
        peers = _peer_values(session, year, a.kind, region_level(a.region_code))
    kind = KIND_BY_KEY[a.kind].name if a.kind in KIND_BY_KEY else "类型未知"
    region = (divisions().path(a.region_code[:6]) or a.region_code) if a.region_code else "区划未知"
    rid = report.id
    standing = [f for f in findings if f.review_state != "dismissed"]
    errors = Number(sum(1 for f in standing if f.severity == "error"), COUNT,
                    Source.query("report_errors", report_id=rid), "条")
    warnings = Number(sum(1 for f in standing if f.severity == "warning"), COUNT,
                      Source.query("report_warnings", report_id=rid), "条")
    published = Number(version.published_on, DATE, Source(FIELD, rid, name="published_on"))
    late = any(f.rule in LATE_RULES for f in standing)
    basics: list[Inline] = [f"{a.name}（{kind}，{region}）{year}年度报告"]
    basics += ["发布于", published] if version.published_on else ["未能读出发布日期"]
    basics += ["，超过规定时限" if late else "", f"；使用{version.template or '未知'}年版格式。"]
    basics += ["当前版本尚有错误", errors, "、警告", warnings, "（不含审核驳回的）。"]
    overview = [Paragraph(basics), Paragraph(["报告全文及来源见", Link(f"报告{rid}", f"/reports/{rid}"), "。"])]
    sections = [Section("一、基本情况", overview), _tables(rid, version.template, cells),
                _benchmark(rid, year, a.kind, region_level(a.region_code), kind, own, peers),
                _findings(rid, findings), _to_fix(rid, standing, cells)]
    b = Briefing(title=f"{a.name}{year}年度政府信息公开工作年度报告情况", subtitle="（根据报告库生成）",
                 sections=sections, kind="agency",
                 meta={"year": year, "agency": a.name, "report_id": rid, "store": store.name},
                 rules_used=list(dict.fromkeys(f.rule for f in findings)))
    add_appendix(b, store)
    if charts:
        from .charts import draw_all

        draw_all(b)
    return b


# ------------------------------------------------------------------------------------------------ facts
def _own_metrics(session: Any, reports: dict[int, s.Report]) -> dict[int, dict[str, tuple[float | None, int]]]:
    """year -> metric -> (value or None, report id), from the stored metric values."""
    by_version = {r.active_version_id: (y, r.id) for y, r in reports.items()}
    out: dict[int, dict[str, tuple[float | None, int]]] = defaultdict(dict)
    for vid, metric, value, status in session.execute(
            select(s.MetricValue.version_id, s.MetricValue.metric, s.MetricValue.value, s.MetricValue.status)
            .where(s.MetricValue.version_id.in_(list(by_version)))):
        y, rid = by_version[vid]
        out[y][metric] = (value if status == "ok" else None, rid)
    return out


def _peer_values(session: Any, year: int, kind: str | None, level: int | None) -> dict[str, list[tuple[float, int]]]:
    """metric -> [(value, report id)] of the known values of the year's reports of the same kind and level."""
    q = (select(s.MetricValue.metric, s.MetricValue.value, s.Report.id, s.Agency.region_code)
         .join(s.Report, s.Report.active_version_id == s.MetricValue.version_id)
         .join(s.Agency, s.Agency.id == s.Report.agency_id)
         .where(s.Report.year == year, s.MetricValue.status == "ok"))
    q = q.where(s.Agency.kind == kind) if kind else q.where(s.Agency.kind.is_(None))
    out: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for metric, value, rid, code in session.execute(q):
        if value is not None and region_level(code) == level:  # None == None: agencies without a region
            out[metric].append((float(value), rid))
    return out


def _cell_number(rid: int, c: s.Cell | None, table: str, row: str, column: int) -> Number:
    value = None if c is None or c.value is None else Decimal(c.value)
    return Number(value, COUNT, Source(CELL, rid, cell=f"{table}/{row}/{column}"))


# ------------------------------------------------------------------------------------------------ sections
def _tables(rid: int, template: str | None, cells: list[s.Cell]) -> Section:
    from ..template import FORMATS

    fmt = FORMATS.get(template or "2021", FORMATS["2021"])
    by_key = {(c.table, c.row, c.column): c for c in cells}
    present = {c.table for c in cells}
    blocks: list[Any] = [Paragraph(["下列各表为报告当前版本中的数据，空白单元格留空（不按0计）。"])]
    for t in fmt.tables:
        if t.key not in present:
            continue
        rows = t.rows_for(fmt.name)
        shapes = {tuple(c.key for c in t.row_columns(r)) for r in rows}
        title = f"{t.title}" if t.title else t.key
        if len(shapes) == 1 and len(next(iter(shapes))) > 1:
            columns = t.row_columns(rows[0])
            body = [[f"{r.ordinal}{r.label}", *(_cell_number(rid, by_key.get((t.key, r.key, i)), t.key, r.key, i)
                                               for i in range(len(columns)))] for r in rows]
            blocks.append(Table(title, ["项目", *(c.label for c in columns)], body))
        else:
            body = []
            for r in rows:
                for i, c in enumerate(t.row_columns(r)):
                    body.append([f"{r.ordinal}{r.label}", "" if r.scalar else c.label,
                                 _cell_number(rid, by_key.get((t.key, r.key, i)), t.key, r.key, i)])
            blocks.append(Table(title, ["项目", "栏目", "数值"], body))
    return Section("二、报表数据", blocks)


def _benchmark(rid: int, year: int, kind_key: str | None, level: int | None, kind: str,
               own: dict[int, dict[str, tuple[float | None, int]]], peers: dict[str, list[tuple[float, int]]]) -> Section:
    from ..metrics import METRICS

    years = sorted(y for y in own if y < year)[-2:]
    header = ["指标", "本机关", "同类P25", "同类P50", "同类P75", "同类排名", "同类报告数", *(f"{y}年" for y in years)]
    rows = []
    sentences = []
    figure_rows = []
    for m in METRICS:
        value, _ = own.get(year, {}).get(m.key, (None, rid))
        mine = Number(value, m.kind, Source(METRIC, rid, name=m.key))
        values = sorted(v for v, _ in peers.get(m.key, []))
        qs = quartiles(values) or (None, None, None)
        scope = {"year": year, "kind": kind_key or "", "level": level or 0}
        qn = [Number(q, m.kind, Source.query("quantile", metric=m.key, p=p, **scope))
              for q, p in zip(qs, (0.25, 0.5, 0.75), strict=True)]
        n = Number(len(values), COUNT, Source.query("metric_n", metric=m.key, **scope))
        rank = Number(None if value is None else 1 + sum(1 for v in values if v > value), COUNT,
                      Source.query("rank", metric=m.key, report_id=rid, **scope))
        past = []
        for y in years:
            v, r = own[y].get(m.key, (None, None))
            past.append(Number(v, m.kind, Source(METRIC, r, name=m.key)) if r is not None else "")
        rows.append([m.name, mine, *qn, rank, n, *past])
        if m.kind == RATE and value is not None and qs[1] is not None:
            figure_rows.append((m.name, mine, qn[1]))
            sentences.append(Paragraph(_position(m.name, mine, qn, n, kind, past[-1] if past else None)))
    blocks: list[Any] = [*sentences, Table("表 指标与同类机关对比", header, rows,
                                             note=f"同类机关：{kind}、同一区划级别、同一年度；排名按数值从高到低。")]
    if figure_rows:
        blocks.append(Figure("图 本机关与同类机关中位数", "bar", [r[0] for r in figure_rows],
                             [Series("本机关", [r[1] for r in figure_rows]), Series("同类中位数", [r[2] for r in figure_rows])],
                             RATE))
    return Section("三、指标对标", blocks)


def _position(name: str, mine: Number, qn: list[Number], n: Number, kind: str, last: Number | str | None) -> list[Inline]:
    """{name}为X，高于同类机关的四分之三 / 低于四分之三 / 处于同类机关中间水平（中位数Y，N份）；较上年…"""
    v = float(mine.value)  # type: ignore[arg-type]
    p25, p75 = qn[0].value, qn[2].value
    if p75 is not None and v > float(p75):
        where = "，高于同类机关的四分之三（中位数"
    elif p25 is not None and v < float(p25):
        where = "，低于同类机关的四分之三（中位数"
    else:
        where = "，处于同类机关的中间水平（中位数"
    parts: list[Inline] = [f"{name}为", mine, where, qn[1], "，同类报告", n, "份）"]
    if isinstance(last, Number):
        parts += change(mine, last)
    return [*parts, "。"]


def _findings(rid: int, findings: list[s.Finding]) -> Section:
    from ..rules.model import Location

    if not findings:
        return Section("四、问题与审核", [Paragraph(["检查未发现问题。"])])
    rows = []
    for f in findings:
        where = Location(f.table, f.row, f.column, f.section).label
        review = REVIEW_NAMES.get(f.review_state, f.review_state)
        if f.review_comment:
            review += f"：{f.review_comment}"
        rows.append([f.rule, SEVERITY_NAMES.get(f.severity, f.severity), where,
                     Link(f.message, f"/reports/{rid}#finding-{f.id}"), review])
    return Section("四、问题与审核", [Table("表 检查发现的问题", ["规则", "级别", "位置", "说明", "审核"], rows)])


def _to_fix(rid: int, standing: list[s.Finding], cells: list[s.Cell]) -> Section:
    from ..rules.catalogue import BY_ID
    from ..rules.model import cell_label

    by_key = {(c.table, c.row, c.column): c for c in cells}
    rows = []
    for f in standing:
        if f.severity != "error":
            continue
        if f.table and f.row is not None and f.column is not None:
            where: Inline = cell_label(f.table, f.row, f.column)
            value: Inline = _cell_number(rid, by_key.get((f.table, f.row, f.column)), f.table, f.row, f.column)
        else:
            where, value = "（整份报告）", ""
        rule = BY_ID.get(f.rule)
        rows.append([where, value, f"{f.rule} {rule.title if rule else ''}".strip(),
                     Link(f.message, f"/reports/{rid}#finding-{f.id}")])
    if not rows:
        return Section("五、待改清单", [Paragraph(["没有待改的错误。"])])
    return Section("五、待改清单", [Table("表 待改清单", ["单元格", "印出的值", "应满足", "说明"], rows)])


__all__ = ["agency_briefing", "find_agency_row", "report_link"]
