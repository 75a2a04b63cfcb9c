"""The named lists of the report and the dashboard: matters seriously overdue and repeat matters.

Names are masked unless the actor may export them unmasked; an accusation (检举控告, Art. 30) shows
neither name nor category to a role without ``VIEW_RESTRICTED`` — it still counts and still has a
row, so totals and lists agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import Department, Matter, Petitioner, Visit
from desktop.domain.enums import AlertLevel, Category
from desktop.domain.masking import mask_name
from desktop.domain.repeat_alert import alert_level
from desktop.domain.rules_config import Rules
from desktop.domain.workcalendar import WorkCalendar
from desktop.services.permissions import Actor, MatterAccess, may_see_matter
from desktop.statistics.asof import MatterState
from desktop.statistics.breakdowns import CATEGORY_ZH
from desktop.statistics.repeat_visits import RepeatCount

__all__ = ["LIST_LIMIT", "RESTRICTED_LABEL", "Disclosure", "OverdueRow", "RepeatRow", "overdue_list", "repeat_list"]

LIST_LIMIT = 200  # rows printed; the totals and the drill-down ids always cover every matter
RESTRICTED_LABEL = "（检举控告事项，限阅）"


@dataclass(frozen=True)
class Disclosure:
    """What the reader may see: full names, and which matters' details (the one visibility rule)."""

    full_names: bool
    viewer: Actor

    def name(self, name: str, matter: MatterAccess) -> str:
        if not may_see_matter(self.viewer, matter):
            return RESTRICTED_LABEL
        return name if self.full_names else mask_name(name)

    def category(self, category: Category | None, matter: MatterAccess) -> str:
        if not may_see_matter(self.viewer, matter):
            return "—"
        return CATEGORY_ZH[Category(category)] if category else "未分类"


@dataclass(frozen=True)
class OverdueRow:
    matter_id: int
    case_number: str
    petitioner: str
    category: str
    department: str
    registered_on: date
    handling_due: date
    working_days_overdue: int
    restricted: bool


@dataclass(frozen=True)
class RepeatRow:
    matter_ids: tuple[int, ...]  # the matter
    case_number: str
    petitioner: str
    category: str
    total_visits: int
    visits_in_period: int
    last_visit: date
    restricted: bool
    window_count: int = 0  # the person's highest 30-day count in the period
    period_level: AlertLevel = AlertLevel.GREEN  # its colour
    current_level: AlertLevel = AlertLevel.GREEN  # the matter's colour now
    highest_level: AlertLevel = AlertLevel.GREEN  # the highest colour the matter reached


def overdue_list(session: Session, overdue: list[MatterState], as_of: date, cal: WorkCalendar,
                 disclosure: Disclosure) -> tuple[list[OverdueRow], list[int]]:
    """(rows, most overdue first, at most LIST_LIMIT; the ids of every such matter)."""
    ordered = sorted(overdue, key=lambda m: (m.due, m.id))
    ids = [m.id for m in ordered]
    due = {m.id: m.due for m in ordered}
    shown = ids[:LIST_LIMIT]
    if not shown:
        return [], ids
    stmt = (select(Matter.id, Matter.case_number, Petitioner.name, Matter.category, Department.name,
                   Matter.registered_on, Matter.restricted, Matter.registered_by_id, Matter.first_handler_id)
            .join(Petitioner, Petitioner.id == Matter.petitioner_id)
            .outerjoin(Department, Department.id == Matter.department_id).where(Matter.id.in_(shown)))
    info = {r.id: r for r in session.connection().execute(stmt)}
    rows = []
    for mid in shown:
        row = info[mid]
        d = due[mid]
        assert d is not None
        rows.append(OverdueRow(mid, row.case_number, disclosure.name(row[2], row), disclosure.category(row.category, row),
                               row[4] or "未交办", row.registered_on, d, cal.working_days_between(d, as_of),
                               bool(row.restricted)))
    return rows, ids


def repeat_list(session: Session, repeats: RepeatCount, as_of: date, rules: Rules,
                disclosure: Disclosure) -> list[RepeatRow]:
    """The matters with repeat visits in the period, the person's highest colour first."""
    if not repeats.per_matter:
        return []
    ids = list(repeats.per_matter)
    # Ordered from the count itself, so only the rows shown are read (a year has tens of thousands).
    order = sorted(ids, key=lambda m: (-repeats.highest.get(repeats.owner[m], 0), -repeats.per_matter[m][0], m))
    shown = order[:LIST_LIMIT]
    stmt = (select(Matter.id, Matter.case_number, Petitioner.name, Matter.category, Matter.restricted,
                   Matter.petitioner_id, Matter.repeat_alert, Matter.repeat_alert_max, Matter.registered_by_id,
                   Matter.first_handler_id)
            .join(Petitioner, Petitioner.id == Matter.petitioner_id).where(Matter.id.in_(shown)))
    info = {r.id: r for r in session.connection().execute(stmt)}
    totals = dict(session.connection().execute(select(Visit.matter_id, func.count()).where(
        Visit.matter_id.in_(shown), Visit.occurred_on <= as_of).group_by(Visit.matter_id)).all())
    out = []
    for mid in shown:
        row = info[mid]
        pid = row.petitioner_id
        n, last = repeats.per_matter[mid]
        out.append(RepeatRow((mid,), row.case_number, disclosure.name(row[2], row),
                             disclosure.category(row.category, row), int(totals.get(mid, 0)), n, last,
                             bool(row.restricted), repeats.highest.get(pid, 0),
                             alert_level(repeats.highest.get(pid, 1), rules), AlertLevel(row.repeat_alert),
                             AlertLevel(row.repeat_alert_max)))
    return out
