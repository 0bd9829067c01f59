"""Statistics over the store (issue 11 §4): ``stats(store, year=…, region=…, metrics=…, by=…) -> dict``.

Plain data for the CLI, the web app and scripts: reports in, missing and late against the expected-agency
list; reports with errors; the most frequent rules; per metric the quartiles (P25/P50/P75) of the values
that are known (a not-applicable or unavailable value is counted, never averaged in); each agency's rank
among its peers (same kind, same region level); year-on-year jumps beyond a threshold.

The aggregation is SQL over narrow tables (metric values are stored per version, see
:mod:`xxgk.store.metrics`): a handful of queries whatever the number of reports.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, distinct, func, or_, select
from sqlalchemy.orm import Session, aliased

from . import schema as s

if TYPE_CHECKING:
    from .store import Store

LATE_RULES = ("D-01", "D-02", "D-03", "D-06")  # published after the deadline of its kind
GROUPINGS = ("region", "kind")


@dataclass(frozen=True)
class Thresholds:
    """When a year-on-year change is a jump: rates by ``rate`` (0.2 = 20 percentage points); counts and
    amounts when the larger is at least ``factor`` times the smaller and they differ by ``min_change``."""

    rate: float = 0.2
    factor: float = 2.0
    min_change: float = 10.0


def quartiles(values: list[float]) -> tuple[float, float, float] | None:
    """P25, P50, P75 of sorted values (linear interpolation between ranks, as numpy's default)."""
    if not values:
        return None

    def at(p: float) -> float:
        pos = (len(values) - 1) * p
        lo = int(pos)
        hi = min(lo + 1, len(values) - 1)
        return values[lo] + (values[hi] - values[lo]) * (pos - lo)

    return at(0.25), at(0.5), at(0.75)


def region_prefix(code: str) -> str:
    """The prefix every code inside a division shares: 35 (province), 3501 (city), 350128 (county)."""
    code = code[:6]
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def region_level(code: str | None) -> int | None:
    """1 province, 2 city, 3 county (from the code's shape)."""
    if not code:
        return None
    return {2: 1, 4: 2}.get(len(region_prefix(code)), 3)


def _group_code(code: str | None, depth: int) -> str | None:
    """The division one level below the filter that contains ``code`` (province, then city, then county)."""
    if not code:
        return None
    code = code[:6]
    if depth <= 2:
        return code[:2] + "0000"
    if depth <= 4:
        return code[:4] + "00"
    return code


def stats(store: Store, *, year: int | None = None, region: str | None = None, metrics: list[str] | None = None,
          by: str | None = None, thresholds: Thresholds | None = None, top: int = 10,
          jumps: bool = True) -> dict[str, Any]:
    """Statistics for one year (default: the latest in the store) and region (code or name; default: all).

    ``jumps=False`` leaves the year-on-year jumps out (``"jumps": None``): on random data at 10,000 reports
    they are half of the time, for a caller that does not need them (:func:`year_on_year` gives them a page
    at a time)."""
    from ..metrics import METRICS, RATE

    if by is not None and by not in GROUPINGS:
        raise ValueError(f"--by must be one of {', '.join(GROUPINGS)}")
    _check_metrics(metrics)
    th = thresholds or Thresholds()
    prefix, region_out = _region(region)
    _ensure_values(store)
    with store.read() as session:
        year = latest_year(session, year)
        out: dict[str, Any] = {"year": year, "region": region_out}
        if year is None:
            return out | {"coverage": None, "rules": [], "metrics": [], "ranks": {}, "jumps": [], "groups": []}
        scope = _scope(prefix)
        out["coverage"] = _coverage(session, year, scope)
        out["rules"] = _rules(session, year, scope, top)
        keys = metrics or [m.key for m in METRICS]
        out["metrics"] = _quartiles(session, year, prefix, keys)
        out["groups"] = _groups(session, year, prefix, keys, by) if by else []
        out["ranks"] = _ranks(_metric_values(session, year, scope, metrics), metrics) if metrics else {}
        rates = [m.key for m in METRICS if m.kind == RATE]
        out["jumps"] = _jumps(session, year, scope, metrics or keys, rates, th)[0] if jumps else None
        out["thresholds"] = _thresholds(th)
    return out


def year_on_year(store: Store, *, year: int | None = None, region: str | None = None,
                 metrics: list[str] | None = None, thresholds: Thresholds | None = None, limit: int | None = None,
                 offset: int = 0) -> dict[str, Any]:
    """The year-on-year jumps of :func:`stats` alone, ``limit`` of them from ``offset`` (all by default),
    with their ``total``: ``jumps`` is ``stats(…)["jumps"][offset:offset + limit]``. The database sorts and
    cuts them, so a page of 100 fetches 100 rows whatever the number of jumps (19,761 at 10,000 reports)."""
    from ..metrics import METRICS, RATE

    _check_metrics(metrics)
    if offset < 0 or (limit is not None and limit < 0):
        raise ValueError("limit and offset must not be negative")
    th = thresholds or Thresholds()
    prefix, region_out = _region(region)
    _ensure_values(store)
    with store.read() as session:
        year = latest_year(session, year)
        out: dict[str, Any] = {"year": year, "region": region_out, "thresholds": _thresholds(th),
                               "offset": offset, "limit": limit}
        if year is None:
            return out | {"total": 0, "jumps": []}
        keys = metrics or [m.key for m in METRICS]
        rates = [m.key for m in METRICS if m.kind == RATE]
        rows, total = _jumps(session, year, _scope(prefix), keys, rates, th, limit, offset)
    return out | {"total": total, "jumps": rows}


def latest_year(session: Session, year: int | None) -> int | None:
    """``year``, or the latest year in the store when it is None (None when the store has no report)."""
    return year if year is not None else session.scalar(select(func.max(s.Report.year)))


def _check_metrics(metrics: list[str] | None) -> None:
    from ..metrics import BY_KEY

    unknown = [m for m in metrics or () if m not in BY_KEY]
    if unknown:
        raise ValueError(f"unknown metric {', '.join(unknown)} (xxgk metrics lists them)")


def _region(region: str | None) -> tuple[str | None, dict[str, Any] | None]:
    """The code prefix of a region given by code or name, and the region as the output names it."""
    if not region:
        return None, None
    from .agencies import resolve_region

    code = resolve_region(region)
    return region_prefix(code), {"code": code[:6], "name": _division_name(code)}


def _ensure_values(store: Store) -> None:
    """Metric values for versions written before they were kept: a write only then (stats run beside ingest)."""
    from .metrics import backfill, missing

    with store.read() as session:
        stale = bool(missing(session))
    if stale:
        with store.write() as session:
            backfill(session)


def _thresholds(th: Thresholds) -> dict[str, float]:
    return {"rate": th.rate, "factor": th.factor, "min_change": th.min_change}


def _division_name(code: str) -> str | None:
    from ..agency import divisions

    return divisions().path(code[:6]) or None


def _scope(prefix: str | None) -> Any:
    """Agencies inside the region (all agencies without one)."""
    return s.Agency.region_code.startswith(prefix) if prefix else True


def _coverage(session: Session, year: int, scope: Any) -> dict[str, Any]:
    has_report = (select(s.Report.id).where(s.Report.agency_id == s.Agency.id, s.Report.year == year)).exists()
    expected = session.scalar(select(func.count()).select_from(s.Agency).where(s.Agency.expected, scope)) or 0
    missing = list(session.scalars(select(s.Agency.name).where(s.Agency.expected, scope, ~has_report)
                                   .order_by(s.Agency.region_code, s.Agency.name)))
    in_year = select(s.Report.id, s.Report.active_version_id, s.Agency.expected).join(
        s.Agency, s.Agency.id == s.Report.agency_id).where(s.Report.year == year, scope).subquery()
    reports = session.scalar(select(func.count()).select_from(in_year)) or 0
    unexpected = session.scalar(select(func.count()).select_from(in_year).where(~in_year.c.expected)) or 0
    live = and_(s.Finding.version_id == in_year.c.active_version_id, s.Finding.review_state != "dismissed")
    with_errors = session.scalar(select(func.count(distinct(in_year.c.id))).join(s.Finding, live)
                                 .where(s.Finding.severity == "error")) or 0
    late = [{"agency": name, "published_on": published, "rule": rule, "report_id": rid}
            for name, published, rule, rid in session.execute(
        select(s.Agency.name, s.Version.published_on, s.Finding.rule, s.Report.id)
        .join(s.Report, s.Report.agency_id == s.Agency.id)
        .join(s.Version, s.Version.id == s.Report.active_version_id)
        .join(s.Finding, and_(s.Finding.version_id == s.Version.id, s.Finding.review_state != "dismissed"))
        .where(s.Report.year == year, scope, s.Finding.rule.in_(LATE_RULES))
        .order_by(s.Agency.name))]
    return {"expected": expected, "reports": reports, "expected_in": reports - unexpected, "missing": missing,
            "late": late, "unexpected": unexpected, "with_errors": with_errors}


def _rules(session: Session, year: int, scope: Any, top: int) -> list[dict[str, Any]]:
    from ..rules.catalogue import BY_ID

    q = (select(s.Finding.rule, func.count(distinct(s.Report.id)).label("reports"), func.count().label("findings"))
         .join(s.Report, s.Report.active_version_id == s.Finding.version_id)
         .join(s.Agency, s.Agency.id == s.Report.agency_id)
         .where(s.Report.year == year, scope, s.Finding.review_state != "dismissed")
         .group_by(s.Finding.rule).order_by(func.count(distinct(s.Report.id)).desc(), s.Finding.rule).limit(top))
    return [{"rule": rule, "title": BY_ID[rule].title if rule in BY_ID else "", "reports": n, "findings": f}
            for rule, n, f in session.execute(q)]


@dataclass(frozen=True)
class _Value:
    metric: str
    value: float
    agency_id: int
    agency: str
    kind: str | None
    region_code: str | None


def _fetch(session: Session, query: Any) -> list[Any]:
    """All rows of a query through the driver's cursor: for the few queries that return a row per report
    and metric, where the result wrapping would cost more than the database (profiled: about half)."""
    conn = session.connection()
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    args: Any = tuple(params[k] for k in compiled.positiontup or ()) if compiled.positional else params
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), args)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _year_values(year: int, prefix: str | None, *columns: Any, known_only: bool = True,
                 with_agency: bool = False) -> Any:
    """Metric values of the year's active versions in the region (only the known ones by default)."""
    q = (select(s.MetricValue.metric, s.MetricValue.value, *columns)
         .join(s.Report, s.Report.active_version_id == s.MetricValue.version_id)
         .where(s.Report.year == year))
    if known_only:
        q = q.where(s.MetricValue.status == "ok")
    if prefix or with_agency:
        q = q.join(s.Agency, s.Agency.id == s.Report.agency_id)
    if prefix:
        q = q.where(_scope(prefix))
    return q


