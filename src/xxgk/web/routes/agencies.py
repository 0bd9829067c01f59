"""单位: the agencies (search by name or pinyin initials) and one agency's reports year by year, with the
cross-year findings of each year."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import Response

from ...store.listing import ReportQuery, report_page
from ..render import render
from ..search import agencies_by_initials, is_initials_query
from ..security import CurrentUser, check_agency, may_see_agency
from ..users import User

router = APIRouter()
CROSSYEAR = ("crossyear", "recheck")


def agencies_data(request: Request, user: User, q: str | None) -> dict[str, Any]:
    store = request.app.state.store
    rows = [a for a in store.agencies() if may_see_agency(user, a.name)]
    text = (q or "").strip()
    if text and is_initials_query(text):
        ids = set(agencies_by_initials(store, text))
        rows = [a for a in rows if a.id in ids]
    elif text:
        rows = [a for a in rows if text in a.name]
    return {"q": text, "agencies": [asdict(a) for a in rows[:500]], "total": len(rows)}


def agency_data(request: Request, user: User, agency_id: int) -> dict[str, Any]:
    store = request.app.state.store
    agency = store.agency(agency_id)
    if agency is None:
        raise HTTPException(404, f"没有编号为 {agency_id} 的单位")
    check_agency(user, agency.name)
    page = report_page(store, ReportQuery(agency_ids=[agency_id], sort="year", per_page=500))
    years = []
    for r in page.rows:
        cross = [asdict(f) for f in (store.findings(r.active_version_id) if r.active_version_id else [])
                 if f.origin in CROSSYEAR]
        years.append(asdict(r) | {"status": r.status, "crossyear": cross})
    return {"agency": asdict(agency), "years": years}


@router.get("/agencies", include_in_schema=False)
def agencies_page(request: Request, user: CurrentUser, q: str | None = None) -> Response:
    return render(request, "agencies.html", agencies_data(request, user, q))


@router.get("/api/agencies", tags=["单位"])
def agencies_api(request: Request, user: CurrentUser, q: str | None = None) -> dict[str, Any]:
    """Agencies, filtered by part of the name or pinyin initials (first 500)."""
    return agencies_data(request, user, q)


@router.get("/agencies/{agency_id}", include_in_schema=False)
def agency_page(request: Request, user: CurrentUser, agency_id: int) -> Response:
    return render(request, "agency.html", agency_data(request, user, agency_id))


@router.get("/api/agencies/{agency_id}", tags=["单位"])
def agency_api(request: Request, user: CurrentUser, agency_id: int) -> dict[str, Any]:
    """One agency: its reports year by year with their cross-year findings."""
    return agency_data(request, user, agency_id)
