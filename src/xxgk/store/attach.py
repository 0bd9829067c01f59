"""The single writer of ingest: one source → one transaction (source, version, cells, findings, active version,
cross-source and cross-year findings). Everything here runs inside the caller's transaction; nothing commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from ..record import Report, cell_path
from . import schema as s
from .agencies import name_facts
from .analyse import Outcome
from .driver import execute, insert_row
from .records import VersionRows, version_rows
from .versions import (
    PendingRows,
    add_findings,
    agency_id_for,
    insert_version_rows,
    load_record,
    table,
)

# Among equally confident readings, the rendition that carries the table structure best wins.
FORMAT_RANK = {"html": 6, "mht": 5, "docx": 4, "doc": 3, "pdf": 2, "md": 1, "txt": 0}
MAX_CELLS_NAMED = 12  # cells spelled out in a disagreement message; all of them are in the details
# built once: statements with bound parameters are compiled once per engine
_SET_ACTIVE = (update(table(s.Report)).where(s.Report.id == bindparam("report"))
               .values(active_version_id=bindparam("active"), updated_at=bindparam("now")))
_SOURCE_BY_SHA = select(s.Source.id, s.Source.report_id, s.Source.path).where(s.Source.sha256 == bindparam("sha"))
# this year and the two around it, in one round trip
_NEAR_YEARS = (select(s.Report.id, s.Report.year, s.Report.active_version_id)
               .where(s.Report.agency_id == bindparam("agency"),
                      s.Report.year.between(bindparam("first"), bindparam("last"))))


@dataclass(frozen=True)
class Saved:
    """What the writer did with one outcome."""

    status: str  # new-report / new-source / duplicate / failed
    path: str
    sha256: str
    report_id: int | None = None
    agency: str | None = None
    year: int | None = None
    reason: str | None = None  # why it failed, or what it duplicates


@dataclass
class WriterCache:
    """What the single writer of one ingest run remembers between reports: agency ids by normal name (one
    round trip fewer per report). Only committed rows may stay in it: the writer clears it whenever a
    transaction is rolled back."""

    agencies: dict[str, int] = field(default_factory=dict)
    pending: PendingRows = field(default_factory=PendingRows)  # rows of this transaction, inserted at its end
    # every agency of the store is in ``agencies`` (names and aliases): a name not there is a new agency, made
    # without looking it up (another writer's row with that name refuses it: the transaction is written again)
    complete: bool = False

    def load(self, session: Session) -> None:
        """Take every agency's normal name and alias (one query each): a run then looks none up."""
        self.agencies = {norm: i for norm, i in session.execute(select(s.AgencyAlias.norm_name,
                                                                       s.AgencyAlias.agency_id))}
        self.agencies.update((norm, i) for norm, i in session.execute(select(s.Agency.norm_name, s.Agency.id)))
        self.complete = True

    def clear(self) -> None:
        self.agencies.clear()
        self.pending.clear()
        self.complete = False


def save_outcome(session: Session, out: Outcome, batch_id: int | None, cache: WriterCache | None = None, *,
                 looked_up: bool = False) -> Saved:
    """Store one analysed source. Same bytes again → ``duplicate`` and nothing written. ``looked_up``: the
    caller found moments ago that the store has no source with these bytes, so they are not looked up again
    (the unique index on sha256 still refuses bytes another writer added since: the transaction fails)."""
    if not (looked_up and out.analysed):
        known = session.connection().execute(_SOURCE_BY_SHA, {"sha": out.sha256}).first()
        if known is not None:
            return Saved("duplicate", out.path, out.sha256, known.report_id,
                         reason=_known_as(session, known.id, known.report_id, known.path))
    rows = None if out.error else out.version_rows()
    new_source = {"sha256": out.sha256, "format": out.format, "size": out.size, "path": out.path,
                  "batch_id": batch_id}
    if rows is None:
        return _fail(session, new_source, out.code or "unreadable", out.error or "could not be read", batch_id)
    if not rows.agency:
        return _fail(session, new_source, "unknown-agency", f"{out.path}: the agency could not be read (no title or "
                     f"signature naming it); set it with: xxgk assign {out.sha256[:12]} --agency NAME --year YEAR",
                     batch_id)
    if not rows.year:
        return _fail(session, new_source, "unknown-year", f"{out.path}: the report year could not be read; set it "
                     f"with: xxgk assign {out.sha256[:12]} --agency NAME --year YEAR", batch_id)
    report_id, created = attach_rows(session, rows, out.findings, batch_id, new_source=new_source, facts=out.facts,
                                     cache=cache)
    return Saved("new-report" if created else "new-source", out.path, out.sha256, report_id, rows.agency, rows.year)


