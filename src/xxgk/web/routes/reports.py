"""报告列表: filter by year, region, agency kind, template, status, rule; agency search (pinyin initials too);
sort; server-side pagination. Failed sources (status 失败) are listed from the store's failures."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from starlette.responses import Response

from ...store.listing import SORTS, STATUSES, ReportQuery, report_page
from ..params import int_param
from ..render import render
from ..search import agencies_by_initials, is_initials_query
from ..security import CurrentUser
from ..users import User

router = APIRouter()

STATUS_LABELS = {"error": "有错误", "warning": "有警告", "clean": "无问题", "unreviewed": "待审核", "failed": "解析失败"}
SORT_LABELS = {"agency": "单位", "year": "年度", "errors": "错误数", "published": "发布日期", "updated": "更新时间"}


def list_data(request: Request, user: User, params: dict[str, str | None]) -> dict[str, Any]:
    store = request.app.state.store
    status = params.get("status") or None
    if status is not None and status not in (*STATUSES, "failed"):
        raise HTTPException(422, f"未知状态 {status!r}")
    sort = params.get("sort") or "agency"
    if sort not in SORTS:
        raise HTTPException(422, f"未知排序 {sort!r}")
    text = (params.get("q") or "").strip()
    agency_ids: list[int] | None = None
    agency = text or None
    if text and is_initials_query(text):
        agency_ids, agency = agencies_by_initials(store, text), None
    if user.role == "author":  # an author sees only their agency
        own = store.find_agency(user.agency or "")
        mine = [own.id] if own else []
        agency_ids = mine if agency_ids is None else [i for i in agency_ids if i in mine]
    failures: list[dict[str, Any]] = []
    query_status: str | None
    if status == "failed":
        if user.role != "author":
            failures = [{"id": f.id, "path": f.path, "code": f.code, "reason": f.reason, "batch_id": f.batch_id}
                        for f in store.failures()]
        status = None
        query_status = "failed"
    else:
        query_status = status
    try:
        q = ReportQuery(year=int_param(params.get("year"), "year"), region=params.get("region") or None,
                        kind=params.get("kind") or None, template=params.get("template") or None,
                        status=status, rule=params.get("rule") or None, agency=agency, agency_ids=agency_ids,
                        sort=sort, descending=params.get("order") == "desc",
                        page=int_param(params.get("page"), "page") or 1,
                        per_page=int_param(params.get("per_page"), "per_page") or 50)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    if query_status == "failed":
        rows: list[dict[str, Any]] = []
        total, pages = len(failures), 1
        facets = report_page(store, ReportQuery(per_page=1)).facets
    else:
        try:
            page = report_page(store, q)
        except ValueError as exc:  # an unknown region name
            raise HTTPException(422, str(exc)) from exc
        rows = [dict(asdict(r), status=r.status) for r in page.rows]
        total, pages, facets = page.total, page.pages, page.facets
    filters = {k: v for k, v in params.items() if v}
    return {"filters": filters, "rows": rows, "failures": failures, "total": total, "page": q.page,
            "pages": pages, "per_page": q.per_page, "facets": facets}


def _params(year: str | None, region: str | None, kind: str | None, template: str | None, status: str | None,
            rule: str | None, q: str | None, sort: str | None, order: str | None, page: str | None,
            per_page: str | None) -> dict[str, str | None]:
    return {"year": year, "region": region, "kind": kind, "template": template, "status": status, "rule": rule,
            "q": q, "sort": sort, "order": order, "page": page, "per_page": per_page}


@router.get("/reports", include_in_schema=False)
def reports_page(request: Request, user: CurrentUser, year: str | None = None, region: str | None = None,
                 kind: str | None = None, template: str | None = None, status: str | None = None,
                 rule: str | None = None, q: str | None = None, sort: str | None = None, order: str | None = None,
                 page: str | None = None, per_page: str | None = None) -> Response:
    params = _params(year, region, kind, template, status, rule, q, sort, order, page, per_page)
    data = list_data(request, user, params)

    def link(**change: Any) -> str:
        merged = {**data["filters"], **change}
        return "/reports?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})

    return render(request, "reports.html", {**data, "link": link, "status_labels": STATUS_LABELS,
                                            "sort_labels": SORT_LABELS})


@router.get("/api/reports", tags=["报告列表"])
def reports_api(request: Request, user: CurrentUser, year: str | None = None, region: str | None = None,
                kind: str | None = None, template: str | None = None,
                status: str | None = Query(None, description="error / warning / clean / unreviewed / failed"),
                rule: str | None = None, q: str | None = Query(None, description="单位名称或拼音首字母"),
                sort: str | None = Query(None, description=" / ".join(SORTS)), order: str | None = None,
                page: str | None = None, per_page: str | None = None) -> dict[str, Any]:
    """One page of reports with the filters applied, the total and the values each filter can take."""
    return list_data(request, user, _params(year, region, kind, template, status, rule, q, sort, order, page,
                                            per_page))
