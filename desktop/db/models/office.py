"""The office itself: settings, calendar overrides, routing, hand-overs, leaders' reception days, drafts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.db.base import Base
from desktop.db.models._types import enum_type
from desktop.domain.enums import AppealRoute, Category, RegulationType


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class CalendarOverride(Base):
    """An administrator's correction of the official calendar (or a new year the package lacks)."""

    __tablename__ = "calendar_overrides"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(200), default="")
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class RoutingRule(Base):
    """Taxonomy → default handling department. The most specific matching rule wins."""

    __tablename__ = "routing_rules"
    __table_args__ = (UniqueConstraint("category", "regulation_type", "appeal_route"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[Category | None] = mapped_column(enum_type(Category))
    regulation_type: Mapped[RegulationType | None] = mapped_column(enum_type(RegulationType))
    appeal_route: Mapped[AppealRoute | None] = mapped_column(enum_type(AppealRoute))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    note: Mapped[str] = mapped_column(Text, default="")


class Handover(Base):
    """A leaving clerk's matters (and their 首问兜底卡) passed to a successor."""

    __tablename__ = "handovers"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    to_staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    matter_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[datetime]
    done_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))


class LeaderSession(Base):
    """领导接访: a leader's scheduled reception day and what came of it."""

    __tablename__ = "leader_sessions"
    __table_args__ = (UniqueConstraint("leader_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    leader_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    day: Mapped[date] = mapped_column(Date, index=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    batches: Mapped[int] = mapped_column(Integer, default=0)
    people: Mapped[int] = mapped_column(Integer, default=0)
    solved_on_spot: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    held: Mapped[bool] = mapped_column(Boolean, default=False)


class IntakeDraft(Base):
    """The intake wizard's unsaved state, written as the clerk types, offered back after a crash."""

    __tablename__ = "intake_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime]
