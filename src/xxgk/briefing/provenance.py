"""Read a briefing's number again from the store, by its :class:`~xxgk.briefing.model.Source`.

    value = resolve(store, number.source)

This is the check on the briefing, so it is written plainly and on its own: one straightforward query per
kind of source, never through :func:`xxgk.store.stats.stats` (which the briefing uses to gather its facts).
A finding a reviewer dismissed does not count, as everywhere in the store's statistics.

Query names and their parameters (``year``; ``region``: a GB/T 2260 code prefix; ``kind``: an agency kind key;
``level``: 1 province, 2 city, 3 county, 0 none; ``kind`` "" selects agencies of unknown kind):

=============== =====================================================================================
reports         reports of the year
expected        agencies on the expected list
expected_in     agencies on the expected list that have a report of the year
missing         agencies on the expected list without one
unexpected      reports of agencies not on the list
late            reports with a standing deadline finding (the D rules of ``LATE_RULES``)
with_errors     reports with a standing error finding
template        reports in ``template`` (2021, 2019)
rule_reports    reports with a standing finding of ``rule``; ``rule_findings``: those findings
cells           data cells of the active versions; ``blank_cells``: those left blank;
                ``low_cells``: those read with a confidence below ``LOW_CONFIDENCE``
review          findings (errors and warnings) in review ``state`` (open, confirmed, dismissed)
quantile        P25/P50/P75 (``p``) of ``metric`` over the known values; ``metric_n``: how many are known
rank            ``report_id``'s rank on ``metric`` among the reports of the scope (1 = highest, ties share)
report_errors   standing error findings of ``report_id``; ``report_warnings``: warnings
=============== =====================================================================================
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..store import Store
from ..store import schema as s
from ..store.stats import LATE_RULES, quartiles, region_prefix
from .model import CELL, DIFF, FIELD, FINDING, METRIC, QUERY, RATIO, Source

LOW_CONFIDENCE = 0.8  # as the web app marks a cell (xxgk.web.layout)
VERSION_FIELDS = ("published_on", "signed_on", "template")


class UnknownSource(ValueError):
    """A source that names no query, cell or report of the store."""


def resolve(store: Store, source: Source) -> Any:
    """The value ``source`` names, read from ``store`` now (int, float, Decimal, str or None)."""
    if source.kind in (RATIO, DIFF):
        a, b = (resolve(store, p) for p in source.parts)
        if a is None or b is None:
            return None
        if source.kind == DIFF:
            return float(a) - float(b)
        return None if float(b) == 0 else float(a) / float(b)
    with store.read() as session:
        if source.kind == CELL:
            return _cell(session, source)
        if source.kind == FIELD:
            if source.name not in VERSION_FIELDS:
                raise UnknownSource(f"no version field {source.name!r}")
            return getattr(_version(session, source), str(source.name))
        if source.kind == METRIC:
            return _metric(session, source)
        if source.kind == FINDING:
            f = session.get(s.Finding, source.finding_id)
            if f is None:
                raise UnknownSource(f"no finding {source.finding_id}")
            return f.message
        if source.kind == QUERY:
            fn = QUERIES.get(source.name or "")
            if fn is None:
                raise UnknownSource(f"unknown query {source.name!r}")
            return fn(session, **source.args)
    raise UnknownSource(f"unknown source kind {source.kind!r}")


def _version(session: Session, source: Source) -> s.Version:
    report = session.get(s.Report, source.report_id)
    if report is None or report.active_version_id is None:
        raise UnknownSource(f"no report {source.report_id} with an active version")
    version = session.get(s.Version, source.version_id or report.active_version_id)
    assert version is not None
    return version


def _cell(session: Session, source: Source) -> Decimal | None:
    table, row, column = str(source.cell).split("/")
    version = _version(session, source)
    value = session.scalar(select(s.Cell.value).where(s.Cell.version_id == version.id, s.Cell.table == table,
                                                      s.Cell.row == row, s.Cell.column == int(column)))
    return None if value is None else Decimal(value)


def _metric(session: Session, source: Source) -> Any:
    """The metric computed again from the version's cells (not the stored metric value)."""
    from ..metrics import BY_KEY, compute_one
    from ..store.versions import load_record

    version = _version(session, source)
    value = compute_one(BY_KEY[str(source.name)], load_record(session, version.id))
    return value.value if value.ok else None


