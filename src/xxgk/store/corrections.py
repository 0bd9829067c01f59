"""A reviewer's corrections and reviews: a correction is a new immutable version (parent, who, when, why,
the changed cells) re-checked at once; a review sets a finding's state (open / confirmed / dismissed).

    from xxgk.store.corrections import correct, review
    result = correct(store, "某县人民政府 2023", {"applications.new.natural_person": "12"}, reason="见原件第3页")
    review(store, result.report_id, result.findings[0].id, "dismiss", comment="原件如此")

A finding of the new version that is the same finding as one on its parent (same rule, place and message)
keeps the parent's review: a dismissed false alarm stays dismissed, while a finding whose numbers changed
is new and open.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..record import Cell, Report, Source
from . import schema as s
from .attach import compare_sources
from .cells import CellRef, human, parse_value, resolve
from .records import semantic, value_text
from .reviews import default_who
from .rows import FindingRow, VersionRow
from .store import Store, _row
from .versions import add_findings, insert_version, load_record, touch


class CorrectionError(ValueError):
    """A correction or review that cannot be made (nothing changed, unknown finding…); nothing is written."""


@dataclass(frozen=True)
class Correction:
    report_id: int
    version: VersionRow
    parent_id: int
    changed: list[dict[str, Any]]
    findings: list[FindingRow]  # on the new version
    carried: int  # reviews carried over from the parent


def _previous_record(session: Session, agency_id: int, year: int) -> Report | None:
    vid = session.scalar(select(s.Report.active_version_id).where(s.Report.agency_id == agency_id,
                                                                   s.Report.year == year))
    return load_record(session, vid) if vid is not None else None


def check_findings(record: Report, previous: Report | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The checker's findings on ``record`` alone, and the cross-year ones against ``previous``."""
    from ..rules import CheckConfig, check, crossyear
    from ..rules.context import Context

    own = [f.to_json() for f in check(record).findings]
    if previous is None:
        return own, []
    try:
        cross = [f.to_json() for f in crossyear.check(Context(record, previous, CheckConfig()))]
    except Exception:  # odd data must not block a correction; the record's own check ran
        cross = []
    return own, cross


def _finding_key(f: s.Finding) -> tuple[Any, ...]:
    return (f.rule, f.path, f.section, f.message)


def carry_reviews(session: Session, parent_id: int, version_id: int) -> int:
    """Copy the review of each parent finding that reappears unchanged on the new version."""
    reviewed = {_finding_key(f): f for f in session.scalars(select(s.Finding).where(
        s.Finding.version_id == parent_id, s.Finding.review_state != "open"))}
    n = 0
    if not reviewed:
        return n
    for f in session.scalars(select(s.Finding).where(s.Finding.version_id == version_id)):
        old = reviewed.get(_finding_key(f))
        if old is not None:
            f.review_state, f.review_comment = old.review_state, old.review_comment
            f.reviewed_by, f.reviewed_at = old.reviewed_by, old.reviewed_at
            n += 1
    return n


