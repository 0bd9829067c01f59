"""Writing and reading versions inside a session: a record in, a record out; agencies and reports found or made.

These are the building blocks of :class:`xxgk.store.Store`; they never commit (the caller's transaction
decides), so a report is written whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select
from sqlalchemy.orm import Session

from ..record import Report
from . import schema as s
from .agencies import NAME, name_facts, new_agency, normalise
from .db import json_dumps
from .driver import executemany, insert_many, insert_row
from .metrics import METRIC_INSERT
from .records import CELL_COLUMNS, SECTION_COLUMNS, VersionRows, build_report, version_rows


def find_agency(session: Session, name: str) -> s.Agency | None:
    """The agency whose normal name (or an alias's) equals that of ``name``."""
    norm = normalise(name)
    agency = session.scalar(select(s.Agency).where(s.Agency.norm_name == norm))
    if agency is not None:
        return agency
    alias = session.scalar(select(s.AgencyAlias).where(s.AgencyAlias.norm_name == norm))
    return session.get(s.Agency, alias.agency_id) if alias is not None else None


def agency_for(session: Session, name: str) -> s.Agency:
    """The agency printed as ``name``, created when unknown."""
    agency = find_agency(session, name)
    if agency is None:
        agency = new_agency(name)  # kind and region read from the name; not on the expected list
        session.add(agency)
        session.flush()
    return agency


# the agency of a normal name, else the agency of an alias with it: one round trip
_AGENCY_BY_NORM = select(func.coalesce(
    select(s.Agency.id).where(s.Agency.norm_name == bindparam("norm")).limit(1).scalar_subquery(),
    select(s.AgencyAlias.agency_id).where(s.AgencyAlias.norm_name == bindparam("norm")).limit(1).scalar_subquery()))


def agency_id_for(session: Session, name: str, facts: tuple[str, str | None, str | None] | None = None, *,
                  known: bool = True) -> tuple[int, bool]:
    """:func:`agency_for` as an id, and whether the agency was made now, with Core statements: ``facts``
    (:func:`xxgk.store.agencies.name_facts` of ``name``, worked out by a worker) make the new row without
    reading the name again. ``known=False``: the caller knows the store has no such agency (not looked up)."""
    facts = facts or name_facts(name)
    norm, kind, region = facts
    conn = session.connection()
    found = conn.execute(_AGENCY_BY_NORM, {"norm": norm}).scalar() if known else None
    if found is not None:
        return int(found), False
    # kind and region read from the name; not on the expected list
    values = {"name": name.strip(), "norm_name": norm, "expected": False, "kind": kind,
              "kind_origin": NAME if kind else None, "region_code": region, "region_origin": NAME if region else None}
    return insert_row(conn, table(s.Agency), values), True


def report_for(session: Session, agency_id: int, year: int, batch_id: int | None) -> tuple[s.Report, bool]:
    """The report of (agency, year) and whether it was created now."""
    report = session.scalar(select(s.Report).where(s.Report.agency_id == agency_id, s.Report.year == year))
    if report is not None:
        return report, False
    report = s.Report(agency_id=agency_id, year=year, batch_id=batch_id)
    session.add(report)
    session.flush()
    return report, True


def insert_version(session: Session, report_id: int, record: Report, *, kind: str = "parse",
                   source_id: int | None = None, parent_id: int | None = None, created_by: str | None = None,
                   reason: str | None = None, changed: list[Any] | None = None, batch_id: int | None = None,
                   findings: Iterable[dict[str, Any]] = (), origin: str = "check") -> s.Version:
    """A new immutable version of a report holding ``record`` (cells, sections) and its ``findings``
    (each the JSON of :class:`xxgk.rules.Finding`)."""
    version_id = insert_version_rows(session, report_id, version_rows(record), kind=kind, source_id=source_id,
                                     parent_id=parent_id, created_by=created_by, reason=reason, changed=changed,
                                     batch_id=batch_id, findings=findings, origin=origin)
    version = session.get(s.Version, version_id)
    assert version is not None
    return version


def table(model: type[s.Base]) -> Table:
    """The Core table of a model (for statements without ORM work)."""
    return cast(Table, model.__table__)


# Keys of the Core insert of a cell (the table's column names: tbl, row_key, col), in CELL_COLUMNS order.
_CELL_KEYS = tuple(s.Cell.__mapper__.columns[name].key for name in CELL_COLUMNS)


@dataclass
class PendingRows:
    """Cells, sections and metric values of versions made in the current transaction but not inserted yet:
    the ingest writer inserts them for a whole group of reports at once (one executemany, or one COPY, per
    table instead of three statements a report) before it commits, and before anything reads them back."""

    cells: list[tuple[Any, ...]] = field(default_factory=list)
    sections: list[tuple[Any, ...]] = field(default_factory=list)
    metrics: list[tuple[Any, ...]] = field(default_factory=list)

    def flush(self, session: Session) -> None:
        conn = session.connection()
        for model, columns, rows in ((s.Cell, _CELL_INSERT, self.cells), (s.Section, _SECTION_INSERT, self.sections),
                                     (s.MetricValue, METRIC_INSERT, self.metrics)):
            if rows:
                insert_many(conn, table(model), columns, rows)
        self.clear()

    def clear(self) -> None:
        """Forget them (the transaction was rolled back)."""
        self.cells, self.sections, self.metrics = [], [], []


_CELL_INSERT = ("version_id", *_CELL_KEYS)
_SECTION_INSERT = ("version_id", *SECTION_COLUMNS)


def insert_version_rows(session: Session, report_id: int, rows: VersionRows, *, kind: str = "parse",
                        source_id: int | None = None, parent_id: int | None = None, created_by: str | None = None,
                        reason: str | None = None, changed: list[Any] | None = None, batch_id: int | None = None,
                        findings: Iterable[dict[str, Any]] = (), origin: str = "check",
                        pending: PendingRows | None = None) -> int:
    """:func:`insert_version` from rows already built (by a worker): a few multi-row Core inserts, no ORM
    objects; with ``pending``, its cells, sections and metric values are left there for the caller to insert
    (:meth:`PendingRows.flush`). Returns the version's id."""
    conn = session.connection()
    values = rows.fields | {"report_id": report_id, "parent_id": parent_id, "source_id": source_id, "kind": kind,
                            "created_by": created_by, "reason": reason, "changed": changed or [],
                            "batch_id": batch_id}
    version_id = insert_row(conn, table(s.Version), values)
    add_findings(session, version_id, findings, origin=origin, batch_id=batch_id)
    box = _CELL_KEYS.index("box")  # JSON column: its text here, as SQLAlchemy would write it ("null" too)
    out = pending if pending is not None else PendingRows()
    out.cells.extend((version_id, *c[:box], json_dumps(c[box]), *c[box + 1:]) for c in rows.cells)
    out.sections.extend((version_id, *c) for c in rows.sections)
    out.metrics.extend((version_id, *m) for m in rows.metrics)
    if pending is None:
        out.flush(session)
    return version_id


def finding_row(f: dict[str, Any]) -> dict[str, Any]:
    """Columns of a finding from its JSON (:meth:`xxgk.rules.Finding.to_json`)."""
    loc = f.get("location") or {}
    return {"rule": f["rule"], "severity": f["severity"], "message": f["message"], "path": loc.get("path"),
            "table": loc.get("table"), "row": loc.get("row"), "column": loc.get("column"),
            "section": loc.get("section"), "details": f}


def add_findings(session: Session, version_id: int, findings: Iterable[dict[str, Any]], *, origin: str,
                 batch_id: int | None, skip_known: bool = False) -> int:
    """Add findings to a version; with ``skip_known`` those already there (same rule, place and message) are
    left out, so a re-check adds only what is new. Returns the number added."""
    rows = [finding_row(f) for f in findings]
    if skip_known and rows:
        known = {tuple(r) for r in session.execute(select(s.Finding.rule, s.Finding.path, s.Finding.section,
                                                          s.Finding.message).where(s.Finding.version_id == version_id))}
        rows = [r for r in rows if (r["rule"], r["path"], r["section"], r["message"]) not in known]
    executemany(session.connection(), table(s.Finding), [
        {"version_id": version_id, "rule": r["rule"], "severity": r["severity"], "message": r["message"],
         "path": r["path"], "tbl": r["table"], "row_key": r["row"], "col": r["column"], "section": r["section"],
         "details": r["details"], "origin": origin, "batch_id": batch_id} for r in rows])
    return len(rows)


def load_record(session: Session, version_id: int) -> Report:
    """The record a version holds, as the parser would give it."""
    version = session.get(s.Version, version_id)
    if version is None:
        raise KeyError(f"no version {version_id}")
    report = session.get(s.Report, version.report_id)
    assert report is not None
    agency = session.get(s.Agency, report.agency_id)
    source = session.get(s.Source, version.source_id) if version.source_id is not None else None
    cells = [_cell_dict(c) for c in session.scalars(select(s.Cell).where(s.Cell.version_id == version_id))]
    sections = [{"position": x.position, "number": x.number, "heading": x.heading, "text": x.text,
                 "span_start": x.span_start, "span_end": x.span_end}
                for x in session.scalars(select(s.Section).where(s.Section.version_id == version_id))]
    fields = {
        "agency": version.agency_printed or (agency.name if agency else None),
        "year": report.year, "template": version.template, "published_on": version.published_on,
        "signed_on": version.signed_on,
        "title": version.title, "tables": version.tables, "parse_notes": version.parse_notes,
        "source": {"path": source.path or "", "format": source.format or "", "sha256": source.sha256,
                   "bytes": source.size} if source is not None else None,
    }
    return build_report(fields, cells, sections)


CELL_FIELDS = ("table", "row", "column", "value", "number", "raw", "semantic", "confidence", "note", "page", "box",
               "line", "span_start", "span_end")


def _cell_dict(c: s.Cell) -> dict[str, Any]:
    return {k: getattr(c, k) for k in CELL_FIELDS}


def touch(report: s.Report, when: datetime | None = None) -> None:
    report.updated_at = when or s.utcnow()
