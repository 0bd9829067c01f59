"""Looking at the stored reports: lists with a status, one report whole, one agency year by year.

    from xxgk.store import Store
    from xxgk.store.query import ReportFilter, find_reports, resolve_report, report_view, compare
    rows = find_reports(store, ReportFilter(year=2023, status="error"))

A report's status comes from the findings on its active version that a reviewer has not dismissed:
``error`` (at least one error), ``warning`` (warnings, no error), ``clean`` (neither). ``unreviewed`` selects
reports with an error or warning still open (neither confirmed nor dismissed). ``failed`` is not a report:
it lists the sources that could not become one (:meth:`Store.failures`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from ..record import Report
from . import schema as s
from .cells import CellRef, all_cells, cell_index
from .listing import ListedReport, ReportQuery, listed_reports, report_ids
from .rows import FailureRow, FindingRow, ReportRow, SourceRow, VersionRow
from .store import Store
from .versions import find_agency, load_record

STATUSES = ("error", "warning", "clean", "unreviewed", "failed")
CROSSYEAR_ORIGINS = ("crossyear", "recheck")


class ReportNotFound(LookupError):
    """A report reference that names no stored report (the message says what exists)."""

    def __str__(self) -> str:  # KeyError-style quoting is not wanted in messages
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class ReportFilter:
    year: int | None = None
    agency: str | None = None  # part of the agency's name (normalised)
    region: str | None = None  # GB/T 2260 code or division name: agencies inside it
    status: str | None = None  # see STATUSES (failed excepted: see failures())

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}: use one of {', '.join(STATUSES)}")


ReportSummary = ListedReport  # one row type for every report list (store.listing)


def utc(dt: datetime | None) -> datetime | None:
    """A stored time in UTC (SQLite gives it back without a zone, PostgreSQL with one)."""
    if dt is None:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def iso(dt: datetime | None) -> str | None:
    """A stored time as ISO text in UTC, the same on every backend."""
    d = utc(dt)
    return None if d is None else d.isoformat(timespec="seconds").replace("+00:00", "Z")


def _region_prefix(region: str) -> str:
    from .agencies import resolve_region
    from .stats import region_prefix

    return region_prefix(resolve_region(region))


def find_reports(store: Store, flt: ReportFilter | None = None) -> list[ReportSummary]:
    """The stored reports that pass ``flt``, by agency (normal name) then year, with their sources and
    versions counted (the filters and counts of :mod:`xxgk.store.listing`, every row at once)."""
    flt = flt or ReportFilter()
    if flt.status == "failed":
        raise ValueError("status 'failed' lists sources, not reports: use failures()")
    q = ReportQuery(year=flt.year, agency=flt.agency, region=flt.region, status=flt.status)
    with store.read() as session:
        rows = listed_reports(session, list(session.scalars(report_ids(q))), sources=True)
    # sorted here, not in SQL: the same order whatever the database's collation
    return sorted(rows, key=lambda x: (x.norm_name, x.year, x.id))


def failures(store: Store, flt: ReportFilter | None = None) -> list[FailureRow]:
    """Open failures (sources that did not become a report); ``agency`` filters on the path."""
    rows = store.failures()
    if flt is not None and flt.agency:
        rows = [f for f in rows if flt.agency in (f.path or "") or flt.agency in f.reason]
    return rows


_REF = re.compile(r"^\s*(?P<agency>.+?)[\s/:：]*(?P<year>(19|20)\d{2})\s*年?(度)?\s*$")


def resolve_report(store: Store, ref: str | int) -> ReportRow:
    """A report by id, or by agency and year ("某县人民政府 2023", "某县人民政府2023年")."""
    text = str(ref).strip()
    if text.isdigit():
        try:
            return store.report(int(text))
        except KeyError:
            raise ReportNotFound(f"no report {text} (give a report id from `xxgk reports`, or \"AGENCY YEAR\")"
                                 ) from None
    m = _REF.match(text)
    if m is None:
        raise ReportNotFound(f"{text!r} is not a report: give a report id or \"AGENCY YEAR\" (e.g. \"某县人民政府 2023\")")
    agency, year = m.group("agency").strip(), int(m.group("year"))
    found = store.find_report(agency, year)
    if found is not None:
        return found
    with store.read() as session:
        a = find_agency(session, agency)
        if a is not None:
            years = sorted(session.scalars(select(s.Report.year).where(s.Report.agency_id == a.id)))
            have = "、".join(map(str, years)) or "none"
            raise ReportNotFound(f"{a.name} has no report for {year} (years stored: {have})")
    similar = [r.agency for r in store.reports(agency=agency)][:5]
    hint = f"; agencies with that name in it: {'、'.join(dict.fromkeys(similar))}" if similar else ""
    raise ReportNotFound(f"no agency {agency!r} in the store{hint}")


@dataclass(frozen=True)
class ReportView:
    """One report whole: its active version's record, findings with review state, sources and versions."""

    report: ReportRow
    version: VersionRow | None
    record: Report | None
    findings: list[FindingRow]
    sources: list[SourceRow]
    versions: list[VersionRow]