def _known_as(session: Session, source_id: int, report_id: int | None, path: str | None) -> str:
    if report_id is None:
        reason = session.scalar(select(s.Failure.reason).where(s.Failure.source_id == source_id))
        return f"same bytes as {path} (failed: {reason or 'unknown'})"
    return f"same bytes as {path}"


def _fail(session: Session, new_source: dict[str, Any], code: str, reason: str, batch_id: int | None) -> Saved:
    conn = session.connection()
    source_id = insert_row(conn, table(s.Source), new_source)
    insert_row(conn, table(s.Failure), {"source_id": source_id, "path": new_source["path"], "code": code,
                                        "reason": reason, "batch_id": batch_id})
    return Saved("failed", new_source["path"] or "", new_source["sha256"], reason=reason)


def attach(session: Session, source: s.Source, record: Report, findings: list[dict[str, Any]],
           batch_id: int | None) -> tuple[int, bool]:
    """Make ``record`` (read from ``source``, a row of this session) a version of its agency-year report
    (see :func:`attach_rows`). Returns the report's id and whether it is new."""
    session.flush()
    report_id, created = attach_rows(session, version_rows(record), findings, batch_id, source_id=source.id)
    source.report_id = report_id  # the ORM object agrees with the row written
    return report_id, created


def attach_rows(session: Session, rows: VersionRows, findings: list[dict[str, Any]], batch_id: int | None, *,
                source_id: int | None = None, new_source: dict[str, Any] | None = None,
                facts: tuple[str, str | None, str | None] | None = None,
                cache: WriterCache | None = None) -> tuple[int, bool]:
    """Make ``rows`` a version of its agency-year report, carried by the source ``source_id`` or by the
    ``new_source`` inserted here; pick the active version; compare the sources; run the cross-year rules both
    ways. Core statements only, and the record is rebuilt from the rows only when a neighbouring year is in
    the store. Returns the report's id and whether it is new."""
    assert rows.agency and rows.year
    conn = session.connection()
    year = rows.year
    facts = facts or name_facts(rows.agency)
    agency_id = cache.agencies.get(facts[0]) if cache is not None else None
    new_agency = False
    if agency_id is None:
        agency_id, new_agency = agency_id_for(session, rows.agency, facts, known=not (cache is not None and cache.complete))
        if cache is not None:
            cache.agencies[facts[0]] = agency_id
    # (report id, active version) by year, for this year and the two around it (an agency made now has none)
    near = {} if new_agency else {y: (rid, active) for rid, y, active in conn.execute(
        _NEAR_YEARS, {"agency": agency_id, "first": year - 1, "last": year + 1})}
    # A report alone in its years reads no cells back: its rows wait with the transaction's other pending rows.
    # Otherwise what follows reads cells (other sources, the years around): those pending are inserted first.
    pending = cache.pending if cache is not None else None
    if pending is not None and near:
        pending.flush(session)
        pending = None
    created = year not in near
    if created:
        report_id = insert_row(conn, table(s.Report), {"agency_id": agency_id, "year": year, "batch_id": batch_id})
        before = None
    else:
        report_id, before = near[year]
    if new_source is not None:
        source_id = insert_row(conn, table(s.Source), new_source | {"report_id": report_id})
    elif source_id is not None:
        conn.execute(update(table(s.Source)).where(s.Source.id == source_id).values(report_id=report_id))
    version_id = insert_version_rows(session, report_id, rows, source_id=source_id, batch_id=batch_id,
                                     findings=findings, pending=pending)
    record: Report | None = None  # this version's record, rebuilt only when a cross-year rule needs it
    previous = near.get(year - 1)
    if previous is not None and previous[1] is not None:
        record = rows.record()
        add_findings(session, version_id, crossyear(record, load_record(session, previous[1])), origin="crossyear",
                     batch_id=batch_id)
    active = version_id if created else choose_active(session, report_id)
    execute(conn, "set-active", _SET_ACTIVE, {"report": report_id, "active": active, "now": s.utcnow()})
    if not created:
        compare_sources(session, report_id, active, batch_id)
    following = near.get(year + 1)
    if active != before and following is not None and following[1] is not None and active is not None:
        now = (record or rows.record()) if active == version_id else load_record(session, active)
        recheck_next_year(session, following[1], now, batch_id)
    return report_id, created


