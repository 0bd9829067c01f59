"""Facts of an area briefing, gathered from the store as :class:`~xxgk.briefing.model.Number` values with
their sources: the store's statistics (:func:`xxgk.store.stats.stats`) for coverage, rules, quartiles and
jumps, and a few grouped queries for what they do not give (breakdowns, extremes, the risk list, cell rates).
Everything is computed here; :mod:`xxgk.briefing.area` only turns it into sentences and tables.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, select

from ..store import Store
from ..store import schema as s
from ..store.stats import LATE_RULES, region_prefix, stats
from .model import CELL, COUNT, DATE, FIELD, FINDING, METRIC, RATE, RATIO, Number, Source
from .provenance import LOW_CONFIDENCE

TOP_RISKS = 10
TOP_JUMPS = 15
CELLS_PER_RISK = 6


class BriefingError(LookupError):
    """Nothing to brief on: an empty store, a year or an agency without reports (the message says so)."""

    def __str__(self) -> str:  # not KeyError-style quoting
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Scope:
    year: int
    region: str | None  # GB/T 2260 prefix
    region_name: str | None

    def q(self, name: str, **params: Any) -> Source:
        return Source.query(name, year=self.year, region=self.region, **params)

    def count(self, value: int, name: str, suffix: str = "", **params: Any) -> Number:
        return Number(value, COUNT, self.q(name, **params), suffix)


def ratio(a: Number, b: Number) -> Number:
    """a ÷ b as a rate (None when b is 0: a share of nothing is not 0 %)."""
    va, vb = a.value, b.value
    value = None if va is None or vb in (None, 0) else float(va) / float(vb)
    return Number(value, RATE, Source(RATIO, parts=(a.source, b.source)))


@dataclass
class Group:
    """Coverage of one agency kind or one region."""

    key: str | None
    name: str
    expected: Number
    reports: Number
    missing: Number
    late: Number
    with_errors: Number


@dataclass
class RuleFact:
    rule: str
    title: str
    reports: Number
    findings: Number
    example: dict[str, Any] | None  # agency, report_id, label, message (Number-free text), cell Number


@dataclass
class MetricFact:
    key: str
    name: str
    unit: str
    kind: str
    n: Number
    quartiles: list[Number]  # P25, P50, P75
    previous: list[Number]  # the previous year's
    highest: tuple[Any, Number] | None = None  # (Link-able agency dict, value)
    lowest: tuple[Any, Number] | None = None


@dataclass
class Risk:
    agency: str
    report_id: int
    errors: Number
    late: Number | None  # the publication date when late
    cells: list[tuple[str, Number]]  # (cell label, printed value) of the cells to fix


@dataclass
class AreaFacts:
    scope: Scope
    coverage: dict[str, Number]
    missing_names: list[str]
    late: list[dict[str, Any]]  # agency, report_id, date Number, rule
    templates: list[tuple[str, Number]]
    by_kind: list[Group]
    by_region: list[Group]
    share_errors: Number
    rules: list[RuleFact]
    cells: dict[str, Number]
    reviews: dict[str, Number]
    metrics: list[MetricFact]
    jumps: list[dict[str, Any]]
    risks: list[Risk]
    rules_used: list[str] = field(default_factory=list)


def latest_year(store: Store) -> int | None:
    with store.read() as session:
        return session.scalar(select(func.max(s.Report.year)))


def scope_for(store: Store, year: int | None, region: str | None) -> Scope:
    """The year (default: the latest) and region (code or name) of a briefing; BriefingError when empty."""
    if year is None:
        year = latest_year(store)
        if year is None:
            raise BriefingError(f"the store {store.name} holds no reports (xxgk ingest adds them)")
    prefix = name = None
    if region:
        from ..agency import divisions
        from ..store.agencies import resolve_region

        code = resolve_region(region)
        prefix = region_prefix(code)
        name = divisions().path(code[:6]) or code[:6]
    with store.read() as session:
        q = select(func.count()).select_from(s.Report).join(s.Agency, s.Agency.id == s.Report.agency_id).where(
            s.Report.year == year)
        if prefix:
            q = q.where(s.Agency.region_code.startswith(prefix))
        n = session.scalar(q) or 0
        years = sorted(session.scalars(select(s.Report.year).distinct()))
    if not years:
        raise BriefingError(f"the store {store.name} holds no reports (xxgk ingest adds them)")
    if n == 0:
        where = f" in {name}" if name else ""
        raise BriefingError(f"no report of {year}{where} in the store (years stored: {'、'.join(map(str, years))})")
    return Scope(year, prefix, name)


def gather_area(store: Store, year: int | None = None, region: str | None = None) -> AreaFacts:
    scope = scope_for(store, year, region)
    code = scope.region.ljust(6, "0") if scope.region else None
    now = stats(store, year=scope.year, region=code)
    before = stats(store, year=scope.year - 1, region=code)
    c = now["coverage"]
    late_reports = {item["report_id"] for item in c["late"]}
    coverage = {
        "expected": scope.count(c["expected"], "expected", "个"),
        "reports": scope.count(c["reports"], "reports", "份"),
        "expected_in": scope.count(c["expected_in"], "expected_in", "个"),
        "missing": scope.count(len(c["missing"]), "missing", "个"),
        "unexpected": scope.count(c["unexpected"], "unexpected", "份"),
        "late": scope.count(len(late_reports), "late", "份"),
        "with_errors": scope.count(c["with_errors"], "with_errors", "份"),
    }
    with store.read() as session:
        rows = _report_rows(session, scope)
        templates = _templates(rows, scope)
        by_kind, by_region = _groups(session, scope, rows)
        rules = _rules(session, scope, now["rules"], rows)
        cells = _cell_rates(session, scope)
        reviews = _reviews(session, scope)
        metrics = _metrics(session, scope, now["metrics"], before["metrics"] if before.get("metrics") else [])
        risks = _risks(session, scope, rows)
    late = []
    seen: set[int] = set()
    for item in c["late"]:
        rid = item["report_id"]
        if rid in seen:
            continue
        seen.add(rid)
        late.append({"agency": item["agency"], "report_id": rid, "rule": item["rule"],
                     "date": Number(item["published_on"], DATE, Source(FIELD, rid, name="published_on"))})
    jumps = _jumps(now["jumps"])
    used = [r.rule for r in rules] + [item["rule"] for item in late]
    return AreaFacts(scope, coverage, list(c["missing"]), late, templates, by_kind, by_region,
                     ratio(coverage["with_errors"], coverage["reports"]), rules, cells, reviews, metrics, jumps, risks,
                     list(dict.fromkeys(used)))


# ------------------------------------------------------------------------------------------------ helpers
def _scoped(query: Any, scope: Scope) -> Any:
    return query.where(s.Agency.region_code.startswith(scope.region)) if scope.region else query


def _report_rows(session: Any, scope: Scope) -> list[dict[str, Any]]:
    """The year's reports in scope with their agency, template and standing error / late flags."""
    errors = (select(func.count()).where(s.Finding.version_id == s.Report.active_version_id,
                                         s.Finding.severity == "error", s.Finding.review_state != "dismissed")
              .correlate(s.Report).scalar_subquery())
    late = (select(func.count()).where(s.Finding.version_id == s.Report.active_version_id,
                                       s.Finding.rule.in_(LATE_RULES), s.Finding.review_state != "dismissed")
            .correlate(s.Report).scalar_subquery())
    q = (select(s.Report.id, s.Report.active_version_id, s.Agency.id, s.Agency.name, s.Agency.kind,
                s.Agency.region_code, s.Agency.expected, s.Version.template, s.Version.published_on, errors, late)
         .join(s.Agency, s.Agency.id == s.Report.agency_id)
         .outerjoin(s.Version, s.Version.id == s.Report.active_version_id)
         .where(s.Report.year == scope.year))
    keys = ("report_id", "version_id", "agency_id", "agency", "kind", "region_code", "expected", "template",
            "published_on", "errors", "late")
    return [dict(zip(keys, r, strict=True)) for r in session.execute(_scoped(q, scope))]


