"""Writing and reading versions inside a session: a record in, a record out; agencies and reports found or made.

These are the building blocks of :class:`xxgk.store.Store`; they never commit (the caller's transaction
decides), so a report is written whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..record import Report
from . import schema as s
from .agencies import new_agency, normalise
from .metrics import write_metrics
from .records import build_report, cell_rows, section_rows, table_states, version_confidence


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
    cells = cell_rows(record)
    version = s.Version(
        report_id=report_id, parent_id=parent_id, source_id=source_id, kind=kind, created_by=created_by,
        reason=reason, changed=changed or [], batch_id=batch_id, agency_printed=record.agency,
        template=record.template, published_on=record.published_on, signed_on=record.signed_on,
        title=record.title,
        tables=table_states(record), parse_notes=[n.to_json() for n in record.notes],
        confidence=version_confidence(record), n_cells=len(cells),
    )
    session.add(version)
    session.flush()
    if cells:
        session.execute(insert(s.Cell), [c | {"version_id": version.id} for c in cells])
    sections = section_rows(record)
    if sections:
        session.execute(insert(s.Section), [r | {"version_id": version.id} for r in sections])
    add_findings(session, version.id, findings, origin=origin, batch_id=batch_id)
    write_metrics(session, version.id, record)
    return version


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
        known = {(r.rule, r.path, r.section, r.message) for r in session.scalars(
            select(s.Finding).where(s.Finding.version_id == version_id))}
        rows = [r for r in rows if (r["rule"], r["path"], r["section"], r["message"]) not in known]
    if rows:
        session.execute(insert(s.Finding), [r | {"version_id": version_id, "origin": origin, "batch_id": batch_id}
                                            for r in rows])
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
