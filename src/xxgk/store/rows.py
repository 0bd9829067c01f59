"""What :class:`xxgk.store.Store` returns: plain frozen dataclasses, never ORM objects (no session leaks)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class AgencyRow:
    id: int
    name: str
    norm_name: str
    kind: str | None
    region_code: str | None
    parent_id: int | None


@dataclass(frozen=True)
class ReportRow:
    id: int
    agency_id: int
    agency: str
    year: int
    active_version_id: int | None
    sources: int = 0
    findings: dict[str, int] = field(default_factory=dict)  # severity -> open findings on the active version


@dataclass(frozen=True)
class SourceRow:
    id: int
    sha256: str
    report_id: int | None
    format: str | None
    size: int
    path: str | None
    url: str | None
    fetched_at: datetime | None
    batch_id: int | None
    created_at: datetime


@dataclass(frozen=True)
class VersionRow:
    id: int
    report_id: int
    parent_id: int | None
    source_id: int | None
    kind: str
    created_by: str | None
    created_at: datetime
    reason: str | None
    changed: list[Any]
    confidence: float
    n_cells: int
    agency_printed: str | None
    template: str | None
    published_on: str | None
    signed_on: str | None
    title: str | None


@dataclass(frozen=True)
class CellRow:
    table: str
    row: str
    column: int
    value: str | None  # exact decimal text, None when blank
    number: float | None
    raw: str | None
    semantic: str  # number / zero / blank / not_applicable / text
    confidence: float
    note: str | None
    page: int | None
    box: list[float] | None
    line: int | None
    span_start: int | None
    span_end: int | None


@dataclass(frozen=True)
class FindingRow:
    id: int
    version_id: int
    rule: str
    severity: str
    message: str
    path: str | None
    table: str | None
    row: str | None
    column: int | None
    section: int | None
    details: dict[str, Any]
    origin: str
    review_state: str
    review_comment: str | None
    reviewed_by: str | None
    reviewed_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class FailureRow:
    id: int
    source_id: int | None
    sha256: str | None
    path: str | None
    code: str
    reason: str
    batch_id: int | None
    created_at: datetime
    resolved_at: datetime | None


@dataclass(frozen=True)
class BatchRow:
    id: int
    started_at: datetime
    finished_at: datetime | None
    status: str
    note: str | None
    engine: str
    jobs: int
    counts: dict[str, Any]
