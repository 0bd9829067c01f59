"""Uploads: files saved inside the store's data folder, ingested in the background, progress kept per file.

One worker thread runs the batches one after the other (the store has one writer); inside a batch the files are
parsed in worker processes (:func:`xxgk.store.Store.ingest`, ``jobs``), so neither the event loop nor the
server's threads wait on a parse. The pages poll :meth:`UploadJob.to_json` for the progress lines.

A job lives in memory; the batch it makes is in the store for good (首页 lists it), its note naming the job.
When the server has restarted, :func:`stored_job` rebuilds the job's page from that batch: its status, counts
and every file it stored with its result; :func:`stored_jobs` lists them. The files are deleted once ingested —
the store keeps their bytes; :meth:`UploadQueue.sweep` removes, at start-up, the folders a killed server left.
"""

from __future__ import annotations

import logging
import re
import secrets
import shutil
import threading
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..store.discover import ARCHIVE_SUFFIXES, REPORT_SUFFIXES

if TYPE_CHECKING:
    from ..store.rows import BatchRow

ALLOWED_SUFFIXES = frozenset(REPORT_SUFFIXES | ARCHIVE_SUFFIXES)
MAX_FILES = 1000  # files in one upload
KEEP_JOBS = 200  # finished jobs remembered (oldest forgotten first)
STATUS_LABELS = {"new-report": "新报告", "new-source": "新来源", "duplicate": "重复", "failed": "失败",
                 "refused": "拒收", "waiting": "等待中", "skipped": "跳过"}
LIST_JOBS = 10  # jobs on the upload list (live and stored)
ORPHAN_SECONDS = 24 * 3600  # an upload folder with no batch this old was left by a server killed before ingest
JOB_ID = re.compile(r"[0-9a-f]{16}")  # secrets.token_hex(8)
NOTE_PREFIX = "网页上传 · "
_NOTE = re.compile(r"网页上传 · (?P<owner>.*) · 任务 (?P<job>[0-9a-f]{16})")
log = logging.getLogger(__name__)


def upload_note(owner: str, job_id: str) -> str:
    """The note of an upload's batch: who uploaded, and the job (its page is rebuilt from it after a restart)."""
    return f"{NOTE_PREFIX}{owner} · 任务 {job_id}"


class UploadError(ValueError):
    """An upload refused as a whole (too large, no file); the message is shown to the user."""


def safe_name(name: str) -> str:
    """The last component of a client's file name, without control characters or leading dots (never a path)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    base = base.strip().lstrip(".").strip()
    return base[:200] or "未命名"


@dataclass
class FileLine:
    """One uploaded file and what became of it (a zip has one result per member)."""

    name: str
    size: int
    state: str = "waiting"  # waiting / done / failed / refused
    reason: str | None = None
    results: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class UploadJob:
    id: str
    owner: str
    folder: Path
    files: list[FileLine]
    status: str = "queued"  # queued / running / done / error
    total: int = 0  # inputs (a zip counts its members)
    batch_id: int | None = None
    error: str | None = None
    skipped: list[dict[str, str]] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    finished: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def done(self) -> int:
        return sum(len(f.results) for f in self.files) + sum(1 for f in self.files if f.state == "refused")

    def line_of(self, path: str) -> FileLine | None:
        """The uploaded file a result's path belongs to (``folder/i/name`` or ``folder/i/name!member``)."""
        try:
            rel = Path(path.split("!", 1)[0]).relative_to(self.folder)
            return self.files[int(rel.parts[0])]
        except (ValueError, IndexError):
            return None

    def shown_path(self, path: str) -> str:
        """A result's path as the user knows it: the uploaded name, then the member inside a zip."""
        line = self.line_of(path)
        if line is None:
            return path
        member = path.split("!", 1)[1:]
        return "!".join([line.name, *member])

    def to_json(self) -> dict[str, Any]:
        with self.lock:
            return {
                "id": self.id, "status": self.status, "batch": self.batch_id, "error": self.error,
                "total": self.total, "done": self.done, "skipped": list(self.skipped),
                "seconds": round((self.finished or time.time()) - self.started, 1),
                "files": [{"name": f.name, "size": f.size, "state": f.state, "reason": f.reason,
                           "results": list(f.results)} for f in self.files],
                "stored": False,  # followed live (True: rebuilt from the store, see stored_job)
            }


