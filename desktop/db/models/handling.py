"""After the intake: assignment slips, meetings, deadline changes, letters, evaluations, reviews, callbacks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.db.base import Base
from desktop.db.models._types import enum_type
from desktop.domain.enums import (
    Complexity,
    DayUnit,
    LetterStatus,
    MeetingStage,
    Outcome,
    PauseKind,
    ReviewKind,
    ReviewOutcome,
    Satisfaction,
    SignerRole,
)


class Assignment(Base):
    """《信访事项交办单》. Only one is current per matter; a reassignment supersedes the old one."""

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    complexity: Mapped[Complexity] = mapped_column(enum_type(Complexity))
    limit_amount: Mapped[int] = mapped_column(Integer)
    limit_unit: Mapped[DayUnit] = mapped_column(enum_type(DayUnit))
    first_handler_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    case_lead_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    approver_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    submitted_at: Mapped[datetime]
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    approved_at: Mapped[datetime | None]
    approved_on: Mapped[date | None] = mapped_column(Date)
    handling_due: Mapped[date | None] = mapped_column(Date)
    approval_note: Mapped[str] = mapped_column(Text, default="")
    approval_strokes: Mapped[list[Any]] = mapped_column(JSON, default=list)  # the approver's hand signature
    rejected: Mapped[bool] = mapped_column(Boolean, default=False)
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)


class Meeting(Base):
    """三见面: before, during and after handling."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    stage: Mapped[MeetingStage] = mapped_column(enum_type(MeetingStage))
    held_on: Mapped[date] = mapped_column(Date)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    place: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime]


class DeadlineChange(Base):
    """A pause of the clock (hearing, waiting for materials) or an approved extension."""

    __tablename__ = "deadline_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    kind: Mapped[PauseKind] = mapped_column(enum_type(PauseKind))
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)  # open pause while None
    amount: Mapped[int | None] = mapped_column(Integer)  # extensions only
    unit: Mapped[DayUnit | None] = mapped_column(enum_type(DayUnit))
    reason: Mapped[str] = mapped_column(Text)
    approver_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime]


class DecisionLetter(Base):
    """《信访处理意见书》. ``sections`` maps the section keys of ``desktop.domain.letter_rules``."""

    __tablename__ = "decision_letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    sections: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    outcome: Mapped[Outcome | None] = mapped_column(enum_type(Outcome))
    review_body: Mapped[str] = mapped_column(String(200), default="")
    content_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[LetterStatus] = mapped_column(enum_type(LetterStatus))
    document_number: Mapped[str | None] = mapped_column(String(64), unique=True)
    dept_head_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    case_lead_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    finalized_at: Mapped[datetime | None]
    delivered_on: Mapped[date | None] = mapped_column(Date)


class LetterSignature(Base):
    """A signature bound to what was signed: void as soon as the letter's content hash changes."""

    __tablename__ = "letter_signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("decision_letters.id", ondelete="CASCADE"), index=True)
    signer_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    signer_role: Mapped[SignerRole] = mapped_column(enum_type(SignerRole))
    signed_at: Mapped[datetime]
    content_sha256: Mapped[str] = mapped_column(String(64))
    strokes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    voided_at: Mapped[datetime | None]


class Evaluation(Base):
    __tablename__ = "evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    answer: Mapped[Satisfaction] = mapped_column(enum_type(Satisfaction))
    method: Mapped[str] = mapped_column(String(32), default="phone")
    recorded_on: Mapped[date] = mapped_column(Date, index=True)
    recorded_at: Mapped[datetime]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))


class Review(Base):
    """复查/复核, opened on request or after 不满意."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ReviewKind] = mapped_column(enum_type(ReviewKind))
    opened_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    inspector_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    outcome: Mapped[ReviewOutcome | None] = mapped_column(enum_type(ReviewOutcome))
    conclusion: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[date | None] = mapped_column(Date)


class Callback(Base):
    __tablename__ = "callbacks"

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    called_on: Mapped[date] = mapped_column(Date)
    reached: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[datetime]