_KNOWN = and_(s.MetricValue.status == "ok", s.MetricValue.value.is_not(None))  # what the quartiles are of


def _only(query: Any, keys: list[str]) -> Any:
    """``query`` restricted to the metrics ``keys`` when they are a few: with the whole catalogue the
    condition only slows SQLite down (it seeks each metric in each version instead of reading the version's
    values in one range), so the caller skips the others."""
    from ..metrics import METRICS

    return query.where(s.MetricValue.metric.in_(keys)) if len(set(keys)) < len(METRICS) // 2 else query


def _metric_values(session: Session, year: int, scope: Any, keys: list[str]) -> list[_Value]:
    """The known values of a few metrics for the year, with their agency."""
    q = (select(s.MetricValue.metric, s.MetricValue.value, s.Agency.id, s.Agency.name, s.Agency.kind,
                s.Agency.region_code)
         .join(s.Report, s.Report.active_version_id == s.MetricValue.version_id)
         .join(s.Agency, s.Agency.id == s.Report.agency_id)
         .where(s.Report.year == year, scope, s.MetricValue.status == "ok", s.MetricValue.metric.in_(keys)))
    return [_Value(metric, float(value), agency_id, name, kind, code)
            for metric, value, agency_id, name, kind, code in session.execute(q) if value is not None]


