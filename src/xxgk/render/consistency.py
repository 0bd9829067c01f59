"""The arithmetic identities a report must satisfy before it is rendered (reference.md §5.2–§5.3).

A stand-in for the checker: :func:`problems` uses ``xxgk.rules.check`` (error findings) when it is
available and falls back to the four identities below (T3-01, T3-02, T3-03, T4-01) otherwise.
Identities with a blank input are not evaluated (unverifiable, P-03), as the checker does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..record import Report, cell_path
from ..template import TABLES
from .totals import result_rows


@dataclass
class Problem:
    rule: str  # rule id, e.g. T3-01
    location: str  # cell path, e.g. applications.rows.total[6]
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.severity} {self.rule} {self.location}: {self.message}"


def problems(report: Report) -> list[Problem]:
    """The error-level findings that stop ``xxgk render`` (the checker's when it exists)."""
    try:
        from ..rules import check  # type: ignore[import-not-found,attr-defined,unused-ignore]
    except ImportError:
        return arithmetic_errors(report)
    result: Any = check(report)
    out = []
    for f in getattr(result, "findings", result):
        severity = str(getattr(f, "severity", "error"))
        severity = getattr(getattr(f, "severity", None), "value", severity)
        if str(severity).lower() != "error":
            continue
        rule = getattr(f, "rule", None) or getattr(f, "rule_id", None) or getattr(f, "id", "?")
        location = getattr(f, "location", None) or getattr(f, "path", None) or ""
        if not isinstance(location, str):
            location = getattr(location, "path", None) or str(location)
        out.append(Problem(str(getattr(rule, "id", rule)), str(location), str(getattr(f, "message", f))))
    return out


def arithmetic_errors(report: Report) -> list[Problem]:
    out: list[Problem] = []
    apps = report.tables.get("applications")
    columns = TABLES["applications"].columns
    if apps is not None:
        last = len(columns) - 1
        rows = [r for r in TABLES["applications"].rows if r.key in apps.rows]
        for row in rows:  # T3-03
            parts = [apps.value(row.key, c) for c in range(last)]
            total = apps.value(row.key, last)
            if total is not None and None not in parts and sum(parts) != total:  # type: ignore[arg-type]
                out.append(Problem("T3-03", cell_path("applications", row.key, last),
                                   f"{row.ordinal}{row.label}: 总计 {total} ≠ 各类申请人之和 "
                                   f"{sum(parts)}"))  # type: ignore[arg-type]
        results = result_rows(report)
        for c, col in enumerate(columns):
            vals = {k: apps.value(k, c) for k in ("new", "carried_over", "total", "carried_forward")}
            if None not in vals.values():  # T3-01
                left = vals["new"] + vals["carried_over"]  # type: ignore[operator]
                right = vals["total"] + vals["carried_forward"]  # type: ignore[operator]
                if left != right:
                    out.append(Problem("T3-01", cell_path("applications", "carried_forward", c),
                                       f"{col.label}列: 本年新收+上年结转 {left} ≠ （七）总计+结转下年度 {right}"))
            parts = [apps.value(k, c) for k in results]
            total = vals["total"]
            if total is not None and None not in parts and sum(parts) != total:  # type: ignore[arg-type]
                out.append(Problem("T3-02", cell_path("applications", "total", c),
                                   f"{col.label}列: （七）总计 {total} ≠ 各办理结果之和 "
                                   f"{sum(parts)}"))  # type: ignore[arg-type]
    review = report.tables.get("review_litigation")
    if review is not None:
        width = len(TABLES["review_litigation"].columns)
        for row in TABLES["review_litigation"].rows:  # T4-01
            parts = [review.value(row.key, c) for c in range(width - 1)]
            total = review.value(row.key, width - 1)
            if total is not None and None not in parts and sum(parts) != total:  # type: ignore[arg-type]
                out.append(Problem("T4-01", cell_path("review_litigation", row.key, width - 1),
                                   f"{row.label}: 总计 {total} ≠ 维持+纠正+其他+尚未审结 "
                                   f"{sum(parts)}"))  # type: ignore[arg-type]
    return out
