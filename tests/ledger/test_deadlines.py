"""Deadlines against hand-computed cases over 春节 and 国庆 (and their 调休 working weekends), 2024 and 2025.

Each expected date was counted by hand from the State Council notices, not from the calendar package:
* 2024 (国办发明电〔2023〕7号): 春节 2月10日–17日 off, 2月4日(日) and 2月18日(日) working (2月9日 除夕, a Friday,
  stays a working day); 中秋 9月15日–17日 off, 9月14日(六) working; 国庆 10月1日–7日 off, 9月29日(日) and
  10月12日(六) working.
* 2025 (国办发明电〔2024〕12号): 元旦 1月1日 off, no make-up day; 春节 1月28日–2月4日 off, 1月26日(日) and
  2月8日(六) working; 国庆中秋 10月1日–8日 off, 9月28日(日) and 10月11日(六) working.
"""

from __future__ import annotations

from datetime import date

import pytest

from xxgk.ledger import CalendarError, Case, Channel, add_working_days, deadlines, received_on, status
from xxgk.ledger.calendar import covered_years, is_working_day, working_days

D = date


def case(received: date, **kw: object) -> Case:
    return Case(id="T-1", received=received, applicant="natural_person", **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("day", "working", "why"), [
    (D(2024, 2, 4), True, "2024 春节 调休: Sunday worked"),
    (D(2024, 2, 9), True, "2024 除夕 is a Friday outside the 2月10日–17日 holiday"),
    (D(2024, 2, 12), False, "2024 春节 holiday on a Monday"),
    (D(2024, 2, 18), True, "2024 春节 调休: Sunday worked"),
    (D(2024, 9, 14), True, "2024 中秋 调休: Saturday worked"),
    (D(2024, 9, 29), True, "2024 国庆 调休: Sunday worked"),
    (D(2024, 10, 7), False, "2024 国庆 holiday on a Monday"),
    (D(2024, 10, 12), True, "2024 国庆 调休: Saturday worked"),
    (D(2025, 1, 26), True, "2025 春节 调休: Sunday worked"),
    (D(2025, 2, 4), False, "2025 春节 holiday (正月初七) on a Tuesday"),
    (D(2025, 2, 8), True, "2025 春节 调休: Saturday worked"),
    (D(2025, 9, 28), True, "2025 国庆 调休: Sunday worked"),
    (D(2025, 10, 8), False, "2025 国庆中秋 holiday on a Wednesday"),
    (D(2025, 10, 11), True, "2025 国庆 调休: Saturday worked"),
])
def test_official_days(day: date, working: bool, why: str) -> None:
    assert is_working_day(day) is working, why


def test_answer_2024_spring_festival() -> None:
    # Received Thu 2024-02-01 (not counted). Day 1 Fri 2-2, 2 Sun 2-4 (调休), 3–7 Mon 2-5 … Fri 2-9 (除夕 worked),
    # 2-10…2-17 off, 8 Sun 2-18 (调休), 9–13 2-19…2-23, 14–18 2-26…3-1, 19 Mon 3-4, 20 Tue 3-5.
    d = deadlines(case(D(2024, 2, 1)))
    assert d.answer == D(2024, 3, 5)
    # 补正 notice: the 7th working day is the Friday 2-9 (除夕).
    assert d.correction_notice == D(2024, 2, 9)


def test_extended_2024_spring_festival() -> None:
    # Same receipt, 延期: from day 20 (3-5) on, 21–23 3-6…3-8, 24–28 3-11…3-15, 29–33 3-18…3-22,
    # 34–38 3-25…3-29, 39 Mon 4-1, 40 Tue 4-2 (before 清明 4-4).
    assert deadlines(case(D(2024, 2, 1), extended=True)).answer == D(2024, 4, 2)


def test_answer_2024_national_day() -> None:
    # Received Fri 2024-09-20. 1–5 Mon 9-23…Fri 9-27, 6 Sun 9-29 (调休), 7 Mon 9-30, 10-1…10-7 off,
    # 8–11 Tue 10-8…Fri 10-11, 12 Sat 10-12 (调休), 13–17 10-14…10-18, 18–20 Mon 10-21…Wed 10-23.
    d = deadlines(case(D(2024, 9, 20)))
    assert d.answer == D(2024, 10, 23)
    assert d.correction_notice == D(2024, 9, 30)  # day 7 is Mon 9-30


def test_correction_notice_2024_mid_autumn() -> None:
    # Received Fri 2024-09-13. 1 Sat 9-14 (调休), 9-15…9-17 off, 2–4 Wed 9-18…Fri 9-20, 5–7 Mon 9-23…Wed 9-25.
    assert deadlines(case(D(2024, 9, 13))).correction_notice == D(2024, 9, 25)


def test_answer_2025_spring_festival() -> None:
    # Received Fri 2025-01-24. 1 Sun 1-26 (调休), 2 Mon 1-27, 1-28…2-4 off, 3–5 Wed 2-5…Fri 2-7,
    # 6 Sat 2-8 (调休), 7–11 2-10…2-14, 12–16 2-17…2-21, 17–20 Mon 2-24…Thu 2-27.
    assert deadlines(case(D(2025, 1, 24))).answer == D(2025, 2, 27)


