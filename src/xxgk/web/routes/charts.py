"""Data of the charts (static/chart.js draws them with the vendored ECharts): a metric's distribution with
each agency placed (统计与对标) and an agency against its peers year by year (单位). JSON only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from ...store.benchmark import agency_benchmark, metric_points
from ..security import CurrentUser, check_agency

router = APIRouter()


@router.get("/api/stats/metric/{metric}", tags=["统计与对标"])
def metric_api(request: Request, user: CurrentUser, metric: str, year: str | None = None,
               region: str | None = None) -> dict[str, Any]:
    """One metric in one year (default: the latest) and region: each agency's value with its report, and
    P25/P50/P75 of the known values."""
    if user.role == "author":
        raise HTTPException(403, "填报人不能查看全局统计")
    try:
        y = int(year) if year else None
        return metric_points(request.app.state.store, metric, year=y, region=region or None)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None


@router.get("/api/agencies/{agency_id}/benchmark", tags=["单位"])
def benchmark_api(request: Request, user: CurrentUser, agency_id: int) -> dict[str, Any]:
    """One agency against its peers (same kind, same region level): per metric and year its value, the
    peers' quartiles and its rank (1 = highest)."""
    store = request.app.state.store
    agency = store.agency(agency_id)
    if agency is None:
        raise HTTPException(404, f"没有编号为 {agency_id} 的单位")
    check_agency(user, agency.name)
    return agency_benchmark(store, agency_id)