def choose_active(session: Session, report_id: int) -> int | None:
    """The latest correction when a person corrected the report; else the most confident parse (then the
    richer format, then the sha256: the same choice whatever the order the sources came in)."""
    versions = list(session.scalars(select(s.Version).where(s.Version.report_id == report_id)))
    corrections = [v for v in versions if v.kind != "parse"]
    if corrections:
        return max(corrections, key=lambda v: v.id).id
    if not versions:
        return None
    sources = {x.id: x for x in session.scalars(select(s.Source).where(s.Source.report_id == report_id))}

    def rank(v: s.Version) -> tuple[float, int, str]:
        src = sources.get(v.source_id or -1)
        return (v.confidence, FORMAT_RANK.get(src.format or "", -1) if src else -1, src.sha256 if src else "")

    return max(versions, key=rank).id


def crossyear(record: Report, previous: Report) -> list[dict[str, Any]]:
    """The cross-year rules (Y-01..Y-04, C-15) of ``record`` against the previous year's record."""
    from ..rules import CheckConfig
    from ..rules import crossyear as rules
    from ..rules.context import Context

    try:
        return [f.to_json() for f in rules.check(Context(record, previous, CheckConfig()))]
    except Exception:  # odd data must not stop the ingest; the per-report check already ran
        return []


def recheck_next_year(session: Session, next_version_id: int, record: Report, batch_id: int | None) -> None:
    """The year after ``record``'s was checked against an older (or no) reading of it: add what the cross-year
    rules find now to that year's active version ``next_version_id``, as new findings (history is never
    overwritten; findings already there are not repeated)."""
    later = load_record(session, next_version_id)
    add_findings(session, next_version_id, crossyear(later, record), origin="recheck", batch_id=batch_id,
                 skip_known=True)


def compare_sources(session: Session, report_id: int, active_id: int | None, batch_id: int | None) -> None:
    """On the active version, one X-02 finding per other source that reads any cell differently. The active
    version may be a correction: it is compared with the readings of the other sources (not with the parse
    of its own source, which it corrects on purpose)."""
    if active_id is None:
        return
    active = session.get(s.Version, active_id)
    assert active is not None
    q = select(s.Version).where(s.Version.report_id == report_id, s.Version.kind == "parse",
                                s.Version.id != active_id)
    if active.source_id is not None:
        q = q.where(s.Version.source_id != active.source_id)
    others = list(session.scalars(q))
    if not others:
        return
    mine = _values(session, active_id)
    findings = []
    for other in others:
        theirs = _values(session, other.id)
        differ = sorted(k for k in mine.keys() & theirs.keys() if mine[k] != theirs[k])
        if differ:
            findings.append(_disagreement(session, active, other, differ, mine, theirs))
    add_findings(session, active_id, findings, origin="sources", batch_id=batch_id, skip_known=True)


def _values(session: Session, version_id: int) -> dict[tuple[str, str, int], str | None]:
    rows = session.execute(select(s.Cell.table, s.Cell.row, s.Cell.column, s.Cell.value)
                           .where(s.Cell.version_id == version_id))
    return {(t, r, c): v for t, r, c, v in rows}


def _source_name(session: Session, version: s.Version) -> str:
    src = session.get(s.Source, version.source_id) if version.source_id is not None else None
    if src is None:
        return f"版本{version.id}"
    # folder and file name: renditions often share the file name (scans/x.pdf, scans-office/x.pdf)
    parts = PurePosixPath((src.path or "").replace("\\", "/").replace("!", "/")).parts[-2:]
    name = "/".join(parts) or src.sha256[:12]
    return f"{name}（{src.format or '?'}）"


def _disagreement(session: Session, active: s.Version, other: s.Version, differ: list[tuple[str, str, int]],
                  mine: dict[tuple[str, str, int], str | None], theirs: dict[tuple[str, str, int], str | None]
                  ) -> dict[str, Any]:
    from ..rules.catalogue import BY_ID
    from ..rules.model import Finding, Location

    rule = BY_ID["X-02"]
    here, there = _source_name(session, active), _source_name(session, other)

    def show(v: str | None) -> str:
        return "空白" if v is None else v

    named = [f"{Location(t, r, c).label}：{show(theirs[(t, r, c)])}≠{show(mine[(t, r, c)])}"
             for t, r, c in differ[:MAX_CELLS_NAMED]]
    more = f"等{len(differ)}处" if len(differ) > MAX_CELLS_NAMED else ""
    fields = {"source": here, "other": there, "count": len(differ), "cells": "；".join(named) + more}
    t, r, c = differ[0]
    finding = Finding(
        rule.id, rule.severity, rule.message.format(**fields), rule.message_en.format(**fields),
        location=Location(t, r, c), cells=[Location(*k) for k in differ],
        values={"source_version": active.id, "other_version": other.id, "source": here, "other": there,
                "cells": [{"path": cell_path(*k), "value": mine[k], "other": theirs[k]} for k in differ]},
    )
    return finding.to_json()
