"""编写年报: the fill-in form of the official tables (the ``xxgk new`` record), totals and findings live,
the standard sentences drafted, download as DOCX/PDF (or the record as YAML to continue later).

Without JavaScript every button posts the form and the page comes back recomputed; with it, static/write.js
posts the form as JSON to ``/api/write/check`` as the numbers change. An author writes only for their agency.
A draft is not stored: the store's versions are published reports (coverage, statistics and review count
them), and an unpublished draft in among them would be counted as published — the author keeps the record
file instead (下载记录 / 载入记录).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, HTTPException, Request, UploadFile
from starlette.datastructures import FormData
from starlette.responses import Response

from ..authoring import (
    CELL_PREFIX,
    SECTION_PREFIX,
    TEMPLATES,
    Draft,
    apply_draft,
    cell_labels,
    evaluate,
    fields_of,
    file_name,
    form_json,
    new_draft,
    page_sections,
    read_form,
)
from ..render import render
from ..security import CurrentUser
from ..users import User

router = APIRouter()
MAX_BODY = 1024 * 1024  # a filled-in form is a few kB; a record file to load well under this
DOWNLOADS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "pdf": "application/pdf", "yaml": "application/yaml; charset=utf-8"}


def _author_agency(user: User) -> str | None:
    """The agency an author writes for (fixed in the form), None for reviewers and admins."""
    if user.role != "author":
        return None
    if not user.agency:
        raise HTTPException(403, "该填报人账号未指定单位，无法编写年报")
    return user.agency


def _check_agency(user: User, fields: Any) -> None:
    """An author posting another agency's name is refused (the form shows theirs, read-only)."""
    from ...store.agencies import normalise

    agency = _author_agency(user)
    sent = str(fields.get("agency") or "").strip()
    if agency is not None and sent and normalise(sent) != normalise(agency):
        raise HTTPException(403, "填报人只能编写本单位的年报")


def _page(request: Request, user: User, draft: Draft, *, message: str | None = None,
          status_code: int = 200, evaluated: bool = True) -> Response:
    result = evaluate(draft) if evaluated else None
    ctx = {"form": form_json(draft), "sections": page_sections(draft), "labels": cell_labels(draft),
           "result": result.to_json() if result else None, "locked_agency": _author_agency(user),
           "message": message, "cell_prefix": CELL_PREFIX, "section_prefix": SECTION_PREFIX}
    return render(request, "write.html", ctx, status_code=status_code)


def _download(draft: Draft, fmt: str, force: bool) -> tuple[Response | None, str | None]:
    """The file, or why not (bad cells; error findings unless ``force``)."""
    if draft.errors:
        return None, f"有 {len(draft.errors)} 处填写有误，请先改正（见标红的单元格）"
    if fmt == "yaml":  # the record as typed (blank stays blank; totals not filled in): to continue later
        from ...render.skeleton import to_yaml

        data = to_yaml(draft.report).encode("utf-8")
    else:
        from ...render import render as render_file

        result = evaluate(draft)
        if result.errors and not force:
            return None, (f"表格数字有 {len(result.errors)} 处错误（见右侧问题），未生成文件；"
                          "改正后再下载，或勾选“仍然下载”")
        try:
            data = render_file(result.report, fmt)
        except RuntimeError as exc:  # an optional library missing (reportlab for PDF)
            raise HTTPException(503, str(exc)) from None
    name = file_name(draft.report, fmt)
    disposition = f"attachment; filename=\"report.{fmt}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=DOWNLOADS[fmt], headers={"Content-Disposition": disposition}), None


def _year(text: str | None) -> int | None:
    """The year asked for in the address; anything else (not a year) gives the default, last year."""
    from ..authoring import YEARS

    return int(text) if text and text.isascii() and text.isdigit() and int(text) in YEARS else None


def _too_big(request: Request) -> None:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_BODY:
        raise HTTPException(413, f"提交的内容过大（上限 {MAX_BODY // 1024} KB）")


# ------------------------------------------------------------------ pages
@router.get("/write", include_in_schema=False)
def write_page(request: Request, user: CurrentUser, template: str = "2021", year: str | None = None) -> Response:
    if template not in TEMPLATES:
        raise HTTPException(404, f"没有“{template[:10]}”格式，可选 {'、'.join(TEMPLATES)}")
    draft = new_draft(_author_agency(user) or "", _year(year), template)
    return _page(request, user, draft)