def test_extended_over_new_year_and_spring_festival_2025() -> None:
    # Received Fri 2024-12-20, 延期 (40). 1–5 12-23…12-27, 6–7 12-30…12-31, 2025-1-1 off (no make-up day),
    # 8–9 1-2…1-3, 10–14 1-6…1-10, 15–19 1-13…1-17, 20–24 1-20…1-24, 25 Sun 1-26 (调休), 26 Mon 1-27,
    # 1-28…2-4 off, 27–29 2-5…2-7, 30 Sat 2-8 (调休), 31–35 2-10…2-14, 36–40 Mon 2-17…Fri 2-21.
    assert deadlines(case(D(2024, 12, 20), extended=True)).answer == D(2025, 2, 21)


def test_correction_restarts_count_2025_national_day() -> None:
    # Received Wed 2025-09-10; 补正 asked Fri 9-12, within 7 working days (9-11 … 9-19, day 7 = Fri 9-19).
    # Corrected request arrives Fri 9-26; the count restarts the day after: 1 Sun 9-28 (调休), 2–3 Mon 9-29 …
    # Tue 9-30, 10-1…10-8 off, 4–5 Thu 10-9 … Fri 10-10, 6 Sat 10-11 (调休), 7–11 10-13…10-17,
    # 12–16 10-20…10-24, 17–20 Mon 10-27 … Thu 10-30.
    c = case(D(2025, 9, 10), correction_asked=D(2025, 9, 12), correction_received=D(2025, 9, 26))
    d = deadlines(c)
    assert d.correction_notice == D(2025, 9, 19)
    assert d.count_from == D(2025, 9, 26)
    assert d.answer == D(2025, 10, 30)
    assert not status(c, D(2025, 10, 30)).overdue
    assert status(c, D(2025, 10, 31)).overdue


def test_waiting_for_correction_has_no_deadline() -> None:
    c = case(D(2025, 9, 10), correction_asked=D(2025, 9, 22))  # asked on day 8: late
    d = deadlines(c, D(2025, 12, 1))
    assert d.waiting_for_correction and d.answer is None
    s = status(c, D(2025, 12, 1))
    assert s.correction_notice_late and not s.overdue


def test_consultation_days_added_2025_national_day() -> None:
    # Received Mon 2025-09-22. Consultation Thu 9-25 … Fri 10-10: working days 9-25, 9-26, Sun 9-28 (调休),
    # 9-29, 9-30, 10-9, 10-10 = 7. Deadline = 27th working day after 9-22: 1–2 9-23…9-24, 3–4 9-25…9-26,
    # 5 Sun 9-28, 6–7 9-29…9-30, 8–9 10-9…10-10, 10 Sat 10-11 (调休), 11–15 10-13…10-17, 16–20 10-20…10-24,
    # 21–25 10-27…10-31, 26 Mon 11-3, 27 Tue 11-4.
    c = case(D(2025, 9, 22), consult_start=D(2025, 9, 25), consult_end=D(2025, 10, 10))
    d = deadlines(c)
    assert d.consultation_days == 7
    assert d.answer == D(2025, 11, 4)


def test_answered_late_is_marked() -> None:
    on_time = case(D(2024, 9, 20), answered=D(2024, 10, 23), result="granted")
    late = case(D(2024, 9, 20), answered=D(2024, 10, 24), result="granted")
    assert not status(on_time, D(2024, 12, 31)).answered_late
    assert status(late, D(2024, 12, 31)).answered_late


def test_counting_from_a_holiday() -> None:
    # Received (confirmed online) on Sat 2024-10-05, in the 国庆 holiday: day 1 is Tue 10-8.
    assert add_working_days(D(2024, 10, 5), 1) == D(2024, 10, 8)
    assert working_days(D(2024, 10, 1), D(2024, 10, 12)) == 5  # 10-8 … 10-11 and Sat 10-12


def test_year_outside_the_calendar_is_an_error_naming_it() -> None:
    last = covered_years()[1]
    with pytest.raises(CalendarError, match=str(last + 1)):
        deadlines(case(D(last, 12, 20)))
    with pytest.raises(CalendarError, match="2003"):
        is_working_day(D(2003, 6, 2))


@pytest.mark.parametrize(("channel", "submitted", "confirmed", "expected"), [
    (Channel.IN_PERSON, D(2025, 3, 3), None, D(2025, 3, 3)),  # 当面: the day handed in
    (Channel.MAIL, D(2025, 3, 1), D(2025, 3, 4), D(2025, 3, 4)),  # 邮寄: the day signed for / confirmed
    (Channel.ONLINE, D(2025, 3, 1), D(2025, 3, 5), D(2025, 3, 5)),  # 网络: both sides confirmed
    (Channel.FAX, D(2025, 3, 1), D(2025, 3, 2), D(2025, 3, 2)),  # 传真: both sides confirmed
])
def test_received_on_article_31(channel: Channel, submitted: date, confirmed: date | None, expected: date) -> None:
    assert received_on(channel, submitted, confirmed) == expected


def test_received_on_needs_the_confirmation() -> None:
    with pytest.raises(ValueError, match="第三十一条"):
        received_on(Channel.ONLINE, D(2025, 3, 1))
