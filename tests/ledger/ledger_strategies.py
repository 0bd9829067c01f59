"""Hypothesis strategies for ledger cases: random receipt dates over two years, every step, every result."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from xxgk.ledger import Appeal, Case, Channel
from xxgk.ledger.model import appeal_kinds, appeal_results, applicant_kinds, result_rows

FIRST, LAST = date(2024, 1, 1), date(2025, 12, 31)

KINDS = sorted(applicant_kinds())
RESULTS = [r.key for r in result_rows()]
APPEAL_KINDS = sorted(appeal_kinds())
APPEAL_RESULTS = sorted(appeal_results())


def _after(draw: st.DrawFn, day: date, most: int) -> date:
    return day + timedelta(days=draw(st.integers(0, most)))


@st.composite
def appeals(draw: st.DrawFn, after: date) -> Appeal:
    filed = _after(draw, after, 200)
    result = draw(st.sampled_from(APPEAL_RESULTS))
    decided = None if result == "pending" else draw(st.none() | st.just(_after(draw, filed, 300)))
    return Appeal(draw(st.sampled_from(APPEAL_KINDS)), filed, result, decided)


@st.composite
def cases(draw: st.DrawFn, ident: str = "", first: date = FIRST, last: date = LAST) -> Case:
    received = first + timedelta(days=draw(st.integers(0, (last - first).days)))
    c = Case(
        id=ident or draw(st.text("0123456789ABC-", min_size=1, max_size=8)),
        received=received,
        applicant=draw(st.sampled_from(KINDS)),
        channel=draw(st.none() | st.sampled_from(list(Channel))),
        content=draw(st.sampled_from(["", "某项目环评报告", "2023年财政预算，含明细"])),
        extended=draw(st.booleans()),
    )
    cursor = received
    if draw(st.booleans()):  # 补正
        c.correction_asked = cursor = _after(draw, cursor, 12)
        if draw(st.integers(0, 4)):
            c.correction_received = cursor = _after(draw, cursor, 20)
    if draw(st.booleans()):  # 征求意见
        c.consult_start = cursor = _after(draw, cursor, 15)
        if draw(st.integers(0, 4)):
            c.consult_end = cursor = _after(draw, cursor, 25)
    if draw(st.integers(0, 5)):  # mostly answered; some still open
        c.answered = _after(draw, cursor, 90)
        c.result = draw(st.sampled_from(RESULTS))
        c.appeals = draw(st.lists(appeals(c.answered), max_size=2))
    return c


@st.composite
def ledgers(draw: st.DrawFn, max_size: int = 40) -> list[Case]:
    n = draw(st.integers(0, max_size))
    return [draw(cases(f"{i + 1:04d}")) for i in range(n)]
