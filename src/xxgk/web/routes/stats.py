"""统计与对标: per year and region — coverage, lateness, error rates, most frequent rules, per metric the
quartiles, year-on-year jumps (:func:`xxgk.store.stats.stats`); numbers link to the reports behind them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import Response

from ...store.stats import stats
from ..render import render
from ..security import CurrentUser
from ..users import User

router = APIRouter()


def stats_data(request: Request, user: User, year: str | None, region: str | None,
               jumps: bool = True) -> dict[str, Any]:
    if user.role == "author":
        raise HTTPException(403, "填报人不能查看全局统计")
    try:
        y = int(year) if year else None
        return stats(request.app.state.store, year=y, region=region or None, jumps=jumps)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None


@router.get("/stats", include_in_schema=False)
def stats_page(request: Request, user: CurrentUser, year: str | None = None, region: str | None = None) -> Response:
    data = stats_data(request, user, year, region)
    return render(request, "stats.html", {"data": data, "region_q": region or ""})


@router.get("/api/stats", tags=["统计与对标"])
def stats_api(request: Request, user: CurrentUser, year: str | None = None,
              region: str | None = None, jumps: bool = True) -> dict[str, Any]:
    """Statistics of one year (default: the latest) and region (code or name); ``jumps=false`` leaves the
    year-on-year jumps out (``null``), which answers faster."""
    return stats_data(request, user, year, region, jumps)