# ------------------------------------------------------------------------------------------------ scope
def _agencies(region: str | None = None, kind: str | None = None, level: int | None = None,
              agency_id: int | None = None) -> list[Any]:
    cond: list[Any] = []
    if region:
        cond.append(s.Agency.region_code.startswith(region))
    if kind is not None:  # "": agencies of unknown kind
        cond.append(s.Agency.kind == kind if kind else s.Agency.kind.is_(None))
    if agency_id is not None:
        cond.append(s.Agency.id == agency_id)
    return cond


def _level_ok(code: str | None, level: int | None) -> bool:
    if level is None:
        return True
    if not code:
        return level == 0  # 0: agencies without a region
    return {2: 1, 4: 2}.get(len(region_prefix(code)), 3) == level


def _report_rows(session: Session, year: int, region: str | None = None, kind: str | None = None,
                 level: int | None = None) -> list[tuple[int, int | None, bool]]:
    """(report id, active version id, expected) of the year's reports in the scope."""
    rows = session.execute(select(s.Report.id, s.Report.active_version_id, s.Agency.expected, s.Agency.region_code)
                           .join(s.Agency, s.Agency.id == s.Report.agency_id)
                           .where(s.Report.year == year, *_agencies(region, kind, level))).all()
    return [(r, v, e) for r, v, e, code in rows if _level_ok(code, level)]


def _versions(session: Session, year: int, **scope: Any) -> list[int]:
    return [v for _, v, _ in _report_rows(session, year, **scope) if v is not None]


def _standing(session: Session, versions: list[int], *cond: Any) -> list[tuple[int, str, str]]:
    """(version id, rule, severity) of the findings on these versions that were not dismissed."""
    out: list[Any] = []
    for i in range(0, len(versions), 900):
        out += session.execute(select(s.Finding.version_id, s.Finding.rule, s.Finding.severity)
                               .where(s.Finding.version_id.in_(versions[i:i + 900]),
                                      s.Finding.review_state != "dismissed", *cond)).all()
    return [(v, rule, severity) for v, rule, severity in out]


# ------------------------------------------------------------------------------------------------ queries
def q_reports(session: Session, year: int, **scope: Any) -> int:
    return len(_report_rows(session, year, **scope))


def _expected(session: Session, year: int, region: str | None = None, kind: str | None = None,
              level: int | None = None) -> list[tuple[int, bool]]:
    """(agency id, has a report of the year) of the expected agencies in the scope."""
    has = select(s.Report.id).where(s.Report.agency_id == s.Agency.id, s.Report.year == year).exists()
    rows = session.execute(select(s.Agency.id, has, s.Agency.region_code)
                           .where(s.Agency.expected, *_agencies(region, kind, level))).all()
    return [(a, bool(h)) for a, h, code in rows if _level_ok(code, level)]


def q_expected(session: Session, year: int, **scope: Any) -> int:
    return len(_expected(session, year, **scope))


def q_expected_in(session: Session, year: int, **scope: Any) -> int:
    return sum(1 for _, has in _expected(session, year, **scope) if has)


def q_missing(session: Session, year: int, **scope: Any) -> int:
    return sum(1 for _, has in _expected(session, year, **scope) if not has)


def q_unexpected(session: Session, year: int, **scope: Any) -> int:
    return sum(1 for _, _, expected in _report_rows(session, year, **scope) if not expected)


def q_late(session: Session, year: int, **scope: Any) -> int:
    return len({v for v, _, _ in _standing(session, _versions(session, year, **scope), s.Finding.rule.in_(LATE_RULES))})


def q_with_errors(session: Session, year: int, **scope: Any) -> int:
    return len({v for v, _, _ in _standing(session, _versions(session, year, **scope), s.Finding.severity == "error")})


