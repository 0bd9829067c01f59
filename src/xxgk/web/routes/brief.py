"""下载简报: the briefings of :mod:`xxgk.briefing` from the statistics page — the area of a year and region, or
one agency — as DOCX, PDF, HTML or XLSX, with links into this app. Not for authors (as the statistics)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ..security import CurrentUser

router = APIRouter()

MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.get("/brief.{fmt}", tags=["统计与对标"])
async def brief_download(request: Request, user: CurrentUser, fmt: str, year: str | None = None,
                         region: str | None = None, agency: str | None = None) -> Response:
    """The area briefing (year, region) or an agency's profile (agency, year) as a file."""
    from ...briefing import BriefingError, agency_briefing, area_briefing, render

    if user.role == "author":
        raise HTTPException(403, "填报人不能下载全局简报")
    if fmt not in MEDIA:
        raise HTTPException(404, f"没有 .{fmt} 格式的简报（可选 {'、'.join(MEDIA)}）")
    store = request.app.state.store
    base = str(request.base_url).rstrip("/")

    def make() -> tuple[bytes, str]:
        y = int(year) if year else None
        b = agency_briefing(store, agency, y) if agency else area_briefing(store, y, region or None)
        return render(b, fmt, base_url=base), b.title

    try:
        data, title = await run_in_threadpool(make)
    except BriefingError as exc:
        raise HTTPException(404, str(exc)) from None
    except ValueError as exc:  # a year that is not a number, an unknown region
        raise HTTPException(422, str(exc)) from None
    name = quote(f"{title}.{fmt}")
    return Response(data, media_type=MEDIA[fmt],
                    headers={"Content-Disposition": f"attachment; filename=\"brief.{fmt}\"; filename*=UTF-8''{name}"})