def _summary(values: list[float]) -> dict[str, Any]:
    values.sort()
    qs = quartiles(values)
    return {"n": len(values), "p25": qs[0] if qs else None, "p50": qs[1] if qs else None,
            "p75": qs[2] if qs else None}


def _quartiles(session: Session, year: int, prefix: str | None, keys: list[str]) -> list[dict[str, Any]]:
    """Per metric: the quartiles of the known values, the others counted by status.

    Profiled at 10,000 reports: fetching every value of the year with its status to Python was a third of
    the statistics page. Now the database counts the unknown ones, and only the known values of the wanted
    metrics come back, two narrow columns (a window sorting them in SQL was slower on SQLite)."""
    from ..metrics import BY_KEY

    statuses: dict[str, dict[str, int]] = defaultdict(dict)
    counted = (_year_values(year, prefix, known_only=False)
               .with_only_columns(s.MetricValue.metric, s.MetricValue.status, func.count())
               .where(~_KNOWN).group_by(s.MetricValue.metric, s.MetricValue.status))
    for metric, status, n in session.execute(_only(counted, keys)):
        statuses[metric][status] = n
    values: dict[str, list[float]] = {key: [] for key in keys}
    for metric, value in _fetch(session, _only(_year_values(year, prefix).where(_KNOWN), keys)):
        if metric in values:
            values[metric].append(value)
    out = []
    for key in keys:
        m = BY_KEY[key]
        st = statuses.get(key, {})
        out.append({"key": key, "name": m.name, "unit": m.unit, "kind": m.kind, **_summary(values[key]),
                    "not_applicable": st.get("not_applicable", 0), "unavailable": st.get("unavailable", 0),
                    "not_in_format": st.get("not_in_format", 0)})
    return out


