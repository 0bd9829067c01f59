"""审核 (rest): correct a cell with a reason — a new version, re-checked at once — the audit trail, and the
exports of the reviewed result (XLSX from the store's export code, the corrected report as DOCX / PDF)."""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ...store.cells import CellAddressError, CellRef, CellValueError, human
from ...store.rows import ReportRow
from ..audit import audit_trail
from ..security import CurrentUser, require
from ..users import User
from .report import _report

router = APIRouter()

EXPORTS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "pdf": "application/pdf"}


def address_of(key: str) -> str:
    """A cell as the page names it (``table/row/column``, as :func:`xxgk.web.layout.cell_key`) → the store's
    address (``table.row.column-key``); other forms (the store's own) pass through."""
    parts = key.split("/")
    if len(parts) == 3 and parts[2].isdigit():
        try:
            return human(CellRef(parts[0], parts[1], int(parts[2])))
        except (KeyError, IndexError, ValueError):
            raise HTTPException(422, f"模板中没有单元格 {key!r}") from None
    return key


def correct_cells(request: Request, user: User, report_id: int, changes: dict[str, str],
                  reason: str) -> dict[str, Any]:
    from ...store.corrections import CorrectionError, correct

    require(user, "correct")
    _report(request, user, report_id)  # exists, and an author's own agency
    if not reason.strip():
        raise HTTPException(422, "更正需要填写理由")
    pairs = [(address_of(k), v) for k, v in changes.items()]
    try:
        done = correct(request.app.state.store, report_id, pairs, reason=reason, who=user.name)
    except (CorrectionError, CellAddressError, CellValueError) as exc:
        raise HTTPException(422, str(exc)) from None
    return {"report": done.report_id, "version": asdict(done.version), "parent": done.parent_id,
            "changed": done.changed, "findings": [asdict(f) for f in done.findings],
            "reviews_carried": done.carried}


@router.post("/reports/{report_id}/corrections", include_in_schema=False)
def correct_form(request: Request, user: CurrentUser, report_id: int, cell: str = Form(...),
                 value: str = Form(""), reason: str = Form("")) -> Response:
    correct_cells(request, user, report_id, {cell: value}, reason)
    return RedirectResponse(f"/reports/{report_id}#audit", status_code=303)


@router.post("/api/reports/{report_id}/corrections", tags=["审核"])
def correct_api(request: Request, user: CurrentUser, report_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Correct cells of the active version: ``{"changes": {cell: value, …}, "reason": …}`` (a cell as
    ``table/row/column`` or ``table.row.column-key``; a value ``空白`` for blank). A new version, made active and
    re-checked at once; its findings are returned."""
    changes = body.get("changes")
    if not isinstance(changes, dict) or not changes:
        raise HTTPException(422, "changes 应为 {单元格: 值} 且不能为空")
    return correct_cells(request, user, report_id, {str(k): str(v) for k, v in changes.items()},
                         str(body.get("reason") or ""))


@router.get("/api/reports/{report_id}/audit", tags=["审核"])
def audit_api(request: Request, user: CurrentUser, report_id: int) -> dict[str, Any]:
    """The report's audit trail (every corrected cell: who, when, why, old → new) and its versions."""
    _report(request, user, report_id)
    versions = request.app.state.store.versions(report_id)
    return {"audit": audit_trail(versions), "versions": [asdict(v) for v in versions]}


def _xlsx(request: Request, report: ReportRow) -> bytes:
    from ...store.export import write_reports
    from ...store.query import ReportFilter, find_reports

    store = request.app.state.store
    chosen = [r for r in find_reports(store, ReportFilter(year=report.year, agency=report.agency))
              if r.id == report.id]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.xlsx"
        write_reports(store, path, chosen, fmt="xlsx", shape="long")
        return path.read_bytes()


def _rendered(request: Request, report: ReportRow, fmt: str) -> bytes:
    from ...render import render as render_report

    store = request.app.state.store
    if report.active_version_id is None:
        raise HTTPException(404, "该报告尚无可导出的版本")
    return render_report(store.record(report.active_version_id), fmt)


async def _export(request: Request, user: User, report_id: int, fmt: str) -> Response:
    if fmt not in EXPORTS:
        raise HTTPException(404, f"不支持的导出格式 {fmt!r}（xlsx、docx、pdf）")
    report = _report(request, user, report_id)
    make = _xlsx if fmt == "xlsx" else _rendered
    args: tuple[Any, ...] = (request, report) if fmt == "xlsx" else (request, report, fmt)
    data = await run_in_threadpool(make, *args)  # rendering a PDF takes a while: off the event loop
    name = f"{report.agency}-{report.year}-v{report.active_version_id}.{fmt}"
    return Response(data, media_type=EXPORTS[fmt], headers={
        "Content-Disposition": f"attachment; filename=\"report-{report.id}.{fmt}\"; filename*=UTF-8''{quote(name, safe='')}"})


@router.get("/reports/{report_id}/export.{fmt}", include_in_schema=False)
async def export_page(request: Request, user: CurrentUser, report_id: int, fmt: str) -> Response:
    return await _export(request, user, report_id, fmt)


@router.get("/api/reports/{report_id}/export/{fmt}", tags=["审核"],
            responses={200: {"content": {t: {} for t in EXPORTS.values()}}})
async def export_api(request: Request, user: CurrentUser, report_id: int, fmt: str) -> Response:
    """The reviewed result of a report: ``xlsx`` (cells and findings, as ``xxgk export``), or the corrected
    report rendered as ``docx`` or ``pdf``."""
    return await _export(request, user, report_id, fmt)
