"""One page of the report list, filtered and sorted in SQL (the web app's 报告列表; 10,000 reports and more).

Status of a report (its active version, dismissed findings not counted): ``error`` when an error finding
stands, ``warning`` when only warnings stand, ``clean`` otherwise; ``unreviewed`` when an error or warning is
still neither confirmed nor dismissed. Sources that never became a report are :meth:`Store.failures`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, exists, func, select

from . import schema as s
from .store import Store

STATUSES = ("error", "warning", "clean", "unreviewed")
SORTS = ("agency", "year", "errors", "published", "updated")


@dataclass(frozen=True)
class ReportQuery:
    year: int | None = None
    region: str | None = None  # GB/T 2260 code prefix (or a division name): agencies inside it
    kind: str | None = None
    template: str | None = None
    status: str | None = None  # see STATUSES
    rule: str | None = None  # a standing finding of this rule
    agency: str | None = None  # part of the agency's normal name
    agency_ids: Collection[int] | None = None  # these agencies only (e.g. matched by pinyin initials)
    sort: str = "agency"
    descending: bool = False
    page: int = 1
    per_page: int = 50

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}: use one of {', '.join(STATUSES)}")
        if self.sort not in SORTS:
            raise ValueError(f"unknown sort {self.sort!r}: use one of {', '.join(SORTS)}")


@dataclass(frozen=True)
class ListedReport:
    """A report in a list (the web app's pages, ``xxgk reports``, exports): its agency, active version and
    the findings standing on it (dismissed ones not counted; ``open``: errors and warnings not reviewed)."""

    id: int
    agency_id: int
    agency: str
    norm_name: str
    year: int
    kind: str | None
    region_code: str | None
    template: str | None
    published_on: str | None
    active_version_id: int | None
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    open: int = 0
    sources: int | None = None  # counted only when asked (find_reports): None is "not counted", never 0
    versions: int | None = None

    @property
    def status(self) -> str:
        return "error" if self.errors else "warning" if self.warnings else "clean"


@dataclass(frozen=True)
class ReportPage:
    rows: list[ListedReport]
    total: int
    page: int
    per_page: int
    facets: dict[str, list[Any]] = field(default_factory=dict)  # years, kinds, templates present

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _standing(severity: str, *, open_only: bool = False) -> Any:
    cond = [s.Finding.version_id == s.Report.active_version_id, s.Finding.severity == severity]
    cond.append(s.Finding.review_state == "open" if open_only else s.Finding.review_state != "dismissed")
    return exists().where(and_(*cond))


def report_ids(q: ReportQuery) -> Select[Any]:
    """The ids of the reports passing ``q``'s filters (not sorted, not paged): the one filter of report lists."""
    base = (select(s.Report.id).join(s.Agency, s.Agency.id == s.Report.agency_id)
            .outerjoin(s.Version, s.Version.id == s.Report.active_version_id))
    if q.year is not None:
        base = base.where(s.Report.year == q.year)
    if q.region:
        from .agencies import resolve_region
        from .stats import region_prefix

        base = base.where(s.Agency.region_code.startswith(region_prefix(resolve_region(q.region))))
    if q.kind:
        base = base.where(s.Agency.kind == q.kind)
    if q.template:
        base = base.where(s.Version.template == q.template)
    if q.agency:
        from .agencies import normalise

        base = base.where(s.Agency.norm_name.contains(normalise(q.agency)))
    if q.agency_ids is not None:
        base = base.where(s.Report.agency_id.in_(list(q.agency_ids)))
    if q.rule:
        base = base.where(exists().where(and_(s.Finding.version_id == s.Report.active_version_id,
                                              s.Finding.rule == q.rule, s.Finding.review_state != "dismissed")))
    if q.status == "error":
        base = base.where(_standing("error"))
    elif q.status == "warning":
        base = base.where(~_standing("error"), _standing("warning"))
    elif q.status == "clean":
        base = base.where(~_standing("error"), ~_standing("warning"))
    elif q.status == "unreviewed":
        base = base.where(_standing("error", open_only=True) | _standing("warning", open_only=True))
    return base


def report_page(store: Store, q: ReportQuery) -> ReportPage:
    """The reports passing ``q``: one page of them, the total, and the values the filters can take."""
    base = report_ids(q)
    errors = (select(func.count()).where(s.Finding.version_id == s.Report.active_version_id,
                                         s.Finding.severity == "error", s.Finding.review_state != "dismissed")
              .correlate(s.Report).scalar_subquery())
    key: Any = {"agency": s.Agency.norm_name, "year": s.Report.year, "errors": errors,
                "published": s.Version.published_on, "updated": s.Report.updated_at}[q.sort]
    order = [key.desc() if q.descending else key.asc(), s.Agency.norm_name, s.Report.year.desc(), s.Report.id]
    page = max(1, q.page)
    per_page = min(max(1, q.per_page), 500)
    with store.read() as session:
        total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
        ids = list(session.scalars(base.order_by(*order).offset((page - 1) * per_page).limit(per_page)))
        rows = listed_reports(session, ids)
        facets: dict[str, list[Any]] = {
            "years": sorted(session.scalars(select(s.Report.year).distinct()), reverse=True),
            "kinds": sorted(k for k in session.scalars(select(s.Agency.kind).distinct()) if k),
            "templates": sorted(t for t in session.scalars(select(s.Version.template).distinct()) if t),
        }
    return ReportPage(rows=rows, total=total, page=page, per_page=per_page, facets=facets)


CHUNK = 500  # ids per IN (...) list


def listed_reports(session: Any, ids: list[int], *, sources: bool = False) -> list[ListedReport]:
    """The reports ``ids`` (in that order) with their standing findings counted; ``sources``: their sources
    and versions counted too."""
    out: list[ListedReport] = []
    for i in range(0, len(ids), CHUNK):
        out += _rows(session, ids[i:i + CHUNK], sources)
    return out


def _rows(session: Any, ids: list[int], sources: bool) -> list[ListedReport]:
    if not ids:
        return []
    found = {r.id: (r, a, v) for r, a, v in session.execute(
        select(s.Report, s.Agency, s.Version).join(s.Agency, s.Agency.id == s.Report.agency_id)
        .outerjoin(s.Version, s.Version.id == s.Report.active_version_id).where(s.Report.id.in_(ids)))}
    counts: dict[int, dict[str, int]] = {}
    for rid, severity, state, n in session.execute(
            select(s.Report.id, s.Finding.severity, s.Finding.review_state, func.count())
            .join(s.Finding, s.Finding.version_id == s.Report.active_version_id)
            .where(s.Report.id.in_(ids)).group_by(s.Report.id, s.Finding.severity, s.Finding.review_state)):
        c = counts.setdefault(rid, {})
        if state != "dismissed":
            c[severity] = c.get(severity, 0) + n
        if state == "open" and severity in ("error", "warning"):
            c["open"] = c.get("open", 0) + n
    if sources:
        for model, column in ((s.Source, "sources"), (s.Version, "versions")):
            for rid, n in session.execute(select(model.report_id, func.count()).where(model.report_id.in_(ids))
                                          .group_by(model.report_id)):
                if rid is not None:
                    counts.setdefault(rid, {})[column] = n
    out = []
    for rid in ids:
        r, a, v = found[rid]
        c = counts.get(rid, {})
        out.append(ListedReport(id=r.id, agency_id=a.id, agency=a.name, norm_name=a.norm_name, year=r.year,
                                kind=a.kind, region_code=a.region_code, template=v.template if v else None,
                                published_on=v.published_on if v else None, active_version_id=r.active_version_id,
                                errors=c.get("error", 0), warnings=c.get("warning", 0), infos=c.get("info", 0),
                                open=c.get("open", 0), sources=c.get("sources", 0) if sources else None,
                                versions=c.get("versions", 0) if sources else None))
    return out
