"""Key cases (包案) with their task force, plan and weekly progress; mediation and the review panel;
yellow and red cards; the monthly random callback draw; the channel receipts (letters, online, hotline)."""

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
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.db.base import Base
from desktop.db.models._types import enum_type
from desktop.keycases.enums import (
    AppealDecision,
    CallbackResult,
    CardColor,
    CardSource,
    KeyCaseKind,
    KeyCaseReason,
    MediationOutcome,
    MediationSigner,
    MemberLevel,
    PanelRoute,
    ReceiptChannel,
)


class KeyCase(Base):
    """A matter flagged 重点 or 积案, owned the "四个一" way until 息诉罢访 (``resolved_on``)."""

    __tablename__ = "key_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[KeyCaseKind] = mapped_column(enum_type(KeyCaseKind))
    reason: Mapped[KeyCaseReason] = mapped_column(enum_type(KeyCaseReason))
    reason_note: Mapped[str] = mapped_column(Text, default="")
    leader_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    background: Mapped[str] = mapped_column(Text, default="")  # 案件背景
    core_demand: Mapped[str] = mapped_column(Text, default="")  # 核心诉求
    since_on: Mapped[date] = mapped_column(Date)  # backlog (or key) since; a historical case's is early
    limit_on: Mapped[date | None] = mapped_column(Date)  # 化解时限
    plan_due_at: Mapped[datetime]
    flagged_at: Mapped[datetime]
    flagged_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    resolved_on: Mapped[date | None] = mapped_column(Date, index=True)
    resolution_note: Mapped[str] = mapped_column(Text, default="")


class KeyCaseMember(Base):
    """One member of the task force (专班): 3 township cadres + 2 village cadres by default."""

    __tablename__ = "key_case_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_case_id: Mapped[int] = mapped_column(ForeignKey("key_cases.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    level: Mapped[MemberLevel] = mapped_column(enum_type(MemberLevel))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class KeyCasePlan(Base):
    """一事一策: one plan per key case; its steps carry owners and dates."""

    __tablename__ = "key_case_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_case_id: Mapped[int] = mapped_column(ForeignKey("key_cases.id", ondelete="CASCADE"), unique=True)
    summary: Mapped[str] = mapped_column(Text)
    made_at: Mapped[datetime]
    made_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    on_time: Mapped[bool] = mapped_column(Boolean)


class KeyCaseStep(Base):
    __tablename__ = "key_case_steps"
    __table_args__ = (UniqueConstraint("plan_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("key_case_plans.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    done_on: Mapped[date | None] = mapped_column(Date)


class KeyCaseProgress(Base):
    """The task force's weekly report to the party committee (周调度)."""

    __tablename__ = "key_case_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_case_id: Mapped[int] = mapped_column(ForeignKey("key_cases.id", ondelete="CASCADE"), index=True)
    week_of: Mapped[date] = mapped_column(Date)  # the Monday of the week reported
    note: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))


class Mediation(Base):
    """A mediation session (调解) about a matter or a screening item (no foreign key: another module's)."""

    __tablename__ = "mediations"
    __table_args__ = (
        CheckConstraint("matter_id IS NOT NULL OR screening_item_id IS NOT NULL", name="has_subject"),
        Index("ix_mediations_held_on", "held_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    screening_item_id: Mapped[int | None] = mapped_column(Integer, index=True)
    held_on: Mapped[date] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(String(200))
    mediators: Mapped[list[str]] = mapped_column(JSON, default=list)
    party_a: Mapped[str] = mapped_column(String(200))
    party_b: Mapped[str] = mapped_column(String(200))
    dispute: Mapped[str] = mapped_column(Text)  # 纠纷事实
    terms: Mapped[str] = mapped_column(Text, default="")  # 协议内容
    outcome: Mapped[MediationOutcome] = mapped_column(enum_type(MediationOutcome))
    document_number: Mapped[str | None] = mapped_column(String(64), unique=True)
    recorded_at: Mapped[datetime]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))


