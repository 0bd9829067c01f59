"""Fill the cells that the arithmetic identities determine (reference.md §5.2–§5.3), never others.

Only cells that are ``None`` are filled, and only when every input of the identity is present: a blank
detail cell leaves its total blank (blank is not 0, schema.md). A given value is never changed — a value that
contradicts an identity is for the checker to report.
"""

from __future__ import annotations

from ..record import Cell, Report, TableData, Value
from ..template import TABLES
from .layout import application_rows

RESULT_EXCLUDED = ("new", "carried_over", "total", "carried_forward")


def _get(table: TableData, row: str, col: int) -> Value:
    return table.value(row, col)


def _fill(table: TableData, row: str, col: int, value: Value, width: int) -> bool:
    """Set a blank cell; True when something changed."""
    cells = table.rows.setdefault(row, [Cell() for _ in range(width)])
    while len(cells) < width:
        cells.append(Cell())
    if cells[col].value is not None or value is None:
        return False
    cells[col] = Cell(value, note="computed")
    return True


def _sum(values: list[Value]) -> Value:
    if any(v is None for v in values):
        return None
    return sum(values)  # type: ignore[arg-type]


def result_rows(report: Report) -> list[str]:
    """The rows of table 三 that add up to （七）总计, in the layout this report prints."""
    return [k for k in application_rows(report) if k not in RESULT_EXCLUDED]


def _complete_applications(report: Report, table: TableData) -> None:
    width = len(TABLES["applications"].columns)
    last = width - 1
    rows = application_rows(report)
    results = result_rows(report)
    changed = True
    while changed:  # a filled cell can determine another (e.g. 总计 column of the 总计 row)
        changed = False
        for row in rows:  # T3-03: 总计 column = 自然人 + five 法人或其他组织 columns
            changed |= _fill(table, row, last, _sum([_get(table, row, c) for c in range(last)]), width)
        for c in range(width):  # T3-02: （七）总计 = sum of the result rows
            changed |= _fill(table, "total", c, _sum([_get(table, r, c) for r in results]), width)
            # T3-01: 结转 = 新收 + 上年结转 − 总计 (only when non-negative: a negative is an error to report)
            new, old, total = (_get(table, r, c) for r in ("new", "carried_over", "total"))
            if new is not None and old is not None and total is not None and new + old - total >= 0:
                changed |= _fill(table, "carried_forward", c, new + old - total, width)


def _complete_review(table: TableData) -> None:
    width = len(TABLES["review_litigation"].columns)
    for row in TABLES["review_litigation"].rows:  # T4-01: 总计 = 维持 + 纠正 + 其他 + 尚未审结
        _fill(table, row.key, width - 1, _sum([_get(table, row.key, c) for c in range(width - 1)]), width)


def complete(report: Report) -> Report:
    """Fill the determined blank totals of ``report`` in place and return it."""
    applications = report.tables.get("applications")
    if applications is not None:
        _complete_applications(report, applications)
    review = report.tables.get("review_litigation")
    if review is not None:
        _complete_review(review)
    return report
