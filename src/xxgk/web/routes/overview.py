"""首页: the latest batches, this year's reports, missing and late agencies, errors, what is left to review."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from ..render import render
from ..security import CurrentUser
from ..users import User

router = APIRouter()


def overview_data(request: Request, user: User) -> dict[str, Any]:
    store = request.app.state.store
    return {"counts": store.counts()}


@router.get("/", include_in_schema=False)
def overview_page(request: Request, user: CurrentUser) -> Response:
    return render(request, "overview.html", overview_data(request, user))


@router.get("/api/overview", tags=["首页"])
def overview_api(request: Request, user: CurrentUser) -> dict[str, Any]:
    """The data of the 首页."""
    return overview_data(request, user)