@router.post("/write", include_in_schema=False)
async def write_post(request: Request, user: CurrentUser) -> Response:
    """Every button of the form: 检查 (recompute), 生成标准表述, 下载 DOCX/PDF/记录; and switching template."""
    _too_big(request)
    form: FormData = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    _check_agency(user, fields)
    action = fields.get("action", "check")
    if action == "switch":  # another template: a fresh skeleton for it, keeping agency, year and texts
        fresh = new_draft("", None, fields.get("template", "2021") if fields.get("template") in TEMPLATES else "2021")
        fields = fields_of(fresh.report) | {k: v for k, v in fields.items() if not k.startswith(CELL_PREFIX)}
    draft = read_form(fields, _author_agency(user))
    if action in ("draft", "redraft"):
        apply_draft(draft, overwrite=action == "redraft")
        return _page(request, user, draft, message="已按表格数字生成第二、三、四部分的标准表述")
    if action in DOWNLOADS:
        response, why = _download(draft, action, force=fields.get("force") == "1")
        if response is not None:
            return response
        return _page(request, user, draft, message=why, status_code=422)
    if action not in ("check", "switch"):
        raise HTTPException(400, f"未知操作“{action[:20]}”")
    return _page(request, user, draft)


@router.post("/write/load", include_in_schema=False)
async def load_record(request: Request, user: CurrentUser, record: Annotated[UploadFile, File()]) -> Response:
    """Continue a record file (from 下载记录 or ``xxgk new``) in the form."""
    from ...readers.document import ReaderError
    from ...record_file import loads

    _too_big(request)
    data = await record.read(MAX_BODY + 1)
    if len(data) > MAX_BODY:
        raise HTTPException(413, f"记录文件过大（上限 {MAX_BODY // 1024} KB）")
    try:
        report = loads(data, record.filename or "记录文件")
    except (ReaderError, ValueError, TypeError, KeyError) as exc:
        draft = new_draft(_author_agency(user) or "")
        return _page(request, user, draft, message=f"无法载入记录文件：{exc}", status_code=422)
    fields = fields_of(report)
    _check_agency(user, fields)
    return _page(request, user, read_form(fields, _author_agency(user)), message="已载入记录文件")


# ------------------------------------------------------------------ JSON
@router.get("/api/write", tags=["编写年报"])
def write_form_api(user: CurrentUser, template: str = "2021", year: str | None = None) -> dict[str, Any]:
    """The empty form of ``template`` (the ``xxgk new`` record): sections, the tables' grids with their labels
    from the template, the cells' initial text (0 in detail cells; computed cells blank)."""
    if template not in TEMPLATES:
        raise HTTPException(404, f"没有“{template[:10]}”格式，可选 {'、'.join(TEMPLATES)}")
    return form_json(new_draft(_author_agency(user) or "", _year(year), template))


async def _json_fields(request: Request) -> dict[str, Any]:
    _too_big(request)
    try:
        body = await request.json()
    except ValueError:
        raise HTTPException(400, "请求内容不是 JSON") from None
    if not isinstance(body, dict):
        raise HTTPException(422, "请求内容应为对象：{agency, year, template, cells: {…}, sections: {…}}")
    fields: dict[str, Any] = {k: body.get(k) for k in ("agency", "year", "template", "published_on", "title")}
    for name, prefix in (("cells", CELL_PREFIX), ("sections", SECTION_PREFIX)):
        part = body.get(name)
        part = {} if part is None else part
        if not isinstance(part, dict):
            raise HTTPException(422, f"{name} 应为对象")
        fields.update({f"{prefix}{k}": v for k, v in part.items() if isinstance(v, str | int | float | type(None))})
    return fields


@router.post("/api/write/check", tags=["编写年报"])
async def write_check_api(request: Request, user: CurrentUser) -> dict[str, Any]:
    """Recompute a filled-in form: ``{agency, year, template, published_on, cells: {"table/row/col": "12"},
    sections: {"1": "…"}}`` → the errors per cell, the totals computed for the blank total cells
    (``xxgk.render.totals``), the findings (``xxgk.rules.check`` on the completed record) and the standard
    sentences of sections 二–四 (``xxgk draft``). A missing cell is blank."""
    fields = await _json_fields(request)
    _check_agency(user, fields)
    draft = read_form(fields, _author_agency(user))
    return {"errors": draft.errors, "template": draft.template} | evaluate(draft).to_json()


@router.post("/api/write/{fmt}", tags=["编写年报"],
             responses={200: {"content": {v.split(";")[0]: {} for v in DOWNLOADS.values()}}})
async def write_download_api(request: Request, user: CurrentUser, fmt: str, force: bool = False) -> Response:
    """The filled-in form (same body as ``/api/write/check``) as a DOCX or PDF in the official layout (totals
    completed; refused with 422 while a cell is bad or, unless ``force``, the numbers have error findings), or
    the record as YAML (``yaml``: as typed, to continue later)."""
    if fmt not in DOWNLOADS:
        raise HTTPException(404, f"不支持“{fmt[:10]}”格式，可选 {'、'.join(DOWNLOADS)}")
    fields = await _json_fields(request)
    _check_agency(user, fields)
    draft = read_form(fields, _author_agency(user))
    response, why = _download(draft, fmt, force)
    if response is None:
        raise HTTPException(422, why)
    return response
