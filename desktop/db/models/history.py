"""What the figures of a closed period are read from: each matter's status changes with their dates,
and the archived reports of closed months."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.db.base import Base
from desktop.db.models._types import enum_type
from desktop.domain.enums import MatterStatus


class MatterStatusChange(Base):
    """One change of a matter's status (or of its handling due date), dated by the act (``changed_on``)
    and stamped when it was written (``recorded_at``). A period's figures read the latest change dated
    by the period's end, never the matter's status today."""

    __tablename__ = "matter_status_history"
    __table_args__ = (
        Index("ix_matter_status_history_matter", "matter_id", "changed_on", "id"),
        Index("ix_matter_status_history_recorded", "recorded_at"),
        Index("ix_matter_status_history_backdated", "backdated", "recorded_at"),  # a period's 更正
        Index("ix_matter_status_history_changed_on", "changed_on"),
        Index("ix_matter_status_history_due", "handling_due"),
        # Closings in a period, answered from the index alone (结案 and 结案息诉罢访率 over a year).
        Index("ix_matter_status_history_status_on", "status", "changed_on", "matter_id"),
        # A matter's last closing or first assignment by a day (every state read): without it SQLite
        # may answer that from the index above, reading every closing up to the day for each matter
        # (a year of 100,000 matters then took minutes instead of seconds).
        Index("ix_matter_status_history_matter_status", "matter_id", "status", "changed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"))
    status: Mapped[MatterStatus] = mapped_column(enum_type(MatterStatus))
    changed_on: Mapped[date] = mapped_column(Date)  # China local date the change takes effect
    recorded_at: Mapped[datetime]
    handling_due: Mapped[date | None] = mapped_column(Date)  # the limit as it stood after the change
    # Dated inside a month already closed (archived) when written: a correction (更正) for the next report.
    backdated: Mapped[bool] = mapped_column(Boolean, default=False)


class ReportArchive(Base):
    """A closed month: its report as PDF and XLSX and its figures as canonical JSON with their SHA-256."""

    __tablename__ = "report_archives"

    period_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    closed_at: Mapped[datetime]
    closed_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    figures_json: Mapped[str] = mapped_column(Text)
    figures_sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    xlsx: Mapped[bytes] = mapped_column(LargeBinary)
    version: Mapped[int] = mapped_column(Integer, default=1)
