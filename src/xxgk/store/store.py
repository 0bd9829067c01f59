"""The :class:`Store` facade: the only door to the database for the CLI and the web app.

    from xxgk.store import Store
    with Store() as store:                      # default SQLite file, migrated to the current schema
        for r in store.reports(year=2023): ...
        record = store.record(r.active_version_id)   # an xxgk.record.Report

Every public method opens its own short transaction and returns plain dataclasses (:mod:`xxgk.store.rows`).
Writes take the write lock up front (SQLite ``BEGIN IMMEDIATE``), so a locked database is a clear
:class:`StoreError` before anything is written.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from ..record import Report
from . import migrate
from . import schema as s
from .blobs import BlobStore
from .db import (
    BUSY_TIMEOUT_MS,
    ENV_DATA_DIR,
    ENV_URL,
    StoreConflict,
    StoreDataError,
    StoreError,
    default_data_dir,
    describe,
    make_engine,
    resolve_url,
    sqlite_path,
    writer,
)
from .rows import (
    AgencyRow,
    BatchRow,
    CellRow,
    FailureRow,
    FindingRow,
    ReportRow,
    SourceRow,
    VersionRow,
)
from .versions import find_agency, load_record

if TYPE_CHECKING:
    from .attach import Saved
    from .ingest import IngestSummary

T = TypeVar("T")


def _row(cls: type[T], obj: Any, **extra: Any) -> T:
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    return cls(**{n: extra[n] if n in extra else getattr(obj, n) for n in names})


class Store:
    """A report database (SQLite by default, PostgreSQL by URL) and its blob store."""

    def __init__(self, db: str | None = None, *, data_dir: str | Path | None = None, create: bool = True,
                 busy_timeout: float = BUSY_TIMEOUT_MS / 1000) -> None:
        """Open (and migrate) the database ``db`` (URL or SQLite path; see :func:`xxgk.store.db.resolve_url`).

        ``create=False`` refuses to create a missing SQLite file (commands that only read).
        ``data_dir`` holds the blobs: default ``XXGK_DATA_DIR``, else the SQLite file's folder, else the
        user data directory. ``busy_timeout``: seconds a write waits for another writer's lock.
        """
        self.url = resolve_url(db)
        is_default = not db and not os.environ.get(ENV_URL)
        path = sqlite_path(self.url)
        if path is not None and not create and not path.exists():
            raise StoreError(f"no database at {path} (xxgk ingest creates it)")
        self.busy_timeout = busy_timeout
        self.engine: Engine = make_engine(self.url, create_default_dir=is_default,
                                          busy_timeout_ms=int(busy_timeout * 1000))
        self._write_engine = writer(self.engine)
        if data_dir is not None:
            root = Path(data_dir)
        elif os.environ.get(ENV_DATA_DIR) or path is None:
            root = default_data_dir()
        else:
            root = path.parent
        self.data_dir = root
        self.blobs = BlobStore(root / "blobs")
        with self._errors("open"):
            self._migrate()

    # ------------------------------------------------------------------ plumbing
    @property
    def name(self) -> str:
        """The database for messages (password hidden)."""
        return describe(self.url)

    @property
    def backend(self) -> str:
        return self.url.get_backend_name()

    def close(self) -> None:
        self.engine.dispose()
        self.blobs.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        head = migrate.head()
        current = migrate.current(self.engine)
        if current == head:
            return
        if current is not None and not _known_revision(current):
            raise StoreError(f"database {self.name} has schema {current}, newer than this xxgk (head {head}): "
                             "upgrade xxgk")
        migrate.upgrade(self._write_engine)

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """Database errors as a :class:`StoreError` naming the database and what went wrong."""
        try:
            yield
        except StoreError:
            raise
        except OperationalError as exc:
            text = str(exc.orig) if exc.orig is not None else str(exc)
            if "locked" in text or "lock timeout" in text or "busy" in text:
                raise StoreError(f"database {self.name} is locked by another process (waited {self.busy_timeout:g} s); "
                                 "nothing was written — try again when it is done") from exc
            raise StoreError(f"cannot {doing} database {self.name}: {text.strip().splitlines()[0]}") from exc
        except DataError as exc:  # told apart: the source being written is at fault, the batch goes on
            text = str(exc.orig) if exc.orig is not None else str(exc)
            raise StoreDataError(f"database {self.name} refused a value: {text.strip().splitlines()[0]}") from exc
        except IntegrityError as exc:  # told apart: a writer may try again, or find the other's row
            text = str(exc.orig) if exc.orig is not None else str(exc)
            raise StoreConflict(f"database {self.name}: {text.strip().splitlines()[0]}") from exc
        except DBAPIError as exc:
            text = str(exc.orig) if exc.orig is not None else str(exc)
            raise StoreError(f"database {self.name}: {text.strip().splitlines()[0]}") from exc

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (for modules of :mod:`xxgk.store` that query the tables directly)."""
        with self._errors("read"), Session(self.engine) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed whole on success, rolled back whole on any error."""
        with self._errors("write"), Session(self._write_engine, expire_on_commit=False) as session, session.begin():
            yield session

    # ------------------------------------------------------------------ agencies
    def find_agency(self, name: str) -> AgencyRow | None:
        """The agency printed as ``name`` (normalised; aliases too), or None."""
        with self.read() as session:
            agency = find_agency(session, name)
            return None if agency is None else _row(AgencyRow, agency)

    def agency(self, agency_id: int) -> AgencyRow | None:
        """The agency with this id, or None."""
        with self.read() as session:
            agency = session.get(s.Agency, agency_id)
            return None if agency is None else _row(AgencyRow, agency)

    def agencies(self) -> list[AgencyRow]:
        with self.read() as session:
            return [_row(AgencyRow, a) for a in session.scalars(select(s.Agency).order_by(s.Agency.id))]

    # ------------------------------------------------------------------ reports
    def reports(self, year: int | None = None, agency: str | None = None) -> list[ReportRow]:
        """Reports, by agency then year; ``agency`` matches its normal name or a part of it."""
        with self.read() as session:
            query = select(s.Report, s.Agency).join(s.Agency, s.Agency.id == s.Report.agency_id)
            if year is not None:
                query = query.where(s.Report.year == year)
            if agency:
                from .agencies import normalise

                query = query.where(s.Agency.norm_name.contains(normalise(agency)))
            rows = session.execute(query.order_by(s.Agency.norm_name, s.Report.year)).all()
            return self._report_rows(session, rows)

    def report(self, report_id: int) -> ReportRow:
        with self.read() as session:
            rows = session.execute(select(s.Report, s.Agency).join(s.Agency, s.Agency.id == s.Report.agency_id)
                                   .where(s.Report.id == report_id)).all()
            if not rows:
                raise KeyError(f"no report {report_id}")
            return self._report_rows(session, rows)[0]

    def find_report(self, agency: str, year: int) -> ReportRow | None:
        """The report of the agency printed as ``agency`` for ``year``, or None."""
        with self.read() as session:
            a = find_agency(session, agency)
            if a is None:
                return None
            rows = session.execute(select(s.Report, s.Agency).join(s.Agency, s.Agency.id == s.Report.agency_id)
                                   .where(s.Report.agency_id == a.id, s.Report.year == year)).all()
            return self._report_rows(session, rows)[0] if rows else None

    @staticmethod
    def _report_rows(session: Session, rows: Sequence[Any]) -> list[ReportRow]:
        ids = [r.id for r, _ in rows]
        n_sources: dict[int, int] = {}
        severities: dict[int, dict[str, int]] = {}
        if ids:
            for rid, n in session.execute(select(s.Source.report_id, func.count()).where(s.Source.report_id.in_(ids))
                                          .group_by(s.Source.report_id)):
                if rid is not None:
                    n_sources[rid] = n
            q = (select(s.Report.id, s.Finding.severity, func.count())
                 .join(s.Finding, s.Finding.version_id == s.Report.active_version_id)
                 .where(s.Report.id.in_(ids), s.Finding.review_state != "dismissed")
                 .group_by(s.Report.id, s.Finding.severity))
            for rid, sev, n in session.execute(q):
                severities.setdefault(rid, {})[sev] = n
        return [ReportRow(id=r.id, agency_id=a.id, agency=a.name, year=r.year, active_version_id=r.active_version_id,
                          sources=n_sources.get(r.id, 0), findings=severities.get(r.id, {})) for r, a in rows]

    # ------------------------------------------------------------------ sources, versions, cells
    def sources(self, report_id: int | None = None) -> list[SourceRow]:
        """Sources of one report, or every source."""
        with self.read() as session:
            q = select(s.Source).order_by(s.Source.id)
            if report_id is not None:
                q = q.where(s.Source.report_id == report_id)
            return [_row(SourceRow, x) for x in session.scalars(q)]

    def source(self, ref: str | int) -> SourceRow:
        """A source by id, sha256 (or a unique prefix of at least 6 characters) or the path it was ingested from."""
        with self.read() as session:
            found: list[s.Source] = []
            text = str(ref).strip()
            if text.isdigit():
                x = session.get(s.Source, int(text))
                found = [x] if x is not None else []
            if not found and len(text) >= 6 and all(c in "0123456789abcdef" for c in text.lower()):
                found = list(session.scalars(select(s.Source).where(s.Source.sha256.startswith(text.lower()))
                                             .limit(2)))
            if not found:
                found = list(session.scalars(select(s.Source).where(s.Source.path == text).limit(2)))
            if not found:
                raise KeyError(f"no source {text!r} (give its id, sha256 or path)")
            if len(found) > 1:
                raise KeyError(f"{text!r} names several sources: give more of the sha256")
            return _row(SourceRow, found[0])

    def known_sources(self, digests: list[str]) -> set[str]:
        """Those of ``digests`` already in the store."""
        out: set[str] = set()
        with self.read() as session:
            for i in range(0, len(digests), 500):
                out.update(session.scalars(select(s.Source.sha256).where(s.Source.sha256.in_(digests[i:i + 500]))))
        return out

    def blob(self, sha256: str) -> bytes:
        """The bytes of a source."""
        return self.blobs.get(sha256)

    def versions(self, report_id: int) -> list[VersionRow]:
        """A report's versions, oldest first."""
        with self.read() as session:
            q = select(s.Version).where(s.Version.report_id == report_id).order_by(s.Version.id)
            return [_row(VersionRow, v) for v in session.scalars(q)]

    def version(self, version_id: int) -> VersionRow:
        with self.read() as session:
            v = session.get(s.Version, version_id)
            if v is None:
                raise KeyError(f"no version {version_id}")
            return _row(VersionRow, v)

    def cells(self, version_id: int) -> list[CellRow]:
        """The cells of a version in long form, by table, row, column."""
        with self.read() as session:
            q = (select(s.Cell).where(s.Cell.version_id == version_id)
                 .order_by(s.Cell.table, s.Cell.row, s.Cell.column))
            return [_row(CellRow, c) for c in session.scalars(q)]

    def record(self, version_id: int) -> Report:
        """The record (xxgk.report/1) a version holds."""
        with self.read() as session:
            return load_record(session, version_id)

    def findings(self, version_id: int) -> list[FindingRow]:
        with self.read() as session:
            q = select(s.Finding).where(s.Finding.version_id == version_id).order_by(s.Finding.id)
            return [_row(FindingRow, f) for f in session.scalars(q)]

    # ------------------------------------------------------------------ failures, batches
    def failures(self, include_resolved: bool = False, batch_id: int | None = None) -> list[FailureRow]:
        """Sources that did not become a report, with the reason (oldest first)."""
        with self.read() as session:
            q = select(s.Failure, s.Source.sha256).outerjoin(s.Source, s.Source.id == s.Failure.source_id)
            if not include_resolved:
                q = q.where(s.Failure.resolved_at.is_(None))
            if batch_id is not None:
                q = q.where(s.Failure.batch_id == batch_id)
            return [_row(FailureRow, f, sha256=sha) for f, sha in session.execute(q.order_by(s.Failure.id))]

    def batches(self) -> list[BatchRow]:
        with self.read() as session:
            return [_row(BatchRow, b) for b in session.scalars(select(s.Batch).order_by(s.Batch.id))]

    def batch(self, batch_id: int) -> BatchRow:
        with self.read() as session:
            b = session.get(s.Batch, batch_id)
            if b is None:
                raise KeyError(f"no batch {batch_id}")
            return _row(BatchRow, b)

    def start_batch(self, note: str | None = None, jobs: int = 1, engine: str = "local") -> int:
        """Record the start of an ingest run; runs on this host whose process is gone become ``interrupted``."""
        host = socket.gethostname()
        with self.write() as session:
            for b in session.scalars(select(s.Batch).where(s.Batch.status == "running", s.Batch.host == host)):
                if b.pid is not None and not _alive(b.pid):
                    b.status = "interrupted"
            batch = s.Batch(note=note, jobs=jobs, engine=engine, host=host, pid=os.getpid(), counts={})
            session.add(batch)
            session.flush()
            return batch.id

    def finish_batch(self, batch_id: int, counts: dict[str, Any], status: str = "done") -> None:
        with self.write() as session:
            batch = session.get(s.Batch, batch_id)
            if batch is None:
                raise KeyError(f"no batch {batch_id}")
            batch.counts = counts
            batch.status = status
            batch.finished_at = s.utcnow()

    # ------------------------------------------------------------------ ingest, assign, rollback
    def ingest(self, paths: list[str], *, jobs: int = 1, note: str | None = None,
               on_saved: Callable[[Saved], None] | None = None, timeout: float | None = 120.0,
               engine: str = "local", scheduler: str | None = None) -> IngestSummary:
        """Ingest files, folders and zip archives as one batch (see :mod:`xxgk.store.ingest`); ``timeout``:
        seconds one file may take in a worker process (local engine); ``engine`` local or dask (on a
        LocalCluster, or on the cluster whose scheduler is at ``scheduler``)."""
        from .ingest import ingest

        return ingest(self, paths, jobs=jobs, note=note, on_saved=on_saved, timeout=timeout, engine=engine,
                      scheduler=scheduler)

    def assign(self, ref: str | int, agency: str, year: int) -> ReportRow:
        """Make a failed source whose agency or year could not be read a source of (agency, year)."""
        from ..rules import check
        from .analyse import analyse
        from .attach import attach

        src = self.source(ref)
        if src.report_id is not None:
            raise StoreError(f"source {src.path} already belongs to report {src.report_id}")
        outcome = analyse(src.path or src.sha256, self.blob(src.sha256), src.sha256)
        if outcome.record is None:
            raise StoreError(f"{src.path} cannot be made a report: {outcome.error}")
        record = outcome.record
        record.agency, record.year = agency.strip(), year
        findings = [f.to_json() for f in check(record).findings]
        with self.write() as session:
            source = session.get(s.Source, src.id)
            assert source is not None
            report_id, _ = attach(session, source, record, findings, batch_id=None)
            for failure in session.scalars(select(s.Failure).where(s.Failure.source_id == src.id,
                                                                   s.Failure.resolved_at.is_(None))):
                failure.resolved_at = s.utcnow()
        return self.report(report_id)

    def rollback_batch(self, batch_id: int) -> dict[str, int]:
        """Remove what an ingest batch added (sources, versions, reports it created, failures, findings it
        added to other versions) and re-pick the active versions it changed. Blobs stay (shared by content)."""
        from sqlalchemy import delete

        from .attach import choose_active

        with self.write() as session:
            batch = session.get(s.Batch, batch_id)
            if batch is None:
                raise KeyError(f"no batch {batch_id}")
            if batch.status == "rolled_back":
                raise StoreError(f"batch {batch_id} was already rolled back")
            affected = set(session.scalars(select(s.Version.report_id).where(s.Version.batch_id == batch_id)))
            out = {"reports": 0}
            for name, model in (("findings", s.Finding), ("versions", s.Version), ("failures", s.Failure),
                                ("sources", s.Source)):
                result: Any = session.execute(delete(model).where(model.batch_id == batch_id))
                out[name] = result.rowcount
            try:
                session.flush()
            except IntegrityError as exc:
                raise StoreError(f"batch {batch_id} cannot be rolled back: later versions build on it") from exc
            session.expire_all()
            for report_id in sorted(affected):
                report = session.get(s.Report, report_id)
                if report is None:
                    continue
                active = choose_active(session, report_id)
                if active is None:
                    agency_id = report.agency_id
                    session.delete(report)
                    session.flush()
                    out["reports"] += 1
                    _drop_if_unused(session, agency_id)
                else:
                    report.active_version_id = active
            batch.status = "rolled_back"
            return out

    def counts(self) -> dict[str, int]:
        """Rows per table: agencies, reports, sources, versions, cells, findings, open failures."""
        with self.read() as session:
            out = {name: session.scalar(select(func.count()).select_from(model)) or 0 for name, model in (
                ("agencies", s.Agency), ("reports", s.Report), ("sources", s.Source), ("versions", s.Version),
                ("cells", s.Cell), ("findings", s.Finding))}
            out["failures"] = session.scalar(select(func.count()).select_from(s.Failure)
                                             .where(s.Failure.resolved_at.is_(None))) or 0
            return out


def _drop_if_unused(session: Session, agency_id: int) -> None:
    """An agency that only a rolled-back batch brought in (no report, not expected, no sub-agency) goes too."""
    agency = session.get(s.Agency, agency_id)
    if agency is None or agency.expected:
        return
    if session.scalar(select(s.Report.id).where(s.Report.agency_id == agency_id).limit(1)) is not None:
        return
    if session.scalar(select(s.Agency.id).where(s.Agency.parent_id == agency_id).limit(1)) is not None:
        return
    session.delete(agency)


def _known_revision(rev: str) -> bool:
    from alembic.script import ScriptDirectory

    try:
        return ScriptDirectory.from_config(migrate.config()).get_revision(rev) is not None
    except Exception:
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
