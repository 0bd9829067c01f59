"""Findings, their locations and the result of a check run."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..record import Report, Source, cell_path
from ..template import TABLES
from .catalogue import BY_ID, SEVERITY_RANK


@dataclass
class Location:
    """Where a finding points: a cell (table, row, column), a section, or the report as a whole."""

    table: str | None = None
    row: str | None = None
    column: int | None = None
    section: int | None = None
    source: Source | None = None

    @property
    def path(self) -> str | None:
        if self.table is None or self.row is None or self.column is None:
            return None
        try:
            return cell_path(self.table, self.row, self.column)
        except (KeyError, IndexError):
            return None

    @property
    def label(self) -> str:
        """Human (Chinese) name of the place, e.g. 第三部分“（一）予以公开”行“自然人”列."""
        if self.table is None:
            return f"第{_CN[self.section]}部分" if self.section else "报告"
        return cell_label(self.table, self.row, self.column)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in ("table", "row", "column", "section"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.table is not None and self.row is not None and self.column is not None:
            t = TABLES.get(self.table)
            if t is not None:
                with contextlib.suppress(KeyError, IndexError):
                    out["column_label"] = t.row_columns(t.row(self.row))[self.column].label
        if self.path:
            out["path"] = self.path
        if self.table is not None or self.section is not None:
            out["label"] = self.label
        if self.source is not None:
            out["source"] = self.source.to_json()
        return out


_CN = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", None: ""}


def row_label(table: str, row: str | None) -> str:
    t = TABLES.get(table)
    if t is None or row is None:
        return row or ""
    try:
        r = t.row(row)
    except KeyError:
        return row
    return f"{r.ordinal}{r.label}"


def cell_label(table: str, row: str | None, column: int | None) -> str:
    t = TABLES.get(table)
    if t is None:
        return f"{table}.{row}[{column}]"
    out = f"第{_CN.get(t.section, '')}部分“{row_label(table, row)}”"
    if row is not None and column is not None:
        try:
            columns = t.row_columns(t.row(row))
            if len(columns) > 1 or table == "applications":
                out += f"“{columns[column].label}”"
        except (KeyError, IndexError):
            pass
    return out


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    message_en: str = ""
    location: Location = field(default_factory=Location)
    values: dict[str, Any] = field(default_factory=dict)  # e.g. expected / printed
    cells: list[Location] = field(default_factory=list)  # every cell the check involved
    culprit: Location | None = None  # the one cell the identities point to
    suggested: Any = None  # value of `culprit` (or of the blank cell) that makes the identities hold
    candidates: list[tuple[Location, Any]] = field(default_factory=list)  # when several cells could explain it

    @property
    def title(self) -> str:
        return BY_ID[self.rule].title

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "title": self.title,
            "message": self.message,
            "message_en": self.message_en,
            "location": self.location.to_json(),
        }
        if self.values:
            out["values"] = {k: _plain(v) for k, v in self.values.items()}
        if self.cells:
            out["cells"] = [c.path or c.label for c in self.cells]
        if self.culprit is not None:
            out["culprit"] = self.culprit.to_json() | {"suggested": _plain(self.suggested)}
        elif self.suggested is not None:
            out["suggested"] = _plain(self.suggested)
        if self.candidates:
            out["candidates"] = [loc.to_json() | {"suggested": _plain(v)} for loc, v in self.candidates]
        return out


def _plain(v: Any) -> Any:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    return v


@dataclass
class CheckResult:
    report: Report
    findings: list[Finding] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)  # a rule module failed on odd data

    def by_severity(self, severity: str) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]

    def worst(self) -> str | None:
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=lambda s: SEVERITY_RANK[s])

    def fails(self, threshold: str) -> bool:
        return any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold] for f in self.findings)

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def to_json(self) -> dict[str, Any]:
        r = self.report
        source = r.source.to_json() if r.source is not None else {}
        out: dict[str, Any] = {
            "source": source,
            "agency": r.agency,
            "year": r.year,
            "template": r.template,
            "summary": self.counts(),
            "findings": [f.to_json() for f in self.findings],
        }
        if self.internal_errors:
            out["internal_errors"] = self.internal_errors
        return out