class UploadQueue:
    """The app's uploads: saved under ``data_dir/uploads/<job>/<n>/<name>``, ingested one batch at a time."""

    def __init__(self, store: Any, data_dir: Path, jobs: int = 2, timeout: float = 120.0) -> None:
        self.store = store
        self.root = (Path(data_dir) / "uploads").resolve()
        self.jobs = jobs
        self.timeout = timeout
        self._jobs: dict[str, UploadJob] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xxgk-upload")

    def get(self, job_id: str) -> UploadJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def jobs_of(self, owner: str | None) -> list[UploadJob]:
        """Latest first; ``owner`` None: everybody's."""
        with self._lock:
            jobs = list(self._jobs.values())
        return sorted((j for j in jobs if owner is None or j.owner == owner), key=lambda j: -j.started)

    def submit(self, owner: str, files: list[tuple[str, Any]], max_bytes: int) -> UploadJob:
        """Save ``files`` ((client name, binary file object) pairs) and queue their ingest. Files of a type that
        is not a report or a zip are refused with the reason; the others go on."""
        if not files:
            raise UploadError("没有选择文件")
        if len(files) > MAX_FILES:
            raise UploadError(f"一次最多上传 {MAX_FILES} 个文件")
        job_id = secrets.token_hex(8)
        folder = self.root / job_id
        folder.mkdir(parents=True, exist_ok=False)
        lines: list[FileLine] = []
        paths: list[str] = []
        total = 0
        try:
            for i, (client_name, fh) in enumerate(files):
                name = safe_name(client_name)
                suffix = Path(name).suffix.lower()
                if suffix not in ALLOWED_SUFFIXES:
                    lines.append(FileLine(name, 0, "refused", f"不支持的文件类型（{suffix or '无扩展名'}）"))
                    continue
                target = folder / str(i) / name
                if target.resolve().parent != (folder / str(i)).resolve():  # never outside the job's folder
                    lines.append(FileLine(name, 0, "refused", "文件名不合法"))
                    continue
                target.parent.mkdir()
                size = _copy(fh, target, max_bytes - total)
                total += size
                lines.append(FileLine(name, size))
                paths.append(str(target))
        except UploadError:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        job = UploadJob(job_id, owner, folder, lines)
        with self._lock:
            self._jobs[job_id] = job
            self._forget_old()
        if paths:
            self._pool.submit(self._run, job, paths)
        else:
            job.status, job.finished = "done", time.time()
            shutil.rmtree(folder, ignore_errors=True)
        return job

    def _forget_old(self) -> None:
        finished = sorted((j for j in self._jobs.values() if j.finished), key=lambda j: j.started)
        for j in finished[:max(0, len(self._jobs) - KEEP_JOBS)]:
            del self._jobs[j.id]

    def _run(self, job: UploadJob, paths: list[str]) -> None:
        from ..store.ingest import count_inputs

        def saved(x: Any) -> None:
            line = job.line_of(x.path)
            result = {"path": job.shown_path(x.path), "status": x.status, "report": x.report_id,
                      "agency": x.agency, "year": x.year, "reason": x.reason}
            with job.lock:
                if line is None:
                    return
                line.results.append(result)
                if x.status == "failed" and line.state != "failed":
                    line.state, line.reason = "failed", x.reason
                elif line.state == "waiting":
                    line.state = "done"

        final: str
        error: str | None
        try:
            with job.lock:
                job.status = "running"
                job.total = count_inputs(paths) + sum(1 for f in job.files if f.state == "refused")
            summary = self.store.ingest(paths, jobs=self.jobs, note=upload_note(job.owner, job.id), on_saved=saved,
                                        timeout=self.timeout)
            with job.lock:
                job.batch_id = summary.batch_id
                job.skipped = [{"path": job.shown_path(s.path), "reason": s.reason} for s in summary.skipped]
                for f in job.files:  # a zip with no report inside
                    if f.state == "waiting":
                        f.state, f.reason = "failed", "压缩包中没有可识别的报告文件"
            final, error = "done", None
        except Exception as exc:  # the database went away: say so on the page, never a traceback
            final, error = "error", str(exc) or exc.__class__.__name__
        # the copies go before the job says it is over: a finished job has left nothing behind
        shutil.rmtree(job.folder, ignore_errors=True)
        with job.lock:
            job.status, job.error, job.finished = final, error, time.time()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=False)

    def sweep(self, now: float | None = None) -> list[str]:
        """Remove the upload folders a killed server left behind (its job never reached the end that deletes
        them): the folder of a job whose batch is finished, or that has no batch and is older than a day.
        A folder whose batch is running (another server over the same data folder), a younger folder with no
        batch (still being saved or queued there), this queue's own jobs and anything not named like a job are
        left alone. Answers the job ids removed; the server log names them."""
        from ..store.batchlog import batch_state

        if not self.root.is_dir():
            return []
        now = time.time() if now is None else now
        removed: list[str] = []
        for folder in sorted(self.root.iterdir()):
            job_id = folder.name
            if not JOB_ID.fullmatch(job_id) or not folder.is_dir() or self.get(job_id) is not None:
                continue
            batch = _batch_of(self.store, job_id)
            if batch is not None:
                gone = batch_state(self.store, batch) != "running"
            else:
                gone = now - folder.stat().st_mtime > ORPHAN_SECONDS
            if gone:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(job_id)
        if removed:
            log.warning("xxgk: removed %d upload folder(s) left by a stopped server under %s: %s",
                        len(removed), self.root, ", ".join(removed))
        return removed


