"""报告详情: the source (PDF page images with the cells' boxes) beside the extracted tables, laid out like the
official ones; findings, sections, sources and versions. A source is never served as it is (an HTML source
would run on this origin): PDF pages as PNG images only."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from ...store.rows import ReportRow
from ..audit import audit_trail
from ..layout import boxes, layout
from ..pages import SCALE, page_count, page_png
from ..render import render
from ..security import CurrentUser, check_agency
from ..users import User

router = APIRouter()


def _report(request: Request, user: User, report_id: int) -> ReportRow:
    try:
        report: ReportRow = request.app.state.store.report(report_id)
    except KeyError:
        raise HTTPException(404, f"没有编号为 {report_id} 的报告") from None
    check_agency(user, report.agency)
    return report


def report_data(request: Request, user: User, report_id: int, version_id: int | None = None) -> dict[str, Any]:
    """The page's data for the active version, or for an earlier ``version_id`` of the same report (read only)."""
    store = request.app.state.store
    report = _report(request, user, report_id)
    versions = store.versions(report_id)
    vid = report.active_version_id
    if version_id is not None:
        if version_id not in {v.id for v in versions}:
            raise HTTPException(404, f"报告 {report_id} 没有编号为 {version_id} 的版本")
        vid = version_id
    version = store.version(vid) if vid is not None else None
    cells = store.cells(vid) if vid is not None else []
    findings = store.findings(vid) if vid is not None else []
    record = store.record(vid) if vid is not None else None
    sources = store.sources(report_id)
    pdf_pages: list[dict[str, Any]] = []
    source = next((s for s in sources if version and s.id == version.source_id), None)
    if source is not None and source.format == "pdf":
        on_page = boxes(cells)
        try:
            n = page_count(store.blob(source.sha256))
        except Exception:  # a damaged file: the tables are still shown
            n = 0
        pdf_pages = [{"page": p, "src": f"/api/sources/{source.id}/pages/{p}.png", "boxes": on_page.get(p, [])}
                     for p in range(1, n + 1)]
    text = _text_segments(store, source, cells)
    sections = [{"number": s.number, "heading": s.heading, "text": s.text}
                for s in (record.sections if record is not None else [])]
    return {
        "report": asdict(report),
        "version": asdict(version) if version else None,
        "is_active_version": vid == report.active_version_id,
        "versions": [asdict(v) for v in versions],
        "sources": [asdict(s) for s in sources],
        "findings": [asdict(f) for f in findings],
        "cells": [asdict(c) for c in cells],
        "sections": sections,
        "pdf_pages": pdf_pages,
        "source_format": source.format if source else None,
        "source_text": text,
        "audit": audit_trail(versions),
        "_tables": layout(version.template if version else None, cells, findings),
    }


def _text_segments(store: Any, source: Any, cells: list[Any]) -> list[dict[str, Any]] | None:
    """An HTML / DOCX / TXT source as text pieces, the cells' matched spans marked (None: not such a source)."""
    from ..sourcetext import TEXT_FORMATS, segments, source_text

    if source is None or source.format not in TEXT_FORMATS:
        return None
    try:
        text = source_text(store.blob(source.sha256), source.sha256, source.path or "-", source.format)
    except Exception:  # unreadable now: the tables are still shown
        return None
    return [{"text": g.text, "cell": g.cell} for g in segments(text, cells)]


@router.get("/reports/{report_id}", include_in_schema=False)
def report_page(request: Request, user: CurrentUser, report_id: int, version: int | None = None) -> Response:
    data = report_data(request, user, report_id, version)
    return render(request, "report.html", {**data, "tables": data.pop("_tables"), "scale": SCALE})


@router.get("/api/reports/{report_id}", tags=["报告详情"])
def report_api(request: Request, user: CurrentUser, report_id: int, version: int | None = None) -> dict[str, Any]:
    """A report: its active version (or the earlier ``version``), cells (with page and box), findings, sections,
    sources, versions and the audit trail of its corrections."""
    data = report_data(request, user, report_id, version)
    data.pop("_tables")
    return data


@router.get("/api/sources/{source_id}/pages/{page}.png", tags=["报告详情"],
            responses={200: {"content": {"image/png": {}}}})
def source_page(request: Request, user: CurrentUser, source_id: int, page: int) -> Response:
    """Page ``page`` (1-based) of a PDF source as a PNG image (rendered with pypdfium2)."""
    store = request.app.state.store
    try:
        source = store.source(source_id)
    except KeyError:
        raise HTTPException(404, f"没有编号为 {source_id} 的来源文件") from None
    if source.report_id is not None:
        _report(request, user, source.report_id)
    elif user.role == "author":
        raise HTTPException(403, "只能查看本单位的报告")
    if source.format != "pdf":
        raise HTTPException(404, "只有 PDF 来源有页面图像")
    try:
        png, _, _ = page_png(store.blob(source.sha256), page)
    except IndexError as exc:
        raise HTTPException(404, str(exc)) from None
    except Exception as exc:
        raise HTTPException(422, f"无法渲染该页：{exc}") from None
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


def _review(request: Request, user: User, report_id: int, finding_id: int, action: str,
            comment: str | None) -> dict[str, Any]:
    from ...store.reviews import set_review
    from ..security import require

    require(user, "review")
    report = _report(request, user, report_id)
    store = request.app.state.store
    if report.active_version_id is None or finding_id not in {f.id for f in store.findings(report.active_version_id)}:
        raise HTTPException(404, f"报告 {report_id} 的当前版本没有编号为 {finding_id} 的问题")
    try:
        row = set_review(store, finding_id, action, comment=comment, who=user.name)
    except ValueError as exc:
        raise HTTPException(422, "驳回问题需要填写理由" if "comment" in str(exc) else str(exc)) from None
    return asdict(row)


@router.post("/reports/{report_id}/findings/{finding_id}", include_in_schema=False)
def review_form(request: Request, user: CurrentUser, report_id: int, finding_id: int,
                action: str = Form(...), comment: str = Form("")) -> Response:
    _review(request, user, report_id, finding_id, action, comment)
    return RedirectResponse(f"/reports/{report_id}#finding-{finding_id}", status_code=303)


@router.post("/api/reports/{report_id}/findings/{finding_id}/review", tags=["审核"])
def review_api(request: Request, user: CurrentUser, report_id: int, finding_id: int,
               body: dict[str, str]) -> dict[str, Any]:
    """Confirm, dismiss (with a comment) or reopen a finding: ``{"action": "confirm|dismiss|reopen", "comment": …}``."""
    return _review(request, user, report_id, finding_id, body.get("action", ""), body.get("comment"))
