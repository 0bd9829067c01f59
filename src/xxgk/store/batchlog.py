"""What one ingest batch stored, read back from the store: for a caller that did not watch it run (the web
app's upload page once the server has restarted and the job it kept in memory is gone).

A batch writes a source row for every new file (a report's, or a failed one with its failure) and a failure
without a source for bytes it could not read; a file whose bytes were already in the store leaves no row (the
batch's counts have it, once the batch is finished)."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from . import schema as s
from .rows import BatchRow

if TYPE_CHECKING:
    from .store import Store


@dataclass(frozen=True)
class BatchResult:
    """One input the batch stored: ``status`` new-report, new-source or failed (with the reason)."""

    path: str
    status: str
    report_id: int | None = None
    agency: str | None = None
    year: int | None = None
    reason: str | None = None


def batch_state(store: Store, batch: BatchRow) -> str:
    """The batch's status as it stands: one still marked ``running`` whose process on this host has gone is
    ``interrupted`` (what the next ingest run will record; nothing is written here)."""
    from .store import _alive

    if batch.status != "running":
        return batch.status
    with store.read() as session:
        row = session.get(s.Batch, batch.id)
        host, pid = (row.host, row.pid) if row is not None else (None, None)
    if host == socket.gethostname() and pid is not None and not _alive(pid):
        return "interrupted"
    return "running"


def noted_batches(store: Store, *, prefix: str = "", suffix: str = "", limit: int | None = None) -> list[BatchRow]:
    """The batches whose note starts with ``prefix`` and ends with ``suffix`` (taken literally, never as a
    pattern), newest first, at most ``limit``."""
    from .store import _row

    query = select(s.Batch).where(s.Batch.note.startswith(prefix, autoescape=True),
                                  s.Batch.note.endswith(suffix, autoescape=True)).order_by(s.Batch.id.desc())
    if limit is not None:
        query = query.limit(limit)
    with store.read() as session:
        return [_row(BatchRow, b) for b in session.scalars(query)]


def batch_results(store: Store, batch_id: int) -> list[BatchResult]:
    """The inputs ``batch_id`` stored, in the order it stored them. A source is ``new-report`` when it is the
    first source of a report the batch created, ``new-source`` when it joined a report."""
    out: list[BatchResult] = []
    with store.read() as session:
        failed = {source_id: reason for source_id, reason in session.execute(
            select(s.Failure.source_id, s.Failure.reason).where(s.Failure.batch_id == batch_id))
            if source_id is not None}
        rows = session.execute(
            select(s.Source.id, s.Source.path, s.Source.sha256, s.Report.id, s.Report.batch_id, s.Report.year,
                   s.Agency.name)
            .outerjoin(s.Report, s.Report.id == s.Source.report_id)
            .outerjoin(s.Agency, s.Agency.id == s.Report.agency_id)
            .where(s.Source.batch_id == batch_id).order_by(s.Source.id))
        seen: set[int] = set()
        for source_id, path, sha, report_id, created_by, year, agency in rows:
            shown = path or sha
            if source_id in failed:
                out.append(BatchResult(shown, "failed", reason=failed[source_id]))
                continue
            first = created_by == batch_id and report_id not in seen
            if report_id is not None:
                seen.add(report_id)
            out.append(BatchResult(shown, "new-report" if first else "new-source", report_id, agency, year))
        # bytes that could not be read: a failure without a source
        for path, reason in session.execute(select(s.Failure.path, s.Failure.reason).where(
                s.Failure.batch_id == batch_id, s.Failure.source_id.is_(None)).order_by(s.Failure.id)):
            out.append(BatchResult(path or "", "failed", reason=reason))
    return out
