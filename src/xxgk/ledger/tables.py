"""The ledger's tables in the store (on the store's metadata; created by migration ``0004_ledger``).

A case belongs to one agency of the store (``agencies``) and is unique there by its 编号; its reviews and
lawsuits hang off it. Values are the keys of :mod:`xxgk.ledger.model` (template row/column keys).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..store.schema import Base, utcnow


class LedgerCase(Base):
    """One request (依申请公开) of an agency and its steps."""

    __tablename__ = "ledger_cases"
    __table_args__ = (UniqueConstraint("agency_id", "number", name="uq_ledger_cases_agency_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(64))  # 编号
    received: Mapped[date] = mapped_column(Date, index=True)
    channel: Mapped[str | None] = mapped_column(String(8))
    applicant: Mapped[str] = mapped_column(String(32))
    content: Mapped[str] = mapped_column(Text, default="")
    correction_asked: Mapped[date | None] = mapped_column(Date)
    correction_received: Mapped[date | None] = mapped_column(Date)
    consult_start: Mapped[date | None] = mapped_column(Date)
    consult_end: Mapped[date | None] = mapped_column(Date)
    extended: Mapped[bool] = mapped_column(Boolean, default=False)
    answered: Mapped[date | None] = mapped_column(Date, index=True)
    result: Mapped[str | None] = mapped_column(String(48))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    appeals: Mapped[list[LedgerAppeal]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="LedgerAppeal.id")


class LedgerAppeal(Base):
    """A 行政复议 or 行政诉讼 about a case."""

    __tablename__ = "ledger_appeals"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("ledger_cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    filed: Mapped[date] = mapped_column(Date)
    result: Mapped[str] = mapped_column(String(16))
    decided: Mapped[date | None] = mapped_column(Date)
    case: Mapped[LedgerCase] = relationship(back_populates="appeals")