def q_template(session: Session, year: int, template: str, **scope: Any) -> int:
    versions = _versions(session, year, **scope)
    templates = [session.scalar(select(s.Version.template).where(s.Version.id == v)) for v in versions]
    return sum(1 for t in templates if t == template)


def q_rule_reports(session: Session, year: int, rule: str, **scope: Any) -> int:
    return len({v for v, _, _ in _standing(session, _versions(session, year, **scope), s.Finding.rule == rule)})


def q_rule_findings(session: Session, year: int, rule: str, **scope: Any) -> int:
    return len(_standing(session, _versions(session, year, **scope), s.Finding.rule == rule))


def _count_cells(session: Session, year: int, cond: tuple[Any, ...], scope: dict[str, Any]) -> int:
    versions = _versions(session, year, **scope)
    total = 0
    for i in range(0, len(versions), 900):
        total += session.scalar(select(func.count()).select_from(s.Cell)
                                .where(s.Cell.version_id.in_(versions[i:i + 900]), *cond)) or 0
    return total


def q_cells(session: Session, year: int, **scope: Any) -> int:
    return _count_cells(session, year, (), scope)


def q_blank_cells(session: Session, year: int, **scope: Any) -> int:
    return _count_cells(session, year, (s.Cell.semantic == "blank",), scope)


def q_low_cells(session: Session, year: int, **scope: Any) -> int:
    return _count_cells(session, year, (s.Cell.confidence < LOW_CONFIDENCE,), scope)


def q_review(session: Session, year: int, state: str, **scope: Any) -> int:
    versions = _versions(session, year, **scope)
    total = 0
    for i in range(0, len(versions), 900):
        total += session.scalar(select(func.count()).select_from(s.Finding).where(
            s.Finding.version_id.in_(versions[i:i + 900]), s.Finding.review_state == state,
            s.Finding.severity.in_(("error", "warning")))) or 0
    return total


def _known(session: Session, year: int, metric: str, **scope: Any) -> list[tuple[int, float]]:
    """(report id, value) of the known values of ``metric`` in the year and scope."""
    by_version = {v: r for r, v, _ in _report_rows(session, year, **scope) if v is not None}
    out = []
    for version_id, value in session.execute(select(s.MetricValue.version_id, s.MetricValue.value).where(
            s.MetricValue.metric == metric, s.MetricValue.status == "ok")):
        if version_id in by_version and value is not None:
            out.append((by_version[version_id], float(value)))
    return out


def q_quantile(session: Session, year: int, metric: str, p: float, **scope: Any) -> float | None:
    values = sorted(v for _, v in _known(session, year, metric, **scope))
    qs = quartiles(values)
    return None if qs is None else qs[{0.25: 0, 0.5: 1, 0.75: 2}[p]]


def q_metric_n(session: Session, year: int, metric: str, **scope: Any) -> int:
    return len(_known(session, year, metric, **scope))


def q_rank(session: Session, year: int, metric: str, report_id: int, **scope: Any) -> int | None:
    values = dict(_known(session, year, metric, **scope))
    if report_id not in values:
        return None
    return 1 + sum(1 for v in values.values() if v > values[report_id])


def _report_findings(session: Session, report_id: int, severity: str) -> int:
    report = session.get(s.Report, report_id)
    if report is None or report.active_version_id is None:
        raise UnknownSource(f"no report {report_id}")
    return len(_standing(session, [report.active_version_id], s.Finding.severity == severity))


def q_report_errors(session: Session, report_id: int, **_: Any) -> int:
    return _report_findings(session, report_id, "error")


def q_report_warnings(session: Session, report_id: int, **_: Any) -> int:
    return _report_findings(session, report_id, "warning")


QUERIES: dict[str, Callable[..., Any]] = {
    name[2:]: fn for name, fn in globals().items() if name.startswith("q_") and callable(fn)
}

__all__ = ["LOW_CONFIDENCE", "QUERIES", "UnknownSource", "resolve"]