def report_view(store: Store, ref: str | int) -> ReportView:
    report = resolve_report(store, ref)
    vid = report.active_version_id
    return ReportView(
        report=report,
        version=store.version(vid) if vid is not None else None,
        record=store.record(vid) if vid is not None else None,
        findings=store.findings(vid) if vid is not None else [],
        sources=store.sources(report.id),
        versions=store.versions(report.id),
    )


# ---------------------------------------------------------------------------------------------- compare
@dataclass(frozen=True)
class CellChange:
    cell: CellRef
    year: int  # the later year
    before: str | None  # value text of the year before (None: blank)
    after: str | None


@dataclass
class Comparison:
    """One agency year by year: the cells side by side, what changed, and the cross-year findings."""

    agency: str
    years: list[int]
    reports: dict[int, int]  # year -> report id
    templates: dict[int, str | None]
    cells: dict[CellRef, dict[int, str | None]] = field(default_factory=dict)  # shown value per year
    changes: list[CellChange] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)  # cross-year findings, with their "year"


def parse_years(text: str) -> tuple[int, int]:
    """``2021-2025``, ``2021–2025``, ``2023``."""
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–~至到]\s*(\d{4}))?\s*", text or "")
    if m is None:
        raise ValueError(f"years {text!r}: give YEAR or FIRST-LAST (e.g. 2021-2025)")
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    if first > last:
        raise ValueError(f"years {text!r}: the first year comes after the last")
    return first, last


def _shown(cell: Any) -> str | None:
    """What a stored cell shows: its value, or the printed mark when it is not a number ("/", "不适用")."""
    if cell.value is not None:
        return str(cell.value)
    if cell.semantic in ("not_applicable", "text"):
        return cell.raw.strip() if cell.raw else None
    return None


def compare(store: Store, agency: str, years: tuple[int, int] | None = None) -> Comparison:
    """The agency's reports in ``years`` (default: all) side by side."""
    from ..rules import CheckConfig
    from ..rules import crossyear as rules
    from ..rules.context import Context

    with store.read() as session:
        a = find_agency(session, agency)
        if a is None:
            from .agencies import normalise

            matches = list(session.scalars(select(s.Agency).where(s.Agency.norm_name.contains(normalise(agency)))
                                           .limit(6)))
            if len(matches) != 1:
                names = "、".join(m.name for m in matches[:5])
                raise ReportNotFound(f"no agency {agency!r} in the store" if not matches
                                     else f"{agency!r} names several agencies: {names}")
            a = matches[0]
        q = select(s.Report).where(s.Report.agency_id == a.id, s.Report.active_version_id.is_not(None))
        if years is not None:
            q = q.where(s.Report.year >= years[0], s.Report.year <= years[1])
        reports = sorted(session.scalars(q), key=lambda r: r.year)
        records = {r.year: load_record(session, r.active_version_id) for r in reports if r.active_version_id}
        stored: dict[int, list[s.Finding]] = {
            r.year: list(session.scalars(select(s.Finding).where(
                s.Finding.version_id == r.active_version_id, s.Finding.origin.in_(CROSSYEAR_ORIGINS))))
            for r in reports}
        cells_by_year = {r.year: list(session.scalars(select(s.Cell).where(s.Cell.version_id == r.active_version_id)))
                         for r in reports}
        out = Comparison(agency=a.name, years=[r.year for r in reports], reports={r.year: r.id for r in reports},
                         templates={y: rec.template for y, rec in records.items()})
    index = cell_index()
    table: dict[CellRef, dict[int, str | None]] = {}
    for year, cells in cells_by_year.items():
        for c in cells:
            table.setdefault(CellRef(c.table, c.row, c.column), {})[year] = _shown(c)
    out.cells = dict(sorted(table.items(), key=lambda kv: index.get(kv[0], len(index))))
    for ref, values in out.cells.items():
        for prev, year in zip(out.years, out.years[1:], strict=False):
            if year == prev + 1 and prev in values and year in values and values[prev] != values[year]:
                out.changes.append(CellChange(ref, year, values[prev], values[year]))
    for year in out.years:
        seen = set()
        for kept in stored.get(year, []):
            seen.add((kept.rule, kept.path, kept.message))
            out.findings.append(kept.details | {"year": year, "id": kept.id, "review_state": kept.review_state})
        previous = records.get(year - 1)
        if previous is None:
            continue
        try:
            fresh = [f.to_json() for f in rules.check(Context(records[year], previous, CheckConfig()))]
        except Exception:  # odd data must not stop the comparison; the stored findings stay
            fresh = []
        for f in fresh:
            key = (f["rule"], (f.get("location") or {}).get("path"), f["message"])
            if key not in seen:
                out.findings.append(f | {"year": year})
    return out


__all__ = ["STATUSES", "CellChange", "Comparison", "ReportFilter", "ReportNotFound", "ReportSummary", "ReportView",
           "all_cells", "compare", "failures", "find_reports", "iso", "parse_years", "report_view", "resolve_report",
           "utc"]