class MediationSignature(Base):
    """A hand signature on the agreement, bound to its content hash (void if the content changes)."""

    __tablename__ = "mediation_signatures"
    __table_args__ = (UniqueConstraint("mediation_id", "signer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mediation_id: Mapped[int] = mapped_column(ForeignKey("mediations.id", ondelete="CASCADE"), index=True)
    signer: Mapped[MediationSigner] = mapped_column(enum_type(MediationSigner))
    name: Mapped[str] = mapped_column(String(64))
    strokes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    content_sha256: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime]


class PanelSession(Base):
    """A 评议团 session on a contested claim; the recording is a sealed interview recording."""

    __tablename__ = "panel_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    venue: Mapped[str] = mapped_column(String(200), default="")
    claim: Mapped[str] = mapped_column(Text)
    quorum: Mapped[int] = mapped_column(Integer)  # the setting when held
    average_x100: Mapped[int] = mapped_column(Integer)  # the average rounded half up to 0.01, ×100
    route: Mapped[PanelRoute] = mapped_column(enum_type(PanelRoute))
    recording_id: Mapped[int | None] = mapped_column(ForeignKey("recordings.id"))
    recorded_at: Mapped[datetime]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))


class PanelScore(Base):
    __tablename__ = "panel_scores"
    __table_args__ = (
        CheckConstraint("reasonable BETWEEN 0 AND 10", name="reasonable_range"),
        CheckConstraint("hardship BETWEEN 0 AND 10", name="hardship_range"),
        CheckConstraint("policy BETWEEN 0 AND 10", name="policy_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("panel_sessions.id", ondelete="CASCADE"), index=True)
    member: Mapped[str] = mapped_column(String(64))
    reasonable: Mapped[int] = mapped_column(Integer)  # 诉求是否合理
    hardship: Mapped[int] = mapped_column(Integer)  # 群众是否困难
    policy: Mapped[int] = mapped_column(Integer)  # 政策是否兜底


class Card(Base):
    """黄牌/红牌 for a missed deadline; ``subject`` names the deadline so it is carded once."""

    __tablename__ = "cards"
    __table_args__ = (UniqueConstraint("staff_id", "subject"), Index("ix_cards_staff_year", "staff_id", "year"))

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    year: Mapped[int] = mapped_column(Integer, index=True)
    color: Mapped[CardColor] = mapped_column(enum_type(CardColor))
    source: Mapped[CardSource] = mapped_column(enum_type(CardSource))
    subject: Mapped[str] = mapped_column(String(64))  # "step:12" or "matter:34:2026-11-03"
    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matters.id", ondelete="SET NULL"), index=True)
    step_id: Mapped[int | None] = mapped_column(ForeignKey("key_case_steps.id", ondelete="SET NULL"))
    missed_due: Mapped[date] = mapped_column(Date)
    issued_on: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime]
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    appeal_reason: Mapped[str | None] = mapped_column(Text)
    appealed_at: Mapped[datetime | None]
    decision: Mapped[AppealDecision | None] = mapped_column(enum_type(AppealDecision))
    decision_note: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class CallbackDraw(Base):
    """One month's random sample; ``population`` and ``seed`` let anyone re-check it."""

    __tablename__ = "callback_draws"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), unique=True)  # the month the calls are made, "2026-11"
    quarter: Mapped[str] = mapped_column(String(7), index=True)
    seed: Mapped[str] = mapped_column(String(64))
    percent: Mapped[int] = mapped_column(Integer)
    population: Mapped[list[str]] = mapped_column(JSON, default=list)  # tracking numbers (case numbers)
    drawn_at: Mapped[datetime]
    drawn_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))


class CallbackDrawItem(Base):
    __tablename__ = "callback_draw_items"
    __table_args__ = (UniqueConstraint("draw_id", "matter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("callback_draws.id", ondelete="CASCADE"), index=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    result: Mapped[CallbackResult | None] = mapped_column(enum_type(CallbackResult))
    resolved: Mapped[bool | None] = mapped_column(Boolean)  # 问题是否解决
    conduct_ok: Mapped[bool | None] = mapped_column(Boolean)  # 干部有无吃拿卡要、推诿
    notes: Mapped[str] = mapped_column(Text, default="")
    called_on: Mapped[date | None] = mapped_column(Date)
    called_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class ChannelReceipt(Base):
    """A letter, online petition or hotline ticket as it arrives, before and after it is registered."""

    __tablename__ = "channel_receipts"
    __table_args__ = (Index("ix_channel_receipts_received", "channel", "received_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[ReceiptChannel] = mapped_column(enum_type(ReceiptChannel))
    reference: Mapped[str] = mapped_column(String(100), default="")  # envelope / ticket number
    received_at: Mapped[datetime]
    due_at: Mapped[datetime]
    registered_at: Mapped[datetime | None]
    incomplete: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_due_at: Mapped[datetime | None]
    contacted_at: Mapped[datetime | None]
    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matters.id", ondelete="SET NULL"), index=True)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
