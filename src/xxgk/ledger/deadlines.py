"""Statutory deadlines of a request (条例 第三十条–第三十三条) on the official working-day calendar.

* 第三十一条: the received date depends on how the request came (:func:`received_on`).
* 第三十条: the agency asks for 补正 within 7 working days of receipt; the answer period then runs from the
  corrected request (the count restarts the day after it arrives); while waiting for it no answer deadline runs.
* 第三十三条: 20 working days to answer, at most 20 more when an extension is approved (40 in all); the time
  of consulting a third party or another agency (第三十二条) is not counted: its working days, start to end,
  are added.
* The day of receipt is never counted: the first working day after it is day 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .calendar import add_working_days, working_days
from .model import Case, Channel

CORRECTION_NOTICE_DAYS = 7  # 第三十条
ANSWER_DAYS = 20  # 第三十三条
EXTENSION_DAYS = 20  # 第三十三条: at most 20 more
THIRD_PARTY_DAYS = 15  # 第三十二条: the third party's time to give its opinion


def received_on(channel: Channel, submitted: date | None = None, confirmed: date | None = None) -> date:
    """The received date under 第三十一条.

    当面: the day it was handed in (``submitted``). 邮寄: the day the agency signed for it, or, for a letter
    that needs no signature, the day it confirmed receipt with the applicant — both given as ``confirmed``.
    网络 / 传真: the day both sides confirmed it (``confirmed``). 其他: the recorded date (``confirmed`` or
    ``submitted``).
    """
    if channel is Channel.IN_PERSON:
        day = submitted or confirmed
    elif channel in (Channel.MAIL, Channel.ONLINE, Channel.FAX):
        day = confirmed
    else:
        day = confirmed or submitted
    if day is None:
        need = "提交日期" if channel is Channel.IN_PERSON else "签收或确认日期"
        raise ValueError(f"收到方式为{channel.value}时，收到日期按第三十一条取{need}，但未填写")
    return day


@dataclass(frozen=True)
class Deadlines:
    """The deadlines of one case as known on a given day."""

    correction_notice: date  # last day to ask for 补正 (第三十条)
    count_from: date | None  # the day the answer count starts after (receipt, or 补正 received)
    answer: date | None  # last day to answer; None while waiting for the corrected request
    days: int  # working days allowed: 20 or 40, plus consultation days
    consultation_days: int
    waiting_for_correction: bool
    consultation_running: bool  # started, no end yet: counted up to the day the deadlines were computed for


def deadlines(case: Case, on: date | None = None) -> Deadlines:
    """Deadlines of ``case``; ``on`` (default: the answer date, else today) closes a consultation still running."""
    today = on or case.answered or date.today()
    notice = add_working_days(case.received, CORRECTION_NOTICE_DAYS)
    count_from: date | None = case.received
    waiting = False
    if case.correction_asked is not None:
        count_from = case.correction_received
        waiting = count_from is None
    consult, running = 0, False
    if case.consult_start is not None:
        end = case.consult_end
        if end is None:
            running = case.answered is None
            end = case.answered or today
        first = case.consult_start
        if count_from is not None and first <= count_from:  # only days inside the answer period are added
            first = date.fromordinal(count_from.toordinal() + 1)
        consult = working_days(first, end)
    days = ANSWER_DAYS + (EXTENSION_DAYS if case.extended else 0) + consult
    answer = None if count_from is None else add_working_days(count_from, days)
    return Deadlines(notice, count_from, answer, days, consult, waiting, running)


@dataclass(frozen=True)
class Status:
    """Where a case stands on a day: for ``due``, ``list`` and ``show``."""

    id: str
    open: bool
    deadline: date | None
    overdue: bool  # open past its deadline
    answered_late: bool  # answered after its deadline
    correction_notice_late: bool  # 补正 asked after the 7 working days of 第三十条
    days_left: int | None  # working days from the day after ``on`` to the deadline (negative when overdue)
    waiting_for_correction: bool
    consultation_running: bool
    consultation_days: int  # working days of consultation added (第三十二条 gives a third party 15)


def status(case: Case, on: date) -> Status:
    """The case's standing at the end of ``on``."""
    d = deadlines(case, on)
    is_open = case.open_at(on)
    late = case.answered is not None and d.answer is not None and case.answered > d.answer
    overdue = is_open and d.answer is not None and on > d.answer
    notice_late = case.correction_asked is not None and case.correction_asked > d.correction_notice
    left: int | None = None
    if is_open and d.answer is not None:
        left = (working_days(date.fromordinal(on.toordinal() + 1), d.answer) if d.answer > on
                else -working_days(date.fromordinal(d.answer.toordinal() + 1), on))
    return Status(case.id, is_open, d.answer, overdue, late, notice_late, left, d.waiting_for_correction,
                  d.consultation_running, d.consultation_days)


def due(cases: list[Case], on: date) -> list[Status]:
    """Cases open on ``on`` whose answer deadline runs, overdue first, then by deadline and 编号."""
    out = [status(c, on) for c in cases if c.open_at(on)]
    running = [s for s in out if s.deadline is not None]
    return sorted(running, key=lambda s: (not s.overdue, s.deadline, s.id))


def waiting(cases: list[Case], on: date) -> list[Status]:
    """Cases open on ``on`` whose answer count is suspended until the corrected request arrives."""
    return [s for s in (status(c, on) for c in cases if c.open_at(on)) if s.deadline is None]
