"""上传: many files or a zip in one form (drag and drop with static JS, a plain file input without); ingested in
the background (:mod:`xxgk.web.uploads`), a progress line per file, results as they arrive."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.responses import Response

from ...store.discover import ARCHIVE_SUFFIXES, REPORT_SUFFIXES
from ..render import render
from ..security import CurrentUser, require
from ..uploads import LIST_JOBS, STATUS_LABELS, UploadError, UploadJob, queue_of, stored_job, stored_jobs
from ..users import User

router = APIRouter()
ACCEPT = ",".join(sorted(REPORT_SUFFIXES | ARCHIVE_SUFFIXES))


def _too_large(request: Request) -> None:
    limit = request.app.state.max_upload_bytes
    try:
        length = int(request.headers.get("content-length", "0"))
    except ValueError:
        length = 0
    if length > limit:
        raise HTTPException(413, f"上传的文件总大小超过限制（{limit // 1024 // 1024} MB）")


async def _submit(request: Request, user: User) -> UploadJob:
    require(user, "upload")
    _too_large(request)
    form = await request.form(max_files=1000)
    files = [(f.filename or "", f.file) for f in form.getlist("files") if isinstance(f, UploadFile)]
    try:
        # copying to disk off the event loop
        return await run_in_threadpool(queue_of(request.app).submit, user.name, files,
                                       request.app.state.max_upload_bytes)
    except UploadError as exc:
        status = 413 if "超过限制" in str(exc) else 422
        raise HTTPException(status, str(exc)) from None


def _job(request: Request, user: User, job_id: str) -> dict[str, Any]:
    """The job's JSON: followed live, or rebuilt from its batch when the server has restarted since."""
    queue = queue_of(request.app)
    job = queue.get(job_id)
    found = (job.owner, job.to_json()) if job is not None else stored_job(request.app.state.store, job_id)
    if found is None or (found[0] != user.name and user.role != "admin"):
        raise HTTPException(404, "没有这个上传任务（或服务在它开始前重启了：请重新上传）")
    return found[1]


def _latest_jobs(user: User, request: Request) -> list[dict[str, Any]]:
    """The latest uploads (an admin: everybody's), newest first: the jobs in memory, and beside them the ones
    rebuilt from their batches in the store (``stored`` true; a job in memory is shown once, live)."""
    owner = None if user.role == "admin" else user.name
    live = [(j.started, j.to_json()) for j in queue_of(request.app).jobs_of(owner)[:LIST_JOBS]]
    ids = {job["id"] for _, job in live}
    stored = [(t, job) for t, job in stored_jobs(request.app.state.store, owner) if job["id"] not in ids]
    return [job for _, job in sorted(live + stored, key=lambda pair: -pair[0])[:LIST_JOBS]]


def _context(user: User, request: Request) -> dict[str, Any]:
    return {"accept": ACCEPT, "jobs": _latest_jobs(user, request), "labels": STATUS_LABELS,
            "limit_mb": request.app.state.max_upload_bytes // 1024 // 1024}


@router.get("/upload", include_in_schema=False)
def upload_page(request: Request, user: CurrentUser) -> Response:
    require(user, "upload")
    return render(request, "upload.html", _context(user, request))


@router.post("/upload", include_in_schema=False)
async def upload_form(request: Request, user: CurrentUser) -> Response:
    job = await _submit(request, user)
    return RedirectResponse(f"/upload/{job.id}", status_code=303)


@router.get("/upload/{job_id}", include_in_schema=False)
def upload_job_page(request: Request, user: CurrentUser, job_id: str) -> Response:
    job = _job(request, user, job_id)
    return render(request, "upload_job.html", {"job": job, "labels": STATUS_LABELS,
                                               "running": job["status"] in ("queued", "running")})


@router.post("/api/uploads", tags=["上传"], status_code=202)
async def upload_api(request: Request, user: CurrentUser) -> dict[str, Any]:
    """Upload report files or zip archives (multipart field ``files``, repeated); ingest starts in the
    background. Answers the job; poll ``GET /api/uploads/{id}`` for its progress."""
    return (await _submit(request, user)).to_json()


@router.get("/api/uploads", tags=["上传"])
def uploads_api(request: Request, user: CurrentUser) -> dict[str, Any]:
    """The latest upload jobs of this user (an admin: everybody's), newest first: those followed live and,
    beside them, those rebuilt from their batches in the store after a restart (``stored`` true)."""
    require(user, "upload")
    return {"jobs": _latest_jobs(user, request)}


@router.get("/api/uploads/{job_id}", tags=["上传"])
def upload_job_api(request: Request, user: CurrentUser, job_id: str) -> dict[str, Any]:
    """One upload: its status (queued / running / done / error), a line per file with its results so far.
    After a restart of the server the job is rebuilt from its batch in the store (``stored`` true): status
    done, running (elsewhere) or interrupted, the batch's ``counts``, the files it stored with their results
    (refused files and files already in the store are only in the counts)."""
    return _job(request, user, job_id)
