"""Metric values in the store: computed from a version's record when it is written (one row per metric),
so that statistics over thousands of reports are SQL over one narrow table.

Versions written before the table existed (or by a writer that did not compute them) are filled in by
:func:`backfill`, which ``xxgk stats`` runs first.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..record import Report
from . import schema as s
from .records import metric_tuples

# columns of a metric value row as written: the version, then a :func:`metric_tuples` tuple
METRIC_INSERT = ("version_id", "metric", "value", "status")


def write_metrics(session: Session, version_id: int, record: Report) -> None:
    """Store the metrics of ``record`` for ``version_id``, replacing any computed before (new versions get
    theirs with their cells: :func:`xxgk.store.versions.insert_version_rows`)."""
    from .driver import insert_many
    from .versions import table

    conn = session.connection()
    conn.execute(delete(table(s.MetricValue)).where(s.MetricValue.version_id == version_id))
    rows = metric_tuples(record)
    if rows:
        insert_many(conn, table(s.MetricValue), METRIC_INSERT, [(version_id, *r) for r in rows])


def missing(session: Session) -> list[int]:
    """Active versions without metric values."""
    has = select(s.MetricValue.version_id).where(s.MetricValue.version_id == s.Report.active_version_id).exists()
    q = select(s.Report.active_version_id).where(s.Report.active_version_id.is_not(None), ~has)
    return [v for v in session.scalars(q) if v is not None]


def backfill(session: Session) -> int:
    """Compute the metrics of every active version that has none; returns how many were filled."""
    from .versions import load_record

    ids = missing(session)
    for version_id in ids:
        write_metrics(session, version_id, load_record(session, version_id))
    return len(ids)
