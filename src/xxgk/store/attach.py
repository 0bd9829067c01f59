"""The single writer of ingest: one source → one transaction (source, version, cells, findings, active version,
cross-source and cross-year findings). Everything here runs inside the caller's transaction; nothing commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..record import Report, cell_path
from . import schema as s
from .analyse import Outcome
from .versions import add_findings, agency_for, insert_version, load_record, report_for

# Among equally confident readings, the rendition that carries the table structure best wins.
FORMAT_RANK = {"html": 6, "mht": 5, "docx": 4, "doc": 3, "pdf": 2, "md": 1, "txt": 0}
MAX_CELLS_NAMED = 12  # cells spelled out in a disagreement message; all of them are in the details


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


def save_outcome(session: Session, out: Outcome, batch_id: int | None) -> Saved:
    """Store one analysed source. Same bytes again → ``duplicate`` and nothing written."""
    known = session.scalar(select(s.Source).where(s.Source.sha256 == out.sha256))
    if known is not None:
        return Saved("duplicate", out.path, out.sha256, known.report_id, reason=_known_as(session, known))
    source = s.Source(sha256=out.sha256, format=out.format, size=out.size, path=out.path, batch_id=batch_id)
    session.add(source)
    session.flush()
    record = out.record
    if record is None or out.error:
        return _fail(session, source, out.code or "unreadable", out.error or "could not be read", batch_id)
    if not record.agency:
        return _fail(session, source, "unknown-agency", f"{out.path}: the agency could not be read (no title or "
                     f"signature naming it); set it with: xxgk assign {out.sha256[:12]} --agency NAME --year YEAR",
                     batch_id)
    if not record.year:
        return _fail(session, source, "unknown-year", f"{out.path}: the report year could not be read; set it with: "
                     f"xxgk assign {out.sha256[:12]} --agency NAME --year YEAR", batch_id)
    report, created = attach(session, source, record, out.findings, batch_id)
    return Saved("new-report" if created else "new-source", out.path, out.sha256, report.id, record.agency,
                 record.year)


def _known_as(session: Session, source: s.Source) -> str:
    if source.report_id is None:
        failure = session.scalar(select(s.Failure).where(s.Failure.source_id == source.id))
        return f"same bytes as {source.path} (failed: {failure.reason if failure else 'unknown'})"
    return f"same bytes as {source.path}"


def _fail(session: Session, source: s.Source, code: str, reason: str, batch_id: int | None) -> Saved:
    session.add(s.Failure(source_id=source.id, path=source.path, code=code, reason=reason, batch_id=batch_id))
    return Saved("failed", source.path or "", source.sha256, reason=reason)


def attach(session: Session, source: s.Source, record: Report, findings: list[dict[str, Any]],
           batch_id: int | None) -> tuple[s.Report, bool]:
    """Make ``record`` (read from ``source``) a version of its agency-year report; pick the active version;
    compare the sources; run the cross-year rules both ways. Returns the report and whether it is new."""
    assert record.agency and record.year
    agency = agency_for(session, record.agency)
    report, created = report_for(session, agency.id, record.year, batch_id)
    source.report_id = report.id
    version = insert_version(session, report.id, record, source_id=source.id, batch_id=batch_id, findings=findings)
    previous = _active_record(session, agency.id, record.year - 1)
    if previous is not None:
        add_findings(session, version.id, crossyear(record, previous), origin="crossyear", batch_id=batch_id)
    before = report.active_version_id
    report.active_version_id = choose_active(session, report.id)
    report.updated_at = s.utcnow()
    session.flush()
    compare_sources(session, report, batch_id)
    if report.active_version_id != before:
        recheck_next_year(session, agency.id, record.year, batch_id)
    return report, created


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


def _active_record(session: Session, agency_id: int, year: int) -> Report | None:
    vid = session.scalar(select(s.Report.active_version_id).where(s.Report.agency_id == agency_id,
                                                                   s.Report.year == year))
    return load_record(session, vid) if vid is not None else None


def crossyear(record: Report, previous: Report) -> list[dict[str, Any]]:
    """The cross-year rules (Y-01..Y-04, C-15) of ``record`` against the previous year's record."""
    from ..rules import CheckConfig
    from ..rules import crossyear as rules
    from ..rules.context import Context

    try:
        return [f.to_json() for f in rules.check(Context(record, previous, CheckConfig()))]
    except Exception:  # odd data must not stop the ingest; the per-report check already ran
        return []


def recheck_next_year(session: Session, agency_id: int, year: int, batch_id: int | None) -> None:
    """The year after ``year`` was checked against an older (or no) previous year: add what the cross-year
    rules find now to its active version, as new findings (history is never overwritten)."""
    nxt = session.scalar(select(s.Report).where(s.Report.agency_id == agency_id, s.Report.year == year + 1))
    if nxt is None or nxt.active_version_id is None:
        return
    previous = _active_record(session, agency_id, year)
    if previous is None:
        return
    later = load_record(session, nxt.active_version_id)
    add_findings(session, nxt.active_version_id, crossyear(later, previous), origin="recheck", batch_id=batch_id,
                 skip_known=True)


def compare_sources(session: Session, report: s.Report, batch_id: int | None) -> None:
    """On the active version, one X-02 finding per other source that reads any cell differently."""
    active_id = report.active_version_id
    if active_id is None:
        return
    active = session.get(s.Version, active_id)
    assert active is not None
    others = list(session.scalars(select(s.Version).where(s.Version.report_id == report.id,
                                                          s.Version.kind == "parse", s.Version.id != active_id)))
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