def _groups(session: Session, year: int, prefix: str | None, keys: list[str], by: str) -> list[dict[str, Any]]:
    """Quartiles per kind, or per division one level below the region filter (provinces when none)."""
    from ..agency import KIND_BY_KEY

    depth = min(len(prefix) + 2, 6) if prefix else 2
    column = func.substr(s.Agency.region_code, 1, depth) if by == "region" else s.Agency.kind
    known = _year_values(year, prefix, with_agency=True)

    def key_of(group: str | None) -> str | None:
        return group.ljust(6, "0") if by == "region" and group else group

    # the agencies with an "ok" value of any metric: a probe per report, not a pass over all the values
    has_ok = (select(s.MetricValue.version_id)
              .where(s.MetricValue.version_id == s.Report.active_version_id, s.MetricValue.status == "ok")).exists()
    with_values = (select(column, s.Agency.id).join(s.Report, s.Report.agency_id == s.Agency.id)
                   .where(s.Report.year == year, _scope(prefix), has_ok))
    agencies: dict[str | None, set[int]] = defaultdict(set)
    for group, agency_id in session.execute(with_values):
        agencies[key_of(group)].add(agency_id)
    grouped: dict[str | None, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    wanted = set(keys)
    for metric, value, group in _fetch(session, _only(known.add_columns(column).where(_KNOWN), keys)):
        if metric in wanted:
            grouped[key_of(group)][metric].append(value)
    out = []
    for g in sorted(agencies, key=lambda x: (x is None, x or "")):
        if by == "region":
            name = _division_name(g) if g else "（区划未知）"
        else:
            name = KIND_BY_KEY[g].name if g in KIND_BY_KEY else "（类型未知）"
        out.append({"group": g, "name": name, "agencies": len(agencies[g]),
                    "metrics": {key: _summary(grouped[g].get(key, [])) for key in keys}})
    return out


def _ranks(rows: list[_Value], keys: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Per metric, each agency's rank among its peers (same kind, same region level); 1 = highest value,
    ties share a rank (1, 2, 2, 4)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for key in keys:
        peers: dict[tuple[str | None, int | None], list[_Value]] = defaultdict(list)
        for r in rows:
            if r.metric == key:
                peers[(r.kind, region_level(r.region_code))].append(r)
        ranked = []
        for (kind, level), group in peers.items():
            group.sort(key=lambda r: -r.value)
            rank = 0
            for i, r in enumerate(group):
                if i == 0 or r.value != group[i - 1].value:
                    rank = i + 1
                ranked.append({"agency": r.agency, "value": r.value, "rank": rank, "of": len(group),
                               "kind": kind, "level": level})
        ranked.sort(key=lambda x: (x["kind"] or "", x["level"] or 0, x["rank"], x["agency"]))
        out[key] = ranked
    return out


def _jumps(session: Session, year: int, scope: Any, keys: list[str], rates: list[str], th: Thresholds,
           limit: int | None = None, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Changes from the previous year beyond the thresholds, found in SQL (only the flagged rows come back),
    by metric then agency; ``limit`` from ``offset`` of them (all when None), and how many there are.

    Profiled at 10,000 reports: the join is ~60 ms CPU (an index seek per value of the year), fetching the
    19,761 flagged rows to Python ~35 ms more; a page counts them in the same query (a window) instead."""
    r0, r1 = aliased(s.Report), aliased(s.Report)
    m0, m1 = aliased(s.MetricValue), aliased(s.MetricValue)
    diff = func.abs(m1.value - m0.value)
    smaller = case((m0.value < m1.value, func.abs(m0.value)), else_=func.abs(m1.value))
    flagged = or_(
        and_(m1.metric.in_(rates), diff >= th.rate),
        and_(~m1.metric.in_(rates), diff >= th.min_change, diff >= (th.factor - 1) * smaller),
    )
    base = (select(s.Agency.name, m1.metric, m0.value, m1.value, r1.id, r0.id)
            .select_from(r1)
            .join(r0, and_(r0.agency_id == r1.agency_id, r0.year == r1.year - 1))
            .join(m1, m1.version_id == r1.active_version_id)
            .join(m0, and_(m0.version_id == r0.active_version_id, m0.metric == m1.metric))
            .join(s.Agency, s.Agency.id == r1.agency_id)
            .where(r1.year == year, scope, m1.status == "ok", m0.status == "ok", m1.value.is_not(None),
                   m0.value.is_not(None), m1.metric.in_(keys), flagged))
    ordered = base.order_by(m1.metric, s.Agency.name, r1.id)  # the report id: a stable order for pages
    if limit is None:
        rows = _fetch(session, ordered.offset(offset) if offset else ordered)
        total = len(rows) + offset if rows or not offset else _count(session, base)
    else:
        counted = _fetch(session, ordered.add_columns(func.count().over()).limit(limit).offset(offset)) if limit else []
        total = int(counted[0][-1]) if counted else _count(session, base)  # past the end: counted alone
        rows = [row[:-1] for row in counted]
    return [{"agency": name, "metric": metric, "previous": v0, "value": v1, "change": v1 - v0, "report_id": rid,
             "previous_report_id": rid0} for name, metric, v0, v1, rid, rid0 in rows], total


def _count(session: Session, query: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def coverage(store: Store, year: int | None = None) -> dict[str, Any] | None:
    """Coverage of one year (default: the latest) against the expected list — the ``coverage`` part of
    :func:`stats` alone, read-only (the web app's 首页)."""
    with store.read() as session:
        year = latest_year(session, year)
        if year is None:
            return None
        return {"year": year} | _coverage(session, year, True)
