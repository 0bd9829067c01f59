"""What stops ``xxgk render``: the checker's error findings (reference.md §5), one line each."""

from __future__ import annotations

from dataclasses import dataclass

from ..record import Report


@dataclass
class Problem:
    rule: str  # rule id, e.g. T3-01
    location: str  # cell path, e.g. applications.rows.total[6]
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.severity} {self.rule} {self.location}: {self.message}"


def problems(report: Report) -> list[Problem]:
    """The error-level findings of :func:`xxgk.rules.check`, naming rule and cell."""
    from ..rules import check

    return [Problem(f.rule, f.location.path or "", f.message) for f in check(report).findings
            if f.severity == "error"]
