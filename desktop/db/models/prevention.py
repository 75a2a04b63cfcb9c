"""Prevention: screening reports and items (矛盾纠纷排查), key persons (重点人员/上访老户) with their
contact log and sensitive periods, escalated visits (越级访), and the village/grid each grid worker or
village secretary answers for. Personal texts (parties, key persons named, reasons, measures, contact
notes) are stored encrypted like petitioners' ID numbers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
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
from sqlalchemy.orm import Mapped, mapped_column

from desktop.db.base import Base
from desktop.db.models._types import enum_type
from desktop.domain.enums import Risk
from desktop.prevention.enums import (
    ContactKind,
    EscalationLevel,
    EscalationSource,
    KeyPersonKind,
    KeyPersonStatus,
    ReporterKind,
    ScreeningStatus,
)


class StaffArea(Base):
    """The village (and, for a grid worker, the grid) a staff member reports for and may see."""

    __tablename__ = "staff_areas"
    __table_args__ = (UniqueConstraint("staff_id", "village_id", "grid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"))
    grid: Mapped[str] = mapped_column(String(64), default="")  # "" = the whole village


class ScreeningPoint(Base):
    """A reporting point: a grid, a village or a township unit, expected to report at its rhythm."""

    __tablename__ = "screening_points"
    __table_args__ = (UniqueConstraint("kind", "village_id", "grid", "unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ReporterKind] = mapped_column(enum_type(ReporterKind))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"), index=True)
    grid: Mapped[str] = mapped_column(String(64), default="")
    unit: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ScreeningReport(Base):
    """One submission of a reporting point: its items, or a 零报告 (zero: nothing to report)."""

    __tablename__ = "screening_reports"
    __table_args__ = (Index("ix_screening_reports_point_on", "point_id", "reported_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("screening_points.id"))
    reported_on: Mapped[date] = mapped_column(Date)
    reporter: Mapped[str] = mapped_column(String(64), default="")
    zero: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))


class ScreeningItem(Base):
    """An entry of the 矛盾纠纷排查台账 with the seeds' elements and its 红/黄/绿 follow-up."""

    __tablename__ = "screening_items"
    __table_args__ = (
        Index("ix_screening_items_reported_on", "reported_on"),
        Index("ix_screening_items_village_on", "village_id", "reported_on"),
        CheckConstraint("people >= 0", name="people_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("screening_reports.id"), index=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("screening_points.id"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))
    reporter_kind: Mapped[ReporterKind] = mapped_column(enum_type(ReporterKind))
    reported_at: Mapped[datetime]
    reported_on: Mapped[date] = mapped_column(Date)
    cause: Mapped[str] = mapped_column(Text)  # 起因
    occurred_on: Mapped[date | None] = mapped_column(Date)  # 时间
    place: Mapped[str] = mapped_column(String(200), default="")  # 地点
    parties_cipher: Mapped[bytes | None] = mapped_column(LargeBinary)  # 当事人 (encrypted)
    people: Mapped[int] = mapped_column(Integer, default=0)  # 涉及人数
    key_persons_cipher: Mapped[bytes | None] = mapped_column(LargeBinary)  # 重点人员 (encrypted)
    development: Mapped[str] = mapped_column(Text, default="")  # 事态发展
    handling: Mapped[str] = mapped_column(Text, default="")  # 调处情况
    level: Mapped[Risk] = mapped_column(enum_type(Risk))
    status: Mapped[ScreeningStatus] = mapped_column(enum_type(ScreeningStatus))
    follow_up_due: Mapped[datetime | None]  # None for 绿: answered, no clock
    followed_up_at: Mapped[datetime | None]
    follow_up_note: Mapped[str] = mapped_column(Text, default="")
    resolved_on: Mapped[date | None] = mapped_column(Date)
    resolution: Mapped[str] = mapped_column(Text, default="")
    converted_on: Mapped[date | None] = mapped_column(Date)
    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matters.id"), index=True)
    created_at: Mapped[datetime]
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))


class KeyPerson(Base):
    """重点人员 / 上访老户, linked to the petitioner found by the ID number's blind index."""

    __tablename__ = "key_persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    petitioner_id: Mapped[int] = mapped_column(ForeignKey("petitioners.id"), unique=True)
    kind: Mapped[KeyPersonKind] = mapped_column(enum_type(KeyPersonKind))
    reason_cipher: Mapped[bytes] = mapped_column(LargeBinary)
    since: Mapped[date] = mapped_column(Date)
    cadre_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # 一对一 responsible cadre
    cadre_name: Mapped[str] = mapped_column(String(64), default="")  # a village cadre without an account
    case_lead_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # 包案领导
    measures_cipher: Mapped[bytes | None] = mapped_column(LargeBinary)  # 稳控措施
    status: Mapped[KeyPersonStatus] = mapped_column(enum_type(KeyPersonStatus))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"), index=True)
    removed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime]
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))


class KeyPersonContact(Base):
    """The contact log: visits, calls, help given."""

    __tablename__ = "key_person_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_person_id: Mapped[int] = mapped_column(ForeignKey("key_persons.id", ondelete="CASCADE"), index=True)
    on: Mapped[date] = mapped_column(Date)
    kind: Mapped[ContactKind] = mapped_column(enum_type(ContactKind))
    note_cipher: Mapped[bytes | None] = mapped_column(LargeBinary)
    by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime]


class SensitivePeriod(Base):
    """春节、两会、换届…: key persons are contacted every ``contact_every_days`` inside it."""

    __tablename__ = "sensitive_periods"
    __table_args__ = (CheckConstraint("contact_every_days >= 1", name="rhythm_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    contact_every_days: Mapped[int] = mapped_column(Integer, default=1)


class EscalatedVisit(Base):
    """越级访: a visit above the township, as the superior reported it back (通报/交办)."""

    __tablename__ = "escalated_visits"
    __table_args__ = (
        Index("ix_escalated_visits_occurred_on", "occurred_on"),
        CheckConstraint("headcount >= 1", name="headcount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    level: Mapped[EscalationLevel] = mapped_column(enum_type(EscalationLevel))
    abnormal: Mapped[bool] = mapped_column(Boolean, default=False)  # 非正常访
    group: Mapped[bool] = mapped_column(Boolean, default=False)  # 集体访
    headcount: Mapped[int] = mapped_column(Integer, default=1)
    petitioner_id: Mapped[int | None] = mapped_column(ForeignKey("petitioners.id"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"), index=True)
    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matters.id"))
    source: Mapped[EscalationSource] = mapped_column(enum_type(EscalationSource))
    reported_by: Mapped[str] = mapped_column(String(100), default="")  # e.g. 县信访局
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
