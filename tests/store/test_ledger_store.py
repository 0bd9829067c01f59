"""The ledger in the store, on SQLite and PostgreSQL: round trip, all-or-nothing writes, the store's agencies."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from xxgk.ledger import Appeal, Case, CaseError, Channel, year_report
from xxgk.ledger.store import Ledger, Saved
from xxgk.store import Store

CASES = [
    Case("2024-001", date(2024, 1, 5), "natural_person", Channel.IN_PERSON, "某项目批复",
         answered=date(2024, 1, 20), result="granted"),
    Case("2024-002", date(2024, 2, 1), "business", Channel.ONLINE, correction_asked=date(2024, 2, 2),
         correction_received=date(2024, 2, 18), consult_start=date(2024, 2, 20), consult_end=date(2024, 3, 1),
         extended=True, answered=date(2024, 4, 1), result="withheld_third_party",
         appeals=[Appeal("review", date(2024, 5, 1), "corrected", date(2024, 7, 1)),
                  Appeal("litigation_after_review", date(2024, 8, 1))]),
    Case("2023-099", date(2023, 12, 28), "legal_service", Channel.MAIL),
]


def test_round_trip_and_year_end(store: Store) -> None:
    ledger = Ledger(store, "某某市生态环境局")
    assert ledger.cases() == [] and not ledger.exists()
    assert ledger.save(CASES) == Saved(3, 0)
    assert ledger.exists()  # the agency was created by the first write
    stored = ledger.cases()
    assert sorted(stored, key=lambda c: c.id) == sorted(CASES, key=lambda c: c.id)
    assert ledger.case("2024-002").appeals[1].result == "pending"
    # the year-end tables from the store equal those from the cases themselves
    assert year_report(stored, 2024).to_json() == year_report(CASES, 2024).to_json()


def test_update_keeps_appeals_and_counts(store: Store) -> None:
    ledger = Ledger(store, "某某市生态环境局")
    assert ledger.save(CASES) == Saved(3, 0)
    changed = Case("2023-099", date(2023, 12, 28), "legal_service", Channel.MAIL, answered=date(2024, 1, 3),
                   result="unavailable_not_held")
    again = Case("2024-002", CASES[1].received, "business", result=None)  # no appeals in a spreadsheet row
    saved = ledger.save([changed, again])
    assert (saved.added, saved.updated) == (0, 2)
    assert ledger.case("2023-099").result == "unavailable_not_held"
    assert len(ledger.case("2024-002").appeals) == 2


def test_a_bad_case_stores_nothing(store: Store) -> None:
    ledger = Ledger(store, "某某县人民政府办公室")
    bad = Case("X", date(2024, 3, 1), "natural_person", answered=date(2024, 2, 1), result="granted")
    with pytest.raises(CaseError, match="早于收到日期"):
        ledger.save([CASES[0], bad])
    assert ledger.cases() == []
    ledger.save([CASES[0]])
    with pytest.raises(CaseError, match="已存在"):
        ledger.save([CASES[2], CASES[0]], only_new=True)
    assert [c.id for c in ledger.cases()] == ["2024-001"]


def test_agency_is_the_stores_by_normal_name(store: Store) -> None:
    Ledger(store, "某某市（区）财政局").save([CASES[0]])
    assert [c.id for c in Ledger(store, "某某市(区) 财政局").cases()] == ["2024-001"]
    assert Ledger(store, "别的局").cases() == []
    assert [a.name for a in store.agencies()] == ["某某市（区）财政局"]


def test_cases_of_two_agencies_are_apart(store: Store) -> None:
    Ledger(store, "甲局").save(CASES)
    Ledger(store, "乙局").save([CASES[0]])  # the same 编号 in another agency is another case
    assert len(Ledger(store, "甲局").cases()) == 3
    assert len(Ledger(store, "乙局").cases()) == 1


def test_add_appeal(store: Store, tmp_path: Path) -> None:
    ledger = Ledger(store, "甲局")
    ledger.save([CASES[0]])
    case = ledger.add_appeal("2024-001", Appeal("litigation_direct", date(2024, 3, 1), "upheld", date(2024, 6, 1)))
    assert case.appeals == [Appeal("litigation_direct", date(2024, 3, 1), "upheld", date(2024, 6, 1))]
    with pytest.raises(KeyError):
        ledger.add_appeal("nope", Appeal("review", date(2024, 3, 1)))