def _templates(rows: list[dict[str, Any]], scope: Scope) -> list[tuple[str, Number]]:
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        if r["template"]:
            counts[r["template"]] += 1
    return [(t, scope.count(n, "template", "份", template=t)) for t, n in sorted(counts.items(), reverse=True)]


def _groups(session: Any, scope: Scope, rows: list[dict[str, Any]]) -> tuple[list[Group], list[Group]]:
    from ..agency import KIND_BY_KEY, divisions

    agencies = session.execute(_scoped(select(s.Agency.id, s.Agency.kind, s.Agency.region_code, s.Agency.expected),
                                       scope)).all()
    reported = {r["agency_id"] for r in rows}
    depth = min(len(scope.region) + 2, 6) if scope.region else 2

    def region_of(code: str | None) -> str | None:
        return code[:depth] if code else None

    out: list[list[Group]] = []
    for pick, name_of in (
        (lambda kind, code: kind, lambda k: KIND_BY_KEY[k].name if k in KIND_BY_KEY else "类型未知"),
        (lambda kind, code: region_of(code),
         lambda k: (divisions().path(k.ljust(6, "0")) or k) if k else "区划未知"),
    ):
        expected: dict[Any, int] = defaultdict(int)
        missing: dict[Any, int] = defaultdict(int)
        for _, kind, code, exp in agencies:
            if exp:
                key = pick(kind, code)
                expected[key] += 1
                missing[key] += 0
        for aid, kind, code, exp in agencies:
            if exp and aid not in reported:
                missing[pick(kind, code)] += 1
        counts: dict[Any, list[int]] = defaultdict(lambda: [0, 0, 0])
        for r in rows:
            c = counts[pick(r["kind"], r["region_code"])]
            c[0] += 1
            c[1] += bool(r["late"])
            c[2] += bool(r["errors"])
        groups = []
        by_kind = not out
        for key in sorted(set(expected) | set(counts), key=lambda k: (k is None, k or "")):
            params: dict[str, Any] = {"kind": key} if by_kind else {}
            sub = scope
            if not by_kind:
                if key is None:
                    continue  # agencies without a region cannot be selected by one: left out of this table
                sub = Scope(scope.year, key, None)
            n = counts.get(key, [0, 0, 0])
            groups.append(Group(key, name_of(key), sub.count(expected.get(key, 0), "expected", **params),
                                sub.count(n[0], "reports", **params), sub.count(missing.get(key, 0), "missing", **params),
                                sub.count(n[1], "late", **params), sub.count(n[2], "with_errors", **params)))
        out.append(groups)
    return out[0], out[1]


