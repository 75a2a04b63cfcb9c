"""What screens, the CLI and printing get from prevention: plain frozen values, never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

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


@dataclass(frozen=True)
class ScreeningItemView:
    id: int
    reported_on: date
    kind: ReporterKind
    village: str
    grid: str
    unit: str
    reporter: str
    cause: str
    occurred_on: date | None
    place: str
    people: int
    development: str
    handling: str
    level: Risk
    status: ScreeningStatus
    follow_up_due: datetime | None
    followed_up_at: datetime | None
    overdue: bool  # the follow-up limit has passed without a follow-up
    case_number: str  # the registered matter it became, or ""


@dataclass(frozen=True)
class ScreeningDetail:
    item: ScreeningItemView
    parties: str  # decrypted for this viewer (audited)
    key_persons: str
    follow_up_note: str
    resolution: str
    resolved_on: date | None


@dataclass(frozen=True)
class ReportingState:
    """One reporting point in the current period of its rhythm."""

    point_id: int
    kind: ReporterKind
    village: str
    grid: str
    unit: str
    period_start: date
    period_due: date
    reported: bool  # a report (零报告 included) inside the period
    zero: bool  # the period's only reports were 零报告
    last_reported_on: date | None
    previous_missed: bool  # nothing at all in the period before


@dataclass(frozen=True)
class KeyPersonView:
    id: int
    name: str
    id_masked: str
    kind: KeyPersonKind
    reason: str
    since: date
    cadre: str
    case_lead: str
    measures: str
    status: KeyPersonStatus
    village: str
    last_contact: date | None
    next_contact_due: date
    contact_overdue: bool
    in_sensitive_period: str  # its name, or ""


@dataclass(frozen=True)
class ContactView:
    on: date
    kind: ContactKind
    note: str
    by: str


@dataclass(frozen=True)
class KeyPersonNotice:
    """Shown in the registration's history panel when a key person registers. Reason and status only
    for users the settings let see key persons; the responsible cadre for everyone, to tell them."""

    kind: KeyPersonKind
    cadre: str
    status: KeyPersonStatus | None
    reason: str


@dataclass(frozen=True)
class EscalationView:
    id: int
    occurred_on: date
    level: EscalationLevel
    abnormal: bool
    group: bool
    headcount: int
    person: str
    village: str
    case_number: str
    source: EscalationSource
    reported_by: str
    summary: str
    recorded_on: date


@dataclass(frozen=True)
class VillageBoardRow:
    village_id: int
    village: str
    abnormal_above: int  # 到市赴省进京非正常访
    group_escalations: int  # 越级集体访
    backlog: int  # 信访积案 (open backlog matters)
    red: int
    yellow: int
    green: int
    key_stable: int
    key_watch: int
    key_lost: int
    three_no: bool


@dataclass(frozen=True)
class VillageBoard:
    """The 三无 board of one year, as of ``as_of`` (the year's end, or today while it runs)."""

    year: int
    as_of: date
    township: str
    rows: tuple[VillageBoardRow, ...]
    goal_percent: int

    @property
    def three_no_count(self) -> int:
        return sum(r.three_no for r in self.rows)

    @property
    def share_percent(self) -> float | None:
        return None if not self.rows else 100.0 * self.three_no_count / len(self.rows)

    @property
    def goal_met(self) -> bool:
        share = self.share_percent
        return share is not None and share >= self.goal_percent
