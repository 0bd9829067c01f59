"""A request of the 依申请公开台账 (ledger) and its steps, with the checks that keep the year-end tables sound.

Applicant kinds, results and the review/lawsuit groups are the keys of the template's table 三 / 四 rows and
columns (:mod:`xxgk.template`): the ledger never spells a label list of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache

from ..template import APPLICATIONS, REVIEW_LITIGATION, Row

RESULT_GROUPS = ("results", "withheld", "unavailable", "rejected", "other")


class Channel(StrEnum):
    """收到方式 (条例 第三十一条 fixes the received date for each)."""

    IN_PERSON = "当面"
    MAIL = "邮寄"
    ONLINE = "网络"
    FAX = "传真"
    OTHER = "其他"


def applicant_kinds() -> dict[str, str]:
    """申请人类型: column key -> printed label, the six data columns of table 三 before 总计."""
    return {c.key: c.label for c in APPLICATIONS.columns if c.key != "total"}


@cache  # the template is constant; read for every case checked
def result_rows() -> tuple[Row, ...]:
    """The table-三 rows a case can end in (2021 layout): （一）…（六）3, never （七）总计 nor the 2019 single row."""
    return tuple(r for r in APPLICATIONS.rows_for("2021") if r.group in RESULT_GROUPS and not r.is_total)


def appeal_kinds() -> dict[str, str]:
    """行政复议 / 行政诉讼 groups of table 四: row key -> printed label."""
    return {r.key: r.label for r in REVIEW_LITIGATION.rows}


def appeal_results() -> dict[str, str]:
    """结果维持 / 结果纠正 / 其他结果 / 尚未审结: column key -> printed label (总计 is computed)."""
    return {c.key: c.label for c in REVIEW_LITIGATION.columns if c.key != "total"}


PENDING = "pending"  # the 尚未审结 column key


@dataclass
class Appeal:
    """A 行政复议 or 行政诉讼 about a case; counted in table 四 of the year it was filed."""

    kind: str  # appeal_kinds() key
    filed: date
    result: str = PENDING  # appeal_results() key
    decided: date | None = None

    def outcome_at(self, day: date) -> str:
        """The result column at the end of ``day``: 尚未审结 until it is decided."""
        if self.result == PENDING or (self.decided is not None and self.decided > day):
            return PENDING
        return self.result


@dataclass
class Case:
    """One request: receipt, the 补正 / 征求意见 / 延期 steps, the answer and its table-三 row."""

    id: str  # 编号
    received: date  # the received date under 第三十一条
    applicant: str  # applicant_kinds() key
    channel: Channel | None = None
    content: str = ""
    correction_asked: date | None = None  # 补正告知
    correction_received: date | None = None  # 补正收到
    consult_start: date | None = None  # 征求第三方或其他机关意见
    consult_end: date | None = None
    extended: bool = False  # 延期 approved (第三十三条)
    answered: date | None = None  # 答复日期; None = still open
    result: str | None = None  # result_rows() key
    appeals: list[Appeal] = field(default_factory=list)

    def open_at(self, day: date) -> bool:
        """Received by ``day`` and not answered by its end."""
        return self.received <= day and (self.answered is None or self.answered > day)


class CaseError(ValueError):
    """A case that cannot be recorded as given (the message names the field, in Chinese)."""


def problems(case: Case) -> list[str]:
    """What makes the case unusable for the ledger; empty when it is sound."""
    out: list[str] = []
    if not case.id.strip():
        out.append("编号为空")
    if case.applicant not in applicant_kinds():
        out.append(f"申请人类型未知: {case.applicant!r}")
    results = {r.key for r in result_rows()}
    if case.result is not None and case.result not in results:
        out.append(f"办理结果未知: {case.result!r}")
    if case.answered is not None and case.result is None:
        out.append("有答复日期而无办理结果")
    if case.result is not None and case.answered is None:
        out.append("有办理结果而无答复日期")

    def not_before(name: str, day: date | None, ref_name: str, ref: date | None) -> None:
        if day is not None and ref is not None and day < ref:
            out.append(f"{name} {day.isoformat()} 早于{ref_name} {ref.isoformat()}")

    not_before("答复日期", case.answered, "收到日期", case.received)
    not_before("补正告知日期", case.correction_asked, "收到日期", case.received)
    not_before("补正收到日期", case.correction_received, "收到日期", case.received)
    not_before("补正收到日期", case.correction_received, "补正告知日期", case.correction_asked)
    not_before("答复日期", case.answered, "补正收到日期", case.correction_received)
    not_before("征求意见开始日期", case.consult_start, "收到日期", case.received)
    not_before("征求意见结束日期", case.consult_end, "征求意见开始日期", case.consult_start)
    if case.correction_received is not None and case.correction_asked is None:
        out.append("有补正收到日期而无补正告知日期")
    if case.consult_end is not None and case.consult_start is None:
        out.append("有征求意见结束日期而无开始日期")
    kinds, outcomes = appeal_kinds(), appeal_results()
    for i, a in enumerate(case.appeals, 1):
        if a.kind not in kinds:
            out.append(f"复议诉讼{i}: 类型未知 {a.kind!r}")
        if a.result not in outcomes:
            out.append(f"复议诉讼{i}: 结果未知 {a.result!r}")
        if a.decided is not None and a.decided < a.filed:
            out.append(f"复议诉讼{i}: 审结日期早于提起日期")
        if a.decided is not None and a.result == PENDING:
            out.append(f"复议诉讼{i}: 有审结日期而结果为尚未审结")
    return out


def validate(case: Case) -> Case:
    """The case itself, or :class:`CaseError` listing every problem."""
    found = problems(case)
    if found:
        raise CaseError(f"{case.id or '(无编号)'}: " + "；".join(found))
    return case
