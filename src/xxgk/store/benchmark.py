"""Benchmarks for the charts of the web app: one metric's distribution with every agency placed, and one
agency against its peers year by year.

- :func:`metric_points` — one year (and region): each agency's known value of a metric with the report it
  comes from, and the quartiles of those values (the same as :func:`xxgk.store.stats.stats` gives).
- :func:`agency_benchmark` — one agency: per metric and year its value, the quartiles of its peers (same kind,
  same region level, as the ranks of :func:`~xxgk.store.stats.stats`) and its rank among them.

A value that is not known (not applicable, unavailable, not in the format) is never placed or ranked: it is
reported with its status.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, func, or_, select

from . import schema as s
from .stats import _fetch, latest_year, quartiles, region_level, region_prefix

if TYPE_CHECKING:
    from .store import Store


def _metric(key: str) -> Any:
    from ..metrics import BY_KEY

    if key not in BY_KEY:
        raise ValueError(f"unknown metric {key} (xxgk metrics lists them)")
    return BY_KEY[key]


def _describe(m: Any) -> dict[str, Any]:
    return {"key": m.key, "name": m.name, "unit": m.unit, "kind": m.kind}


def _quartiles(values: list[float]) -> dict[str, Any]:
    qs = quartiles(sorted(values))
    return {"n": len(values), "p25": qs[0] if qs else None, "p50": qs[1] if qs else None,
            "p75": qs[2] if qs else None}


def rank_of(value: float, values: list[float]) -> int:
    """1 = highest; ties share a rank (1, 2, 2, 4), as :func:`xxgk.store.stats.stats` ranks."""
    return 1 + sum(1 for v in values if v > value)


def metric_points(store: Store, metric: str, *, year: int | None = None,
                  region: str | None = None) -> dict[str, Any]:
    """One metric in one year (default: the latest) and region (code or name; default: all)."""
    m = _metric(metric)
    prefix = None
    if region:
        from .agencies import resolve_region

        prefix = region_prefix(resolve_region(region))
    with store.read() as session:
        year = latest_year(session, year)
        q = (select(s.Agency.id, s.Agency.name, s.Report.id, s.MetricValue.value, s.MetricValue.status)
             .join(s.Report, s.Report.active_version_id == s.MetricValue.version_id)
             .join(s.Agency, s.Agency.id == s.Report.agency_id)
             .where(s.Report.year == year, s.MetricValue.metric == m.key))
        if prefix:
            q = q.where(s.Agency.region_code.startswith(prefix))
        points: list[dict[str, Any]] = []
        unknown: dict[str, int] = defaultdict(int)
        for agency_id, name, report_id, value, status in session.execute(q):
            if status == "ok" and value is not None:
                points.append({"agency_id": agency_id, "agency": name, "report_id": report_id,
                               "value": float(value)})
            else:
                unknown[status] += 1
    points.sort(key=lambda p: (p["value"], p["agency"]))
    return {"year": year, "region": prefix, "metric": _describe(m),
            **_quartiles([p["value"] for p in points]), "points": points, "unknown": dict(unknown)}


def _same_kind(kind: str | None) -> Any:
    return s.Agency.kind == kind if kind is not None else s.Agency.kind.is_(None)


def level_sql(code: Any) -> Any:
    """:func:`region_level` of a region code, as an SQL expression (None for a NULL or empty code)."""
    c6 = func.substr(code, 1, 6)
    n = func.length(c6)
    prefix = case((c6.like("%0000"), case((n < 2, n), else_=2)), (c6.like("%00"), case((n < 4, n), else_=4)),
                  else_=n)  # the length of region_prefix(code)
    return case((or_(code.is_(None), code == ""), None), (prefix == 2, 1), (prefix == 4, 2), else_=3)


def _same_level(level: int | None) -> Any:
    level_of = level_sql(s.Agency.region_code)
    return level_of.is_(None) if level is None else level_of == level


def agency_benchmark(store: Store, agency_id: int, metrics: list[str] | None = None) -> dict[str, Any]:
    """One agency against its peers, per metric and year. KeyError when there is no such agency."""
    from ..metrics import METRICS

    chosen = [_metric(k) for k in metrics] if metrics else list(METRICS)
    keys = [m.key for m in chosen]
    with store.read() as session:
        agency = session.get(s.Agency, agency_id)
        if agency is None:
            raise KeyError(agency_id)
        kind, level = agency.kind, region_level(agency.region_code)
        reports = {year: (rid, vid) for year, rid, vid in session.execute(
            select(s.Report.year, s.Report.id, s.Report.active_version_id)
            .where(s.Report.agency_id == agency_id, s.Report.active_version_id.is_not(None)))}
        own = {(metric, year): (value, status) for year, metric, value, status in session.execute(
            select(s.Report.year, s.MetricValue.metric, s.MetricValue.value, s.MetricValue.status)
            .join(s.Report, s.Report.active_version_id == s.MetricValue.version_id)
            .where(s.Report.agency_id == agency_id, s.MetricValue.metric.in_(keys)))}
        # the peers' known values in the same years (same kind, same region level): a row per report and
        # metric, fetched through the driver's cursor as the statistics do (the row wrapping costs the most)
        peers: dict[tuple[str, int], list[float]] = defaultdict(list)
        q = (select(s.Report.year, s.MetricValue.metric, s.MetricValue.value)
             .join(s.Report, s.Report.active_version_id == s.MetricValue.version_id)
             .join(s.Agency, s.Agency.id == s.Report.agency_id)
             .where(_same_kind(kind), _same_level(level), s.Report.year.in_(list(reports)),
                    s.MetricValue.status == "ok", s.MetricValue.metric.in_(keys)))
        for year, metric, value in _fetch(session, q):
            if value is not None:
                peers[(metric, year)].append(float(value))
    out = []
    for m in chosen:
        series = []
        for year in sorted(reports):
            value, status = own.get((m.key, year), (None, None))
            values = peers.get((m.key, year), [])
            known = float(value) if status == "ok" and value is not None else None
            series.append({"year": year, "report_id": reports[year][0], "value": known, "status": status,
                           **_quartiles(values), "rank": rank_of(known, values) if known is not None else None})
        out.append(_describe(m) | {"series": series})
    return {"agency_id": agency_id, "peers": {"kind": kind, "level": level}, "years": sorted(reports),
            "metrics": out}