def _rules(session: Any, scope: Scope, top: list[dict[str, Any]], rows: list[dict[str, Any]]) -> list[RuleFact]:
    from ..rules.model import cell_label

    versions = {r["version_id"]: r for r in rows if r["version_id"] is not None}
    out = []
    for item in top:
        q = (select(s.Finding).join(s.Report, s.Report.active_version_id == s.Finding.version_id)
             .join(s.Agency, s.Agency.id == s.Report.agency_id)
             .where(s.Report.year == scope.year, s.Finding.rule == item["rule"], s.Finding.review_state != "dismissed")
             .order_by(s.Finding.id).limit(1))
        f = session.scalar(_scoped(q, scope))
        example = None
        if f is not None and f.version_id in versions:
            r = versions[f.version_id]
            cell = None
            if f.table and f.row is not None and f.column is not None:
                value = session.scalar(select(s.Cell.value).where(
                    s.Cell.version_id == f.version_id, s.Cell.table == f.table, s.Cell.row == f.row,
                    s.Cell.column == f.column))
                cell = (cell_label(f.table, f.row, f.column),
                        Number(None if value is None else Decimal(value), COUNT,
                               Source(CELL, r["report_id"], cell=f"{f.table}/{f.row}/{f.column}")))
            example = {"agency": r["agency"], "report_id": r["report_id"], "finding_id": f.id, "message": f.message,
                       "source": Source(FINDING, r["report_id"], finding_id=f.id), "cell": cell}
        out.append(RuleFact(item["rule"], item["title"], scope.count(item["reports"], "rule_reports", "份", rule=item["rule"]),
                            scope.count(item["findings"], "rule_findings", "条", rule=item["rule"]), example))
    return out


def _cell_rates(session: Any, scope: Scope) -> dict[str, Number]:
    q = (select(func.count(), func.sum(case((s.Cell.semantic == "blank", 1), else_=0)),
                func.sum(case((s.Cell.confidence < LOW_CONFIDENCE, 1), else_=0)))
         .select_from(s.Cell).join(s.Report, s.Report.active_version_id == s.Cell.version_id)
         .join(s.Agency, s.Agency.id == s.Report.agency_id).where(s.Report.year == scope.year))
    total, blank, low = session.execute(_scoped(q, scope)).one()
    out = {"cells": scope.count(total or 0, "cells", "个"), "blank": scope.count(blank or 0, "blank_cells", "个"),
           "low": scope.count(low or 0, "low_cells", "个")}
    out["blank_rate"] = ratio(out["blank"], out["cells"])
    out["low_rate"] = ratio(out["low"], out["cells"])
    return out


def _reviews(session: Any, scope: Scope) -> dict[str, Number]:
    q = (select(s.Finding.review_state, func.count()).join(s.Report, s.Report.active_version_id == s.Finding.version_id)
         .join(s.Agency, s.Agency.id == s.Report.agency_id)
         .where(s.Report.year == scope.year, s.Finding.severity.in_(("error", "warning")))
         .group_by(s.Finding.review_state))
    counts = dict(session.execute(_scoped(q, scope)).all())
    return {state: scope.count(counts.get(state, 0), "review", "条", state=state)
            for state in ("open", "confirmed", "dismissed")}


