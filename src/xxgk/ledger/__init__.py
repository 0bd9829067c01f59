"""The application ledger (依申请公开台账): requests through the year, their statutory deadlines on the
official working-day calendar, and sections 三 and 四 of the annual report computed from them.

    from xxgk.ledger import Case, deadlines, year_report
    report = year_report(cases, 2024, agency="某某局")      # xxgk.report/1 with tables 三 and 四

Pure logic only; persistence is in :mod:`xxgk.ledger.store`, spreadsheets in :mod:`xxgk.ledger.importer`.
"""

from __future__ import annotations

from .calendar import CalendarError, add_working_days, is_working_day, working_days
from .deadlines import Deadlines, Status, deadlines, due, received_on, status
from .model import Appeal, Case, CaseError, Channel, problems, validate
from .yearend import year_report, year_tables

__all__ = [
    "Appeal",
    "CalendarError",
    "Case",
    "CaseError",
    "Channel",
    "Deadlines",
    "Status",
    "add_working_days",
    "deadlines",
    "due",
    "is_working_day",
    "problems",
    "received_on",
    "status",
    "validate",
    "working_days",
    "year_report",
    "year_tables",
]
