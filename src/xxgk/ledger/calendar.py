"""Working days on the State Council's official calendar (法定节假日 and 调休 make-up working days).

The data comes from the ``chinese-calendar`` package, which follows each year's 国务院办公厅 notice. A date in a
year the package has no notice for is an error naming that year: guessing from weekdays would silently move
statutory deadlines (every year has 调休 weekends).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache


class CalendarError(ValueError):
    """The official calendar does not cover a date the computation needs."""


@cache
def covered_years() -> tuple[int, int]:
    """First and last year the installed calendar data covers."""
    from chinese_calendar.constants import holidays, workdays

    years = {d.year for d in holidays} | {d.year for d in workdays}
    return min(years), max(years)


@cache
def is_working_day(day: date) -> bool:
    """True on an official working day (a 调休 weekend included), False on weekends and holidays."""
    import chinese_calendar

    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError as exc:
        lo, hi = covered_years()
        raise CalendarError(
            f"no official working-day calendar for {day.year} (needed for {day.isoformat()}): the installed "
            f"chinese-calendar data covers {lo}–{hi}; upgrade it once the State Council notice for {day.year} "
            f"is published"
        ) from exc


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after ``start`` (``start`` itself is not counted); ``start`` when n is 0."""
    if n < 0:
        raise ValueError("n must be >= 0")
    day = start
    while n:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days(first: date, last: date) -> int:
    """Working days from ``first`` to ``last``, both included (0 when last < first)."""
    count = 0
    day = first
    while day <= last:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count
