"""统计与对标: per year and region — coverage, lateness, error rates, most frequent rules, per metric the
quartiles (:func:`xxgk.store.stats.stats`); numbers link to the reports behind them. The year-on-year jumps
have their own page, a page of them at a time (:func:`xxgk.store.stats.year_on_year`): at 10,000 reports
there are ~20,000 of them and finding them was half of the statistics page's time."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import Response

from ...store.stats import stats, year_on_year
from ..params import int_param
from ..render import render
from ..security import CurrentUser
from ..users import User

router = APIRouter()
JUMPS_PER_PAGE = 100
MAX_PER_PAGE = 1000


def _allowed(user: User) -> None:
    if user.role == "author":
        raise HTTPException(403, "填报人不能查看全局统计")


def stats_data(request: Request, user: User, year: str | None, region: str | None,
               jumps: bool = True) -> dict[str, Any]:
    _allowed(user)
    try:
        return stats(request.app.state.store, year=int_param(year, "year"), region=region or None, jumps=jumps)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None


def jumps_data(request: Request, user: User, year: str | None, region: str | None, page: str | None,
               per_page: str | None) -> dict[str, Any]:
    _allowed(user)
    n = min(max(1, int_param(per_page, "per_page") or JUMPS_PER_PAGE), MAX_PER_PAGE)
    p = max(1, int_param(page, "page") or 1)
    try:
        data = year_on_year(request.app.state.store, year=int_param(year, "year"), region=region or None, limit=n,
                            offset=(p - 1) * n)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    return data | {"page": p, "per_page": n, "pages": max(1, -(-data["total"] // n))}


@router.get("/stats", include_in_schema=False)
def stats_page(request: Request, user: CurrentUser, year: str | None = None, region: str | None = None) -> Response:
    data = stats_data(request, user, year, region, jumps=False)  # listed on /stats/jumps
    return render(request, "stats.html", {"data": data, "region_q": region or ""})


@router.get("/stats/jumps", include_in_schema=False)
def jumps_page(request: Request, user: CurrentUser, year: str | None = None, region: str | None = None,
               page: str | None = None, per_page: str | None = None) -> Response:
    from ...metrics import BY_KEY

    data = jumps_data(request, user, year, region, page, per_page)
    return render(request, "stats_jumps.html", {"data": data, "region_q": region or "", "metrics": BY_KEY})


@router.get("/api/stats", tags=["统计与对标"])
def stats_api(request: Request, user: CurrentUser, year: str | None = None,
              region: str | None = None, jumps: bool = True) -> dict[str, Any]:
    """Statistics of one year (default: the latest) and region (code or name); ``jumps=false`` leaves the
    year-on-year jumps out (``null``), which answers faster (``/api/stats/jumps`` gives them a page at a time)."""
    return stats_data(request, user, year, region, jumps)


@router.get("/api/stats/jumps", tags=["统计与对标"])
def jumps_api(request: Request, user: CurrentUser, year: str | None = None, region: str | None = None,
              page: str | None = None, per_page: str | None = None) -> dict[str, Any]:
    """Year-on-year jumps of one year (default: the latest) and region beyond the thresholds, by metric then
    agency, a page at a time (``per_page`` default 100, at most 1000), with their ``total``."""
    return jumps_data(request, user, year, region, page, per_page)