def stored_job(store: Any, job_id: str) -> tuple[str, dict[str, Any]] | None:
    """An upload this server no longer has in memory (it restarted), rebuilt from its batch in the store: the
    owner and the job's JSON, ``stored`` true — the batch's status (``interrupted`` when the server stopped in
    the middle), its counts once finished, and each file it stored with its results. Refused files, files
    whose bytes were already known and files not reached leave nothing in the store: only a finished batch's
    counts have them. None when no batch has the job (an unknown id, or the server stopped before it began)."""
    if not JOB_ID.fullmatch(job_id):
        return None
    batch = _batch_of(store, job_id)
    if batch is None:
        return None
    owner = _NOTE.fullmatch(batch.note or "")
    assert owner is not None  # _batch_of matched it
    return owner["owner"], _stored_json(store, batch, job_id)


def stored_jobs(store: Any, owner: str | None, limit: int = LIST_JOBS) -> list[tuple[float, dict[str, Any]]]:
    """The latest uploads in the store, newest first (at most ``limit``; ``owner`` None: everybody's), each as
    (start time, the job's JSON as :func:`stored_job` rebuilds it)."""
    from ..store.batchlog import noted_batches

    out: list[tuple[float, dict[str, Any]]] = []
    prefix = upload_note(owner, "") if owner is not None else NOTE_PREFIX
    for batch in noted_batches(store, prefix=prefix, limit=limit):
        found = _NOTE.fullmatch(batch.note or "")
        if found and (owner is None or found["owner"] == owner):
            out.append((_timestamp(batch.started_at), _stored_json(store, batch, found["job"])))
    return out


def _batch_of(store: Any, job_id: str) -> BatchRow | None:
    """The latest batch whose note names the job, or None."""
    from ..store.batchlog import noted_batches

    for batch in noted_batches(store, prefix=NOTE_PREFIX, suffix=f" · 任务 {job_id}"):
        found = _NOTE.fullmatch(batch.note or "")
        if found and found["job"] == job_id:
            return batch
    return None


def _timestamp(when: datetime) -> float:
    """Seconds since the epoch of a stored time (SQLite gives it back without its zone: UTC)."""
    return (when if when.tzinfo is not None else when.replace(tzinfo=UTC)).timestamp()


def _stored_json(store: Any, batch: BatchRow, job_id: str) -> dict[str, Any]:
    from ..store.batchlog import batch_results, batch_state

    status = batch_state(store, batch)
    lines: dict[tuple[int, str], dict[str, Any]] = {}
    for r in batch_results(store, batch.id):
        index, name, member = _upload_path(r.path, job_id)
        line = lines.setdefault((index, name), {"name": name, "size": None, "state": "done", "reason": None,
                                                "results": []})
        line["results"].append({"path": "!".join([name, *member]), "status": r.status, "report": r.report_id,
                                "agency": r.agency, "year": r.year, "reason": r.reason})
        if r.status == "failed" and line["state"] != "failed":
            line["state"], line["reason"] = "failed", r.reason
    counts = dict(batch.counts)
    done = sum(len(line["results"]) for line in lines.values())
    seconds = counts.get("seconds") or (
        (batch.finished_at - batch.started_at).total_seconds() if batch.finished_at else None)  # killed: unknown
    error = "服务在处理途中停止，批次中断：已写入的结果如下，其余文件请重新上传" if status == "interrupted" else None
    return {
        "id": job_id, "status": status, "batch": batch.id, "error": error,
        "total": counts.get("inputs") if counts else None, "done": counts.get("inputs", done),
        "skipped": [], "seconds": round(seconds, 1) if seconds is not None else None,
        "files": [lines[i] for i in sorted(lines)], "stored": True, "counts": counts,
    }


def _upload_path(path: str, job_id: str) -> tuple[int, str, list[str]]:
    """(index, uploaded name, [member]) of a stored source path ``…/uploads/<job>/<index>/<name>[!member]``."""
    file, *member = path.split("!", 1)
    parts = Path(file).parts
    try:
        at = len(parts) - 1 - parts[::-1].index(job_id)
        return int(parts[at + 1]), parts[at + 2], member
    except (ValueError, IndexError):
        return 1 << 30, Path(file).name or path, member


def _copy(fh: Any, target: Path, budget: int) -> int:
    """Copy an uploaded file in chunks; :class:`UploadError` as soon as the whole upload passes the limit."""
    n = 0
    with open(target, "wb") as out:
        while chunk := fh.read(1 << 20):
            n += len(chunk)
            if n > budget:
                raise UploadError("上传的文件总大小超过限制")
            out.write(chunk)
    return n


def queue_of(app: Any) -> UploadQueue:
    """The app's upload queue (made on first use)."""
    state = app.state
    queue: UploadQueue | None = getattr(state, "uploads", None)
    if queue is None:
        with _MAKE_LOCK:
            queue = getattr(state, "uploads", None)
            if queue is None:
                queue = UploadQueue(state.store, state.data_dir, jobs=getattr(state, "upload_jobs", 2))
                state.uploads = queue
    return queue


_MAKE_LOCK = threading.Lock()
