"""依申请台账: an agency's requests with their working-day deadlines (:mod:`xxgk.ledger`), a case added by form,
a CSV/XLSX sheet imported (all or nothing, bad rows by line), and sections 三/四 of a year as ``year_report``
computes them. An author keeps only their own agency's ledger."""

from __future__ import annotations

import os
import tempfile
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.responses import Response

from ...ledger import CalendarError, Case, CaseError, status
from ...ledger.importer import HEADERS, ImportFailed, Sheet, cases_from_sheet, parse_date, read_cases
from ...ledger.model import Channel, applicant_kinds, result_rows
from ...store.rows import CellRow
from ..layout import layout
from ..render import render
from ..security import CurrentUser, check_agency, require
from ..users import User

router = APIRouter()
FORM_FIELDS = ("id", "received", "channel", "applicant", "content", "correction_asked", "correction_received",
               "consult_start", "consult_end", "extended", "answered", "result")
MAX_SHEET_BYTES = 20 * 1024 * 1024


def _agency(user: User, agency: str | None) -> str | None:
    """The ledger's agency: an author's own, else the one asked for (None: not chosen yet)."""
    if user.role == "author":
        if agency and agency.strip():
            check_agency(user, agency)
        return user.agency
    return agency.strip() if agency and agency.strip() else None


def _day(text: str | None, what: str) -> date | None:
    try:
        return parse_date(text, what)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def case_json(case: Case, on: date) -> dict[str, Any]:
    kinds, results = applicant_kinds(), {r.key: r.label for r in result_rows()}
    out: dict[str, Any] = {
        "id": case.id, "received": case.received.isoformat(), "channel": case.channel.value if case.channel else None,
        "applicant": kinds.get(case.applicant, case.applicant), "content": case.content,
        "correction_asked": _iso(case.correction_asked), "correction_received": _iso(case.correction_received),
        "consult_start": _iso(case.consult_start), "consult_end": _iso(case.consult_end),
        "extended": case.extended, "answered": _iso(case.answered),
        "result": results.get(case.result, case.result) if case.result else None, "appeals": len(case.appeals),
    }
    try:
        st = status(case, on)
    except CalendarError as exc:  # beyond the official calendar: said, never hides the other cases
        return out | {"error": str(exc)}
    return out | {"open": st.open, "deadline": _iso(st.deadline), "days_left": st.days_left,
                  "overdue": st.overdue, "answered_late": st.answered_late,
                  "correction_notice_late": st.correction_notice_late,
                  "waiting_for_correction": st.waiting_for_correction,
                  "consultation_days": st.consultation_days}


def _sections(cases: list[Case], year: int, agency: str) -> tuple[dict[str, Any], list[Any]]:
    """Sections 三/四 of ``year``: the record (JSON) and the tables laid out like the official ones."""
    from ...ledger import year_report

    record = year_report(cases, year, agency)
    cells = []
    for key, table in record.tables.items():
        if table is None:
            continue
        for row, values in table.rows.items():
            for i, cell in enumerate(values):
                v = cell.value
                cells.append(CellRow(key, row, i, None if v is None else str(v),
                                     None if v is None else float(v), None, "number" if v else "zero", 1.0,
                                     None, None, None, None, None, None))
    return record.to_json(provenance=False), layout(record.template, cells, [])


def ledger_data(request: Request, user: User, agency: str | None, year: str | None, on: str | None
                ) -> dict[str, Any]:
    from ...ledger.store import Ledger

    name = _agency(user, agency)
    day = _day(on, "on") or date.today()
    try:
        y = int(year) if year and year.strip() else day.year
    except ValueError:
        raise HTTPException(422, f"year 应为年份：{year!r}") from None
    out: dict[str, Any] = {"agency": name, "on": day.isoformat(), "year": y, "cases": [], "due": [],
                           "sections": None, "_tables": []}
    if name is None:
        return out
    cases = Ledger(request.app.state.store, name).cases()
    rows = [case_json(c, day) for c in cases]
    due = sorted((r for r in rows if r.get("open") and r.get("deadline")),
                 key=lambda r: (not r["overdue"], r["deadline"], r["id"]))
    sections, tables = _sections(cases, y, name)
    return out | {"cases": rows, "due": due, "sections": sections, "_tables": tables}


def _back(request: Request, agency: str | None, kind: str, message: str) -> Response:
    """Back to the ledger page with a one-time message (kept in the session, not in the URL)."""
    request.session["ledger_flash"] = {"kind": kind, "message": message}
    return RedirectResponse("/ledger?" + urlencode({"agency": agency} if agency else {}), status_code=303)


@router.get("/ledger", include_in_schema=False)
def ledger_page(request: Request, user: CurrentUser, agency: str | None = None, year: str | None = None,
                on: str | None = None) -> Response:
    data = ledger_data(request, user, agency, year, on)
    return render(request, "ledger.html", {**data, "tables": data.pop("_tables"),
                                           "kinds": applicant_kinds(), "results": result_rows(),
                                           "channels": [c.value for c in Channel], "headers": HEADERS,
                                           "can_write": user.can("correct"),
                                           "flash": request.session.pop("ledger_flash", None)})


@router.get("/api/ledger", tags=["依申请台账"])
def ledger_api(request: Request, user: CurrentUser, agency: str | None = None, year: str | None = None,
               on: str | None = None) -> dict[str, Any]:
    """An agency's ledger: every case with its deadline on ``on`` (default today; working days of the official
    calendar), those due, and sections 三/四 of ``year`` computed from the cases (an xxgk.report/1 record)."""
    data = ledger_data(request, user, agency, year, on)
    data.pop("_tables")
    return data


