"""What the screens, the CLI and the documents get: frozen view objects, never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop.keycases.enums import (
    CallbackResult,
    CardColor,
    CardSource,
    KeyCaseKind,
    KeyCaseReason,
    MediationOutcome,
    MemberLevel,
    PanelRoute,
)


@dataclass(frozen=True)
class CaseRow:
    id: int
    case_number: str
    kind: KeyCaseKind
    reason: KeyCaseReason
    leader: str
    department: str
    summary: str  # empty for an accusation the viewer may not read
    since_on: date
    limit_on: date | None
    plan_due_at: datetime
    has_plan: bool
    members: int
    last_progress_on: date | None
    resolved_on: date | None


@dataclass(frozen=True)
class MemberView:
    name: str
    level: MemberLevel


@dataclass(frozen=True)
class StepView:
    id: int
    seq: int
    action: str
    owner: str
    due_on: date
    done_on: date | None


@dataclass(frozen=True)
class ProgressView:
    week_of: date
    note: str
    recorded_by: str


@dataclass(frozen=True)
class PlanView:
    case: CaseRow
    members: tuple[MemberView, ...]
    summary: str  # empty while there is no plan
    made_at: datetime | None
    on_time: bool | None
    steps: tuple[StepView, ...]
    progress: tuple[ProgressView, ...]


@dataclass(frozen=True)
class ToughRow:
    """One line of the 季度攻坚清单."""

    case_number: str
    reasons: tuple[KeyCaseReason, ...]
    background: str
    core_demand: str
    department: str
    leader: str
    limit_on: date | None
    registered_on: date
    flagged: bool  # already a key case (包案) or only found by the rules


@dataclass(frozen=True)
class ToughList:
    quarter: str
    as_of: date
    rows: tuple[ToughRow, ...]


@dataclass(frozen=True)
class BulletinCase:
    case_number: str
    leader: str
    reason: KeyCaseReason
    progress_notes: tuple[str, ...]  # this month's weekly reports
    steps_done: int
    steps_total: int
    steps_overdue: int
    resolved_on: date | None


@dataclass(frozen=True)
class Bulletin:
    """The monthly 通报 of key cases."""

    month: str
    as_of: date
    open_cases: int
    resolved_in_month: int
    backlog_resolved: int  # 积案化解率 year to date: numerator
    backlog_base: int  # … and denominator
    mediations: int
    mediations_agreed: int
    cards_yellow: int
    cards_red: int
    cases: tuple[BulletinCase, ...]


@dataclass(frozen=True)
class MediationRow:
    id: int
    case_number: str  # "" for a screening item only
    screening_item_id: int | None
    held_on: date
    venue: str
    mediators: tuple[str, ...]
    party_a: str
    party_b: str
    dispute: str
    terms: str
    outcome: MediationOutcome
    document_number: str | None
    signed_by: tuple[str, ...]  # signer codes present and valid
    content_sha256: str


@dataclass(frozen=True)
class PanelRow:
    id: int
    case_number: str
    held_on: date
    claim: str
    members: int
    average: str  # two decimals, e.g. "7.33"
    route: PanelRoute
    recording_id: int | None


@dataclass(frozen=True)
class CardRow:
    id: int
    person: str
    staff_id: int
    year: int
    color: CardColor | None  # None once revoked
    source: CardSource
    what: str  # case number or plan step
    missed_due: date
    issued_on: date
    appeal_reason: str | None
    decision: str | None


@dataclass(frozen=True)
class DrawItemView:
    id: int
    case_number: str
    petitioner: str
    result: CallbackResult | None
    resolved: bool | None
    conduct_ok: bool | None
    notes: str


@dataclass(frozen=True)
class DrawView:
    id: int
    month: str
    seed: str
    percent: int
    population: int
    items: tuple[DrawItemView, ...]


@dataclass(frozen=True)
class DrawReport:
    month: str
    drawn: int
    called: int
    reached: int
    satisfied: int  # 满意 + 基本满意
    dissatisfied: int
    unresolved: int
    conduct_problems: int


@dataclass(frozen=True)
class ReceiptRow:
    id: int
    channel: str  # ReceiptChannel value
    reference: str
    received_at: datetime
    due_at: datetime
    registered_at: datetime | None
    incomplete: bool
    contact_due_at: datetime | None
    contacted_at: datetime | None
    late: bool  # registered after its limit, or still not registered past it
