"""The matter (信访事项) with its visits, representatives, interviews, recordings and attachments."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.db.base import Base
from desktop.db.models._types import enum_type
from desktop.db.models.people import Department, Petitioner, Staff
from desktop.domain.enums import (
    AlertLevel,
    AppealRoute,
    Category,
    Channel,
    Complexity,
    MatterStatus,
    RegulationType,
    Risk,
)


class Counter(Base):
    """Gap-free sequences (case numbers, document numbers) per series and year."""

    __tablename__ = "counters"

    series: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class Matter(Base):
    __tablename__ = "matters"
    __table_args__ = (
        UniqueConstraint("year", "seq"),
        Index("ix_matters_status_due", "status", "handling_due"),
        Index("ix_matters_registered_on", "registered_on"),
        # The ledger's usual views: one category (or department) newest first, without sorting thousands.
        Index("ix_matters_category_registered", "category", "registered_on"),
        Index("ix_matters_department_registered", "department_id", "registered_on"),
        Index("ix_matters_closed_registered", "closed_on", "registered_on"),  # 积案 on a past day
        CheckConstraint("group_size >= 1", name="group_size_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_number: Mapped[str] = mapped_column(String(32), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    registered_at: Mapped[datetime]
    registered_on: Mapped[date] = mapped_column(Date)  # China local date, the day counting starts from
    channel: Mapped[Channel] = mapped_column(enum_type(Channel))
    petitioner_id: Mapped[int] = mapped_column(ForeignKey("petitioners.id"), index=True)
    summary: Mapped[str] = mapped_column(Text)
    demands: Mapped[str] = mapped_column(Text, default="")
    accepts_mediation: Mapped[bool] = mapped_column(Boolean, default=False)
    group_size: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[MatterStatus] = mapped_column(enum_type(MatterStatus))  # indexed with handling_due

    regulation_type: Mapped[RegulationType | None] = mapped_column(enum_type(RegulationType))
    appeal_route: Mapped[AppealRoute | None] = mapped_column(enum_type(AppealRoute))
    category: Mapped[Category | None] = mapped_column(enum_type(Category))
    key_domains: Mapped[list[str]] = mapped_column(JSON, default=list)
    risk: Mapped[Risk | None] = mapped_column(enum_type(Risk))
    complexity: Mapped[Complexity | None] = mapped_column(enum_type(Complexity))
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)  # 检举控告: Art. 30

    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    first_handler_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    case_lead_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    registered_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))

    visits_30d: Mapped[int] = mapped_column(Integer, default=1)
    repeat_alert: Mapped[AlertLevel] = mapped_column(enum_type(AlertLevel), default=AlertLevel.GREEN)
    # The highest 30-day count and colour the matter reached (the current ones move with every visit).
    visits_30d_max: Mapped[int] = mapped_column(Integer, default=1)
    repeat_alert_max: Mapped[AlertLevel] = mapped_column(enum_type(AlertLevel, "alertlevel_max"),
                                                       default=AlertLevel.GREEN)
    linked_matter_id: Mapped[int | None] = mapped_column(ForeignKey("matters.id"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"), index=True)
    leader_session_id: Mapped[int | None] = mapped_column(ForeignKey("leader_sessions.id"), index=True)

    assign_due: Mapped[date] = mapped_column(Date)
    assigned_on: Mapped[date | None] = mapped_column(Date)
    handling_due: Mapped[date | None] = mapped_column(Date, index=True)
    solved_at_first_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_at: Mapped[datetime | None]
    closed_on: Mapped[date | None] = mapped_column(Date)
    evaluation_due: Mapped[date | None] = mapped_column(Date)
    callback_due: Mapped[date | None] = mapped_column(Date)
    # Searchable words (name, number, summary) so the ledger can search without decrypting anything.
    search_text: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    petitioner: Mapped[Petitioner] = relationship(lazy="raise", foreign_keys=[petitioner_id])
    department: Mapped[Department | None] = relationship(lazy="raise", foreign_keys=[department_id])
    first_handler: Mapped[Staff | None] = relationship(lazy="raise", foreign_keys=[first_handler_id])


class MatterDepartment(Base):
    """Departments the petitioner says are involved (registration form), not the handling one."""

    __tablename__ = "matter_departments"
    __table_args__ = (UniqueConstraint("matter_id", "department_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))


class Visit(Base):
    """One visit, letter, online submission or call about a matter (counted for repeat warnings)."""

    __tablename__ = "visits"
    __table_args__ = (
        Index("ix_visits_petitioner_on", "petitioner_id", "occurred_on"),
        Index("ix_visits_matter_on", "matter_id", "occurred_on"),  # repeat visits per matter (statistics)
        # Covers a period's visits for statistics without a table look-up per visit.
        Index("ix_visits_occurred_on", "occurred_on", "matter_id", "headcount"),
        CheckConstraint("headcount >= 1", name="headcount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"))
    petitioner_id: Mapped[int] = mapped_column(ForeignKey("petitioners.id"))
    channel: Mapped[Channel] = mapped_column(enum_type(Channel))
    occurred_at: Mapped[datetime]
    occurred_on: Mapped[date] = mapped_column(Date)
    headcount: Mapped[int] = mapped_column(Integer, default=1)
    leader_session_id: Mapped[int | None] = mapped_column(ForeignKey("leader_sessions.id"), index=True)
    registered_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    note: Mapped[str] = mapped_column(Text, default="")


class Representative(Base):
    """A group visit's elected representative (Art. 20: at most 5, checked by the service)."""

    __tablename__ = "representatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    id_cipher: Mapped[bytes | None] = mapped_column(LargeBinary)
    id_index: Mapped[str | None] = mapped_column(String(64), index=True)
    phone_cipher: Mapped[bytes | None] = mapped_column(LargeBinary)


class Interview(Base):
    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    clerk_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    interviewer_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    notes: Mapped[str] = mapped_column(Text)
    scope_notice_confirmed: Mapped[bool] = mapped_column(Boolean)
    no_recording_reason: Mapped[str | None] = mapped_column(Text)
    held_at: Mapped[datetime]


class Recording(Base):
    """A sealed audio/video file of an interview; the file itself lives outside the database."""

    __tablename__ = "recordings"

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    interview_id: Mapped[int | None] = mapped_column(ForeignKey("interviews.id"))
    path: Mapped[str] = mapped_column(String(500))
    manifest_path: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    duration_seconds: Mapped[float] = mapped_column(default=0.0)
    recovered: Mapped[bool] = mapped_column(Boolean, default=False)
    sealed_at: Mapped[datetime]
    manifest: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Attachment(Base):
    """Evidence kept by content hash: the same file added twice is stored once."""

    __tablename__ = "attachments"
    __table_args__ = (UniqueConstraint("matter_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    # what the clerk says the file shows (e.g. "土地承包合同复印件"); the registration form lists this
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    size: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime]
    added_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
