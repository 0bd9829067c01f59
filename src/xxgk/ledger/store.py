"""The ledger in the store: cases of an agency read and written in whole transactions.

    from xxgk.store import Store
    from xxgk.ledger.store import Ledger
    with Store(db) as store:
        ledger = Ledger(store, "某某局")
        ledger.save([case, ...])                 # insert or update by 编号, all or nothing
        cases = ledger.cases()

Every write validates every case first (:func:`xxgk.ledger.model.validate`), so a bad case stores nothing.
The agency is the store's (found by its normal name or an alias; created by the first write).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..store import Store, StoreError
from ..store.schema import utcnow
from ..store.versions import agency_for, find_agency
from .model import Appeal, Case, CaseError, Channel, validate
from .tables import LedgerAppeal, LedgerCase

FIELDS = ("received", "applicant", "content", "correction_asked", "correction_received", "consult_start",
          "consult_end", "extended", "answered", "result")


@dataclass(frozen=True)
class Saved:
    added: int
    updated: int


def to_case(row: LedgerCase) -> Case:
    return Case(
        id=row.number, received=row.received, applicant=row.applicant,
        channel=Channel(row.channel) if row.channel else None, content=row.content or "",
        correction_asked=row.correction_asked, correction_received=row.correction_received,
        consult_start=row.consult_start, consult_end=row.consult_end, extended=bool(row.extended),
        answered=row.answered, result=row.result,
        appeals=[Appeal(a.kind, a.filed, a.result, a.decided) for a in row.appeals],
    )


def _fill(row: LedgerCase, case: Case, appeals: bool) -> None:
    for name in FIELDS:
        setattr(row, name, getattr(case, name))
    row.channel = case.channel.value if case.channel else None
    row.updated_at = utcnow()
    if appeals:
        row.appeals = [LedgerAppeal(kind=a.kind, filed=a.filed, result=a.result, decided=a.decided)
                       for a in case.appeals]


class Ledger:
    """The cases of one agency in one store."""

    def __init__(self, store: Store, agency: str) -> None:
        if not agency.strip():
            raise StoreError("--agency: the agency name is empty")
        self.store = store
        self.agency = agency

    # ------------------------------------------------------------------ reading
    def _rows(self, session: Session) -> list[LedgerCase]:
        agency = find_agency(session, self.agency)
        if agency is None:
            return []
        query = (select(LedgerCase).where(LedgerCase.agency_id == agency.id)
                 .options(selectinload(LedgerCase.appeals)).order_by(LedgerCase.received, LedgerCase.number))
        return list(session.scalars(query))

    def exists(self) -> bool:
        return self.store.find_agency(self.agency) is not None

    def cases(self) -> list[Case]:
        """Every case of the agency, by received date then 编号 (none for an agency not in the store)."""
        with self.store.read() as session:
            return [to_case(r) for r in self._rows(session)]

    def case(self, number: str) -> Case:
        """The case with 编号 ``number``; KeyError when there is none."""
        with self.store.read() as session:
            agency = find_agency(session, self.agency)
            row = None if agency is None else session.scalar(
                select(LedgerCase).where(LedgerCase.agency_id == agency.id, LedgerCase.number == number)
                .options(selectinload(LedgerCase.appeals)))
            if row is None:
                raise KeyError(number)
            return to_case(row)

    # ------------------------------------------------------------------ writing
    def save(self, cases: Iterable[Case], *, replace_appeals: bool = False, only_new: bool = False) -> Saved:
        """Insert the new 编号, update the known ones; one transaction.

        ``only_new`` refuses a 编号 already in the ledger (``add``); appeals of an updated case are kept unless
        ``replace_appeals`` (a spreadsheet has no appeal columns).
        """
        cases = [validate(c) for c in cases]
        added = updated = 0
        with self.store.write() as session:
            agency = agency_for(session, self.agency)
            numbers = [c.id for c in cases]
            known = {r.number: r for r in session.scalars(
                select(LedgerCase).where(LedgerCase.agency_id == agency.id, LedgerCase.number.in_(numbers))
                .options(selectinload(LedgerCase.appeals)))} if numbers else {}
            for case in cases:
                row = known.get(case.id)
                if row is None:
                    row = LedgerCase(agency_id=agency.id, number=case.id)
                    _fill(row, case, appeals=True)
                    session.add(row)
                    known[case.id] = row
                    added += 1
                elif only_new:
                    raise CaseError(f"{case.id}: 编号已存在于 {self.agency} 的台账（修改请用 --update）")
                else:
                    _fill(row, case, appeals=replace_appeals)
                    updated += 1
        return Saved(added, updated)

    def add_appeal(self, number: str, appeal: Appeal) -> Case:
        """Record a review or lawsuit about case ``number``; the case as it is now."""
        case = self.case(number)
        case.appeals.append(appeal)
        validate(case)
        self.save([case], replace_appeals=True)
        return self.case(number)

    def delete(self, number: str) -> None:
        with self.store.write() as session:
            agency = find_agency(session, self.agency)
            row = None if agency is None else session.scalar(
                select(LedgerCase).where(LedgerCase.agency_id == agency.id, LedgerCase.number == number))
            if row is None:
                raise KeyError(number)
            session.delete(row)