def _metrics(session: Any, scope: Scope, now: list[dict[str, Any]], before: list[dict[str, Any]]) -> list[MetricFact]:
    prev = {m["key"]: m for m in before}
    q = (select(s.MetricValue.metric, s.MetricValue.value, s.Report.id, s.Agency.name)
         .join(s.Report, s.Report.active_version_id == s.MetricValue.version_id)
         .join(s.Agency, s.Agency.id == s.Report.agency_id)
         .where(s.Report.year == scope.year, s.MetricValue.status == "ok"))
    high: dict[str, tuple[float, str, int]] = {}
    low: dict[str, tuple[float, str, int]] = {}
    for metric, value, rid, name in session.execute(_scoped(q, scope)):
        if value is None:
            continue
        h, lo = high.get(metric), low.get(metric)
        if h is None or (value, -rid) > (h[0], -h[2]):
            high[metric] = (value, name, rid)
        if lo is None or (value, rid) < (lo[0], lo[2]):
            low[metric] = (value, name, rid)
    previous = Scope(scope.year - 1, scope.region, scope.region_name)
    out = []
    for m in now:
        key = m["key"]
        quart = [Number(m[p], m["kind"], scope.q("quantile", metric=key, p=f))
                 for p, f in (("p25", 0.25), ("p50", 0.5), ("p75", 0.75))]
        pm = prev.get(key) or {}
        prev_q = [Number(pm.get(p), m["kind"], previous.q("quantile", metric=key, p=f))
                  for p, f in (("p25", 0.25), ("p50", 0.5), ("p75", 0.75))]
        fact = MetricFact(key, m["name"], m["unit"], m["kind"], scope.count(m["n"], "metric_n", "份", metric=key),
                          quart, prev_q)
        for attr, found in (("highest", high.get(key)), ("lowest", low.get(key))):
            if found is not None and m["n"] >= 2:
                value, name, rid = found
                setattr(fact, attr, ({"agency": name, "report_id": rid},
                                     Number(value, m["kind"], Source(METRIC, rid, name=key))))
        out.append(fact)
    return out


def _jumps(jumps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from ..metrics import BY_KEY

    def size(j: dict[str, Any]) -> float:
        if BY_KEY[j["metric"]].kind == RATE:
            return abs(j["change"])
        return abs(j["change"]) / max(abs(j["value"]), abs(j["previous"]), 1e-9)

    out = []
    for j in sorted(jumps, key=lambda j: (-size(j), j["agency"], j["metric"]))[:TOP_JUMPS]:
        kind = BY_KEY[j["metric"]].kind
        out.append({"agency": j["agency"], "report_id": j["report_id"], "metric": j["metric"],
                    "name": BY_KEY[j["metric"]].name,
                    "previous": Number(j["previous"], kind, Source(METRIC, j["previous_report_id"], name=j["metric"])),
                    "value": Number(j["value"], kind, Source(METRIC, j["report_id"], name=j["metric"]))})
    return out


def _risks(session: Any, scope: Scope, rows: list[dict[str, Any]]) -> list[Risk]:
    """Reports ranked by standing errors, then lateness; each with the cells its error findings point at."""
    from ..rules.model import cell_label

    ranked = sorted((r for r in rows if r["errors"] or r["late"]),
                    key=lambda r: (-r["errors"], -bool(r["late"]), r["agency"], r["report_id"]))[:TOP_RISKS]
    out = []
    for r in ranked:
        vid = r["version_id"]
        places = list(dict.fromkeys(session.execute(
            select(s.Finding.table, s.Finding.row, s.Finding.column)
            .where(s.Finding.version_id == vid, s.Finding.severity == "error", s.Finding.review_state != "dismissed",
                   s.Finding.table.is_not(None), s.Finding.row.is_not(None), s.Finding.column.is_not(None))
            .order_by(s.Finding.id)).all()))[:CELLS_PER_RISK]
        values = {}
        if places:
            values = {(t, row, col): v for t, row, col, v in session.execute(
                select(s.Cell.table, s.Cell.row, s.Cell.column, s.Cell.value).where(
                    s.Cell.version_id == vid, and_(s.Cell.table.in_([p[0] for p in places]))))}
        cells = [(cell_label(t, row, col),
                  Number(None if values.get((t, row, col)) is None else Decimal(values[(t, row, col)]), COUNT,
                         Source(CELL, r["report_id"], cell=f"{t}/{row}/{col}")))
                 for t, row, col in places]
        late = Number(r["published_on"], DATE, Source(FIELD, r["report_id"], name="published_on")) if r["late"] else None
        out.append(Risk(r["agency"], r["report_id"],
                        Number(r["errors"], COUNT, Source.query("report_errors", report_id=r["report_id"]), "条"),
                        late, cells))
    return out
