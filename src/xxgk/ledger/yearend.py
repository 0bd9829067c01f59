"""Sections 三 and 四 of the annual report, computed from the ledger's cases — consistent by construction.

For year Y, per applicant kind:
* 一、本年新收 — received in Y;
* 二、上年结转 — received before Y and still open at the end of Y−1;
* the result rows — answered in Y, each in the row of its result;
* 四、结转下年度继续办理 — received by the end of Y and still open then.
Every case counted in 一 or 二 is either answered in Y or still open at its end, so 一+二 = （七）总计+四 holds
for every column, and 结转下年度 of Y is 上年结转 of Y+1.

Table 四 counts the reviews and lawsuits filed in Y, each in the column of its result at the end of Y
(尚未审结 until decided).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..record import Cell, Report, TableData
from ..template import APPLICATIONS, REVIEW_LITIGATION, application_rows
from .model import Case, applicant_kinds

TEMPLATE = "2021"


def _row(counts: list[int]) -> list[Cell]:
    return [Cell(v) for v in [*counts, sum(counts)]]


def applications_table(cases: Iterable[Case], year: int) -> TableData:
    """Table 三 of ``year`` (2021 layout, （六） as three rows)."""
    kinds = list(applicant_kinds())
    rows = [r.key for r in application_rows(split_other=True)]
    counts = {key: [0] * len(kinds) for key in rows}
    end_before, end = date(year - 1, 12, 31), date(year, 12, 31)
    total_row = next(r.key for r in APPLICATIONS.rows if r.is_total)
    for case in cases:
        col = kinds.index(case.applicant)
        if case.received.year == year:
            counts["new"][col] += 1
        if case.open_at(end_before):
            counts["carried_over"][col] += 1
        if case.answered is not None and case.answered.year == year and case.result is not None:
            counts[case.result][col] += 1
            counts[total_row][col] += 1
        if case.open_at(end):
            counts["carried_forward"][col] += 1
    table = TableData(APPLICATIONS.key)
    for key in rows:
        table.rows[key] = _row(counts[key])
    return table


def review_table(cases: Iterable[Case], year: int) -> TableData:
    """Table 四 of ``year``: reviews and lawsuits filed in it, by their result at its end."""
    columns = [c.key for c in REVIEW_LITIGATION.columns if c.key != "total"]
    counts = {r.key: [0] * len(columns) for r in REVIEW_LITIGATION.rows}
    end = date(year, 12, 31)
    for case in cases:
        for appeal in case.appeals:
            if appeal.filed.year == year:
                counts[appeal.kind][columns.index(appeal.outcome_at(end))] += 1
    table = TableData(REVIEW_LITIGATION.key)
    for key, values in counts.items():
        table.rows[key] = _row(values)
    return table


def year_tables(cases: Iterable[Case], year: int) -> tuple[TableData, TableData]:
    """Tables 三 and 四 of ``year``."""
    cases = list(cases)
    return applications_table(cases, year), review_table(cases, year)


def year_report(cases: Iterable[Case], year: int, agency: str | None = None) -> Report:
    """An xxgk.report/1 record holding sections 三 and 四 of ``year`` (the rest is left to the author)."""
    apps, review = year_tables(cases, year)
    report = Report(agency=agency, year=year, template=TEMPLATE)
    report.tables[apps.key] = apps
    report.tables[review.key] = review
    return report


def merge(record: Report, ledger: Report) -> Report:
    """``record`` with its tables 三 and 四 replaced by the ledger's (year and agency kept when set)."""
    if record.year is not None and ledger.year is not None and record.year != ledger.year:
        raise ValueError(f"the record is for {record.year}, the ledger tables for {ledger.year}")
    for key in (APPLICATIONS.key, REVIEW_LITIGATION.key):
        record.tables[key] = ledger.tables[key]
    record.year = record.year or ledger.year
    record.agency = record.agency or ledger.agency
    if record.template == "2019":  # tables 三/四 now in the 2021 layout
        record.template = "mixed"
    return record
