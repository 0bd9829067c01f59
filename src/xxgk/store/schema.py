"""The tables of the store (SQLAlchemy 2 typed ORM). Changes go through an Alembic migration
(``xxgk/store/migrations/versions``); a test checks that the migrations produce exactly these models.

Shape: an agency has one report per year; a report has sources (the files that carry it) and immutable
versions (a parse of a source, or a correction with its parent); a version has cells (long form), sections
and findings. Batches record ingest runs; failures record sources that could not become a report.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names so that migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Cell semantics: what a printed cell means, independent of its value.
SEMANTICS = ("number", "zero", "blank", "not_applicable", "text")
VERSION_KINDS = ("parse", "correction", "import")
REVIEW_STATES = ("open", "confirmed", "dismissed")
# Where a finding came from: the checker on this version, a cross-year check run at ingest (this report
# against the previous year in the store), a later re-check when the previous year arrived, or the comparison
# of the report's sources.
FINDING_ORIGINS = ("check", "crossyear", "recheck", "sources")
BATCH_STATES = ("running", "done", "interrupted", "rolled_back")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}  # noqa: RUF012 - SQLAlchemy reads it


class Agency(Base):
    """A publishing body. ``norm_name`` (see :mod:`xxgk.store.agencies`) is how ingest finds it again."""

    __tablename__ = "agencies"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))  # as first printed
    norm_name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str | None] = mapped_column(String(40))  # 人民政府 / 部门 / 乡镇街道 / 垂直管理 …
    region_code: Mapped[str | None] = mapped_column(String(12), index=True)  # GB/T 2260
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    expected: Mapped[bool] = mapped_column(Boolean, default=False)  # on an imported expected-agency list
    # where kind and region came from: "name" (read from the name), "list" (an imported list), "hand" (set by
    # a person); a value from a list or a person is never replaced by one read from a name
    kind_origin: Mapped[str | None] = mapped_column(String(8))
    region_origin: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AgencyAlias(Base):
    """Another name of an agency (原/现 names, printed variants): normalised, unique."""

    __tablename__ = "agency_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    norm_name: Mapped[str] = mapped_column(String(200), unique=True)
    former: Mapped[bool] = mapped_column(Boolean, default=False)  # a 原 name: the agency has been renamed


class Batch(Base):
    """One ingest run. A batch that was killed stays ``running`` until the next run marks it interrupted."""

    __tablename__ = "batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default="running")
    note: Mapped[str | None] = mapped_column(Text)
    engine: Mapped[str] = mapped_column(String(16), default="local")
    jobs: Mapped[int] = mapped_column(Integer, default=1)
    host: Mapped[str | None] = mapped_column(String(200))
    pid: Mapped[int | None] = mapped_column(Integer)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)  # files, new, duplicate, failed, …


class Report(Base):
    """One agency's report for one year, whatever the number of files that carry it."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("agency_id", "year", name="uq_reports_agency_year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    year: Mapped[int] = mapped_column(Integer, index=True)
    # use_alter: reports and versions point at each other
    active_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("versions.id", use_alter=True, ondelete="SET NULL"), index=True)  # statistics join on it
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id", ondelete="SET NULL"))  # created by
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Source(Base):
    """A file or page carrying a report (or failing to). Bytes live in the blob store under ``sha256``."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"), index=True)
    format: Mapped[str | None] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(BigInteger)
    path: Mapped[str | None] = mapped_column(Text)  # as given to ingest (archive.zip!member for zip members)
    url: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Failure(Base):
    """A source that did not become a report: unreadable, not a report, agency or year unknown."""

    __tablename__ = "failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    path: Mapped[str | None] = mapped_column(Text)
    code: Mapped[str] = mapped_column(String(32))  # unreadable / not-a-report / unknown-agency / unknown-year
    reason: Mapped[str] = mapped_column(Text)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Version(Base):
    """An immutable state of a report's record: a parse of one source, or a correction of a parent."""

    __tablename__ = "versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # parse / correction / import
    created_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)
    changed: Mapped[list[Any]] = mapped_column(default=list)  # [{table,row,column,old,new}] of a correction
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id", ondelete="SET NULL"), index=True)
    # the record's scalar fields as read in this version
    agency_printed: Mapped[str | None] = mapped_column(String(200))
    template: Mapped[str | None] = mapped_column(String(8))
    published_on: Mapped[str | None] = mapped_column(String(10))
    signed_on: Mapped[str | None] = mapped_column(String(10))  # the 落款 date (revision 0005)
    title: Mapped[str | None] = mapped_column(Text)
    tables: Mapped[dict[str, Any]] = mapped_column(default=dict)  # table key -> "present" | "missing"
    parse_notes: Mapped[list[Any]] = mapped_column(default=list)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)  # how far to trust it among the sources
    n_cells: Mapped[int] = mapped_column(Integer, default=0)  # written with the cells: a partial write shows


class Cell(Base):
    """One data cell of one version, long form. ``value`` is exact (decimal text), ``number`` for SQL maths."""

    __tablename__ = "cells"
    __table_args__ = (
        # every query reads a version's cells: this index serves them (no index across versions: migration 0006)
        UniqueConstraint("version_id", "tbl", "row_key", "col", name="uq_cells_version_cell"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))
    table: Mapped[str] = mapped_column("tbl", String(32))
    row: Mapped[str] = mapped_column("row_key", String(48))
    column: Mapped[int] = mapped_column("col", Integer)
    value: Mapped[str | None] = mapped_column(String(40))
    number: Mapped[float | None] = mapped_column(Float)
    raw: Mapped[str | None] = mapped_column(Text)
    semantic: Mapped[str] = mapped_column(String(16))  # see SEMANTICS
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    note: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)
    box: Mapped[list[Any] | None] = mapped_column()
    line: Mapped[int | None] = mapped_column(Integer)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)


class Section(Base):
    __tablename__ = "sections"
    __table_args__ = (UniqueConstraint("version_id", "number", "position", name="uq_sections_version_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # order in the record
    number: Mapped[int] = mapped_column(Integer)
    heading: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)


class Finding(Base):
    """A checker finding on a version, with its review state."""

    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(8), index=True)
    severity: Mapped[str] = mapped_column(String(8))
    message: Mapped[str] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(String(120))  # the cell it points at (xxgk.record.cell_path)
    table: Mapped[str | None] = mapped_column("tbl", String(32))
    row: Mapped[str | None] = mapped_column("row_key", String(48))
    column: Mapped[int | None] = mapped_column("col", Integer)
    section: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the finding's JSON (values, cells, culprit…)
    origin: Mapped[str] = mapped_column(String(16), default="check")  # see FINDING_ORIGINS
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    review_state: Mapped[str] = mapped_column(String(16), default="open")
    review_comment: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class MetricValue(Base):
    """A metric of the catalogue (:mod:`xxgk.metrics`) computed on a version, for statistics in SQL.
    ``value`` is None unless ``status`` is ``ok`` (not applicable, unavailable, not in the format)."""

    __tablename__ = "metric_values"
    __table_args__ = (
        Index("ix_metric_values_metric_status", "metric", "status"),
        # holds the value: statistics join versions to values through the index alone
        Index("ix_metric_values_covering", "version_id", "metric", "status", "value"),
    )
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"), primary_key=True)
    metric: Mapped[str] = mapped_column(String(48), primary_key=True)
    value: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16))


# Tables other packages keep in the store, on the same metadata (so migrations and their test see them all).
from ..ledger import tables as _ledger_tables  # noqa: E402, F401
