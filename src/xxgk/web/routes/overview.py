"""首页: the latest batches (counts, failures and their reasons), this year's reports, missing and late
agencies against the expected list, reports with errors, what is left to review."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from ...store.listing import ReportQuery, report_page
from ...store.stats import coverage
from ..render import render
from ..security import CurrentUser
from ..users import User

router = APIRouter()
LATEST_BATCHES = 5


def overview_data(request: Request, user: User) -> dict[str, Any]:
    store = request.app.state.store
    cov = coverage(store)
    year = cov["year"] if cov else None
    own: list[int] | None = None
    if user.role == "author":
        a = store.find_agency(user.agency or "")
        own = [a.id] if a else []

    def total(**kw: Any) -> int:
        return int(report_page(store, ReportQuery(year=year, agency_ids=own, per_page=1, **kw)).total)

    batches = []
    if user.role != "author":
        for b in reversed(store.batches()[-LATEST_BATCHES:]):
            fails = store.failures(include_resolved=True, batch_id=b.id)
            batches.append(asdict(b) | {"failures": [{"path": f.path, "code": f.code, "reason": f.reason}
                                                     for f in fails[:20]], "n_failures": len(fails)})
    return {
        "year": year,
        "counts": store.counts() if user.role != "author" else None,
        "reports_in_year": total(),
        "with_errors": total(status="error"),
        "to_review": total(status="unreviewed"),
        "coverage": cov if user.role != "author" else None,
        "batches": batches,
    }


@router.get("/", include_in_schema=False)
def overview_page(request: Request, user: CurrentUser) -> Response:
    return render(request, "overview.html", overview_data(request, user))


@router.get("/api/overview", tags=["首页"])
def overview_api(request: Request, user: CurrentUser) -> dict[str, Any]:
    """The data of the 首页: latest batches, this year's reports, missing and late agencies, errors, to review."""
    return overview_data(request, user)