def _writable(request: Request, user: User, agency: str | None) -> str:
    require(user, "correct")
    name = _agency(user, agency)
    if not name:
        raise HTTPException(422, "请填写机关名称")
    return name


def add_case(request: Request, user: User, agency: str | None, fields: dict[str, Any]) -> dict[str, Any]:
    """One case from form fields (as a one-row sheet: the importer's parsing of dates, kinds and results)."""
    from ...ledger.store import Ledger

    name = _writable(request, user, agency)
    keys = [f for f in FORM_FIELDS if f in fields]
    sheet = Sheet([HEADERS[f][0] for f in keys], [(1, [str(fields[f]) if fields[f] is not None else "" for f in keys])])
    try:
        [case] = cases_from_sheet(sheet, path="表单")
        saved = Ledger(request.app.state.store, name).save([case], only_new=True)
    except ImportFailed as exc:
        raise HTTPException(422, "；".join(msg for _, msg in exc.errors)) from None
    except (CaseError, ValueError) as exc:
        raise HTTPException(422, str(exc)) from None
    return {"agency": name, "saved": asdict(saved), "case": case_json(case, date.today())}


@router.post("/ledger/cases", include_in_schema=False)
async def add_case_form(request: Request, user: CurrentUser) -> Response:
    form = await request.form()
    fields = {f: form.get(f) for f in FORM_FIELDS if isinstance(form.get(f), str)}
    if "extended" not in fields:
        fields["extended"] = "否"  # an unticked box sends nothing
    agency = form.get("agency")
    agency = agency if isinstance(agency, str) else None
    try:
        out = add_case(request, user, agency, fields)
    except HTTPException as exc:
        if exc.status_code != 422:
            raise
        return _back(request, agency or user.agency, "error", str(exc.detail))
    return _back(request, out["agency"], "done", f"已添加 {out['case']['id']}")


@router.post("/api/ledger/cases", tags=["依申请台账"])
def add_case_api(request: Request, user: CurrentUser, body: dict[str, Any]) -> dict[str, Any]:
    """Add a case: ``{"agency": …, "case": {"id", "received", "applicant", "channel", "answered", "result",
    "extended", …}}`` — dates as 2024-01-05, applicant and result as printed in the template; a known 编号 is
    refused."""
    case = body.get("case")
    if not isinstance(case, dict):
        raise HTTPException(422, "case 应为对象")
    fields = {k: ("是" if v is True else "否" if v is False else v) for k, v in case.items() if k in FORM_FIELDS}
    return add_case(request, user, body.get("agency"), fields)


def import_sheet(request: Request, user: User, agency: str | None, filename: str, data: bytes) -> dict[str, Any]:
    """Import a CSV/XLSX sheet into the agency's ledger: all its rows or none (bad rows listed by line)."""
    from ...ledger.store import Ledger

    name = _writable(request, user, agency)
    suffix = Path(filename or "").suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise HTTPException(422, f"台账文件须为 .csv 或 .xlsx（收到 {suffix or '无扩展名'}）")
    if len(data) > MAX_SHEET_BYTES:
        raise HTTPException(413, "台账文件过大")
    folder = Path(request.app.state.data_dir) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="ledger-", suffix=suffix, dir=folder)  # inside the data folder only
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        cases = read_cases(tmp)
        saved = Ledger(request.app.state.store, name).save(cases)
    except ImportFailed as exc:
        raise HTTPException(422, {"message": f"{len(exc.errors)} 行有误，未导入任何记录",
                                  "errors": [{"line": line, "error": msg} for line, msg in exc.errors]}) from None
    except (CaseError, ValueError) as exc:
        raise HTTPException(422, str(exc).replace(tmp, filename)) from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    return {"agency": name, "added": saved.added, "updated": saved.updated}


async def _sheet_of(request: Request) -> tuple[str | None, str, bytes]:
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise HTTPException(422, "请选择台账文件（CSV 或 XLSX）")
    agency = form.get("agency")
    return (agency if isinstance(agency, str) else None), upload.filename or "", await upload.read(MAX_SHEET_BYTES + 1)


@router.post("/ledger/import", include_in_schema=False)
async def import_form(request: Request, user: CurrentUser) -> Response:
    agency, filename, data = await _sheet_of(request)
    try:
        out = await run_in_threadpool(import_sheet, request, user, agency, filename, data)
    except HTTPException as exc:
        if exc.status_code not in (413, 422):
            raise
        detail = exc.detail
        if isinstance(detail, dict):
            detail = detail["message"] + "：" + "；".join(f"第 {e['line']} 行 {e['error']}" for e in detail["errors"][:20])
        return _back(request, agency or user.agency, "error", str(detail))
    return _back(request, out["agency"], "done", f"导入完成：新增 {out['added']} 条，更新 {out['updated']} 条")


@router.post("/api/ledger/import", tags=["依申请台账"])
async def import_api(request: Request, user: CurrentUser) -> dict[str, Any]:
    """Import a CSV/XLSX ledger sheet (multipart ``file``, field ``agency``): new 编号 added, known ones updated;
    any bad row and nothing is stored (422 with every bad row by line)."""
    agency, filename, data = await _sheet_of(request)
    out: dict[str, Any] = await run_in_threadpool(import_sheet, request, user, agency, filename, data)
    return out