def apply_changes(record: Report, changes: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    """Set the cells of ``record`` (in place); returns what changed. Errors name the cell and the valid
    choices; a value equal to the one stored is no change."""
    tables = [k for k, t in record.tables.items() if t is not None]
    done: dict[CellRef, dict[str, Any]] = {}
    for address, text in changes:
        ref = resolve(address, tables)
        value, raw = parse_value(text, ref)
        table = record.tables[ref.table]
        assert table is not None
        width = len(table.template.row_columns(table.template.row(ref.row)))
        row = table.rows.setdefault(ref.row, [Cell() for _ in range(width)])
        while len(row) < width:
            row.append(Cell())
        old = row[ref.column]
        old_raw = old.source.raw if old.source else None
        if value == old.value and semantic(value, raw) == semantic(old.value, old_raw):
            continue
        src = old.source
        new_source = (Source(line=src.line, start=src.start, end=src.end, page=src.page, box=src.box, raw=raw)
                      if src is not None else Source(raw=raw) if raw is not None else None)
        row[ref.column] = Cell(value=value, source=new_source, confidence=1.0)  # a person read it
        first = done.get(ref, {"old": value_text(old.value), "old_raw": old_raw})
        done[ref] = {"table": ref.table, "row": ref.row, "column": ref.column, "cell": human(ref),
                     "old": first["old"], "old_raw": first["old_raw"], "new": value_text(value), "new_raw": raw}
    return [c for c in done.values() if (c["old"], c["old_raw"]) != (c["new"], c["new_raw"])]


def correct(store: Store, report: str | int, changes: Mapping[str, str] | Iterable[tuple[str, str]], *,
            reason: str, who: str | None = None) -> Correction:
    """A new version of ``report`` (id or "AGENCY YEAR") with ``changes`` (cell address → value text), made
    the active version and re-checked as ingest checks a reading: its own rules, the cross-year rules against
    last year, the sources' disagreement (X-02: the other sources against the corrected values); next year's
    report is re-checked against it. All in one transaction."""
    from .query import resolve_report

    if not reason or not reason.strip():
        raise CorrectionError("a correction needs a reason (--reason): say why the value is wrong")
    pairs = list(changes.items()) if isinstance(changes, Mapping) else list(changes)
    if not pairs:
        raise CorrectionError("no cell to correct")
    target = resolve_report(store, report)
    who = who or default_who()
    with store.write() as session:
        rep = session.get(s.Report, target.id)
        if rep is None or rep.active_version_id is None:
            raise CorrectionError(f"report {target.id} has no version to correct")
        parent = session.get(s.Version, rep.active_version_id)
        assert parent is not None
        record = load_record(session, parent.id)
        changed = apply_changes(record, pairs)
        if not changed:
            cells = ", ".join(a for a, _ in pairs)
            raise CorrectionError(f"nothing to correct: {cells} already hold{'s' if len(pairs) == 1 else ''} "
                                  "that value")
        own, cross = check_findings(record, _previous_record(session, rep.agency_id, rep.year - 1))
        version = insert_version(session, rep.id, record, kind="correction", source_id=parent.source_id,
                                 parent_id=parent.id, created_by=who, reason=reason.strip(), changed=changed,
                                 findings=own)
        add_findings(session, version.id, cross, origin="crossyear", batch_id=None)
        # X-02 as ingest runs it: the corrected reading against the other sources of the report
        compare_sources(session, rep.id, version.id, None)
        session.flush()
        carried = carry_reviews(session, parent.id, version.id)
        rep.active_version_id = version.id
        touch(rep)
        recheck_next_year(session, rep.agency_id, rep.year, record)
        session.flush()
        version_row = _row(VersionRow, version)
        findings = [_row(FindingRow, f) for f in session.scalars(
            select(s.Finding).where(s.Finding.version_id == version.id).order_by(s.Finding.id))]
        return Correction(rep.id, version_row, parent.id, changed, findings, carried)


def recheck_next_year(session: Session, agency_id: int, year: int, record: Report) -> int:
    """Next year's active version was checked against the old reading of this year: add what the cross-year
    rules find now (history is never overwritten; findings already there are not repeated)."""
    nxt = session.scalar(select(s.Report).where(s.Report.agency_id == agency_id, s.Report.year == year + 1))
    if nxt is None or nxt.active_version_id is None:
        return 0
    _, cross = check_findings(load_record(session, nxt.active_version_id), record)
    return add_findings(session, nxt.active_version_id, cross, origin="recheck", batch_id=None, skip_known=True)


def history(store: Store, report: str | int) -> list[VersionRow]:
    """Every version of a report, oldest first (parses, corrections with their parent and changes)."""
    from .query import resolve_report

    return store.versions(resolve_report(store, report).id)


def review(store: Store, report: str | int, finding: str | int, action: str, *, comment: str | None = None,
           who: str | None = None) -> FindingRow:
    """Confirm, dismiss or reopen a finding of the report's active version. ``finding`` is its id (as
    ``xxgk show`` lists it) or its rule id when only one finding of that rule is on the active version. The
    review itself is :func:`xxgk.store.reviews.set_review`."""
    from .query import resolve_report
    from .reviews import ReviewError, set_review

    target = resolve_report(store, report)
    active = target.active_version_id
    on_active = store.findings(active) if active is not None else []
    text = str(finding).strip()
    if text.isdigit():
        chosen = [f for f in on_active if f.id == int(text)]
        if not chosen:
            with store.read() as session:
                other = session.get(s.Finding, int(text))
                if other is not None and other.version_id != active:
                    raise CorrectionError(f"finding {text} is on version {other.version_id}, not on the active "
                                          f"version {active} of report {target.id}: review the active one")
    else:
        chosen = [f for f in on_active if f.rule.upper() == text.upper()]
        if len(chosen) > 1:
            ids = ", ".join(str(f.id) for f in chosen)
            raise CorrectionError(f"report {target.id} has {len(chosen)} {text} findings: give the id ({ids})")
    if not chosen:
        listing = "; ".join(f"{f.id} {f.rule} {f.severity}" for f in on_active) or "none"
        raise CorrectionError(f"no finding {text!r} on report {target.id} (findings: {listing})")
    try:
        return set_review(store, chosen[0].id, action, comment=comment, who=who)
    except ReviewError as exc:
        raise CorrectionError(str(exc)) from None
