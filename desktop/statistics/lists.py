"""The named lists of the report and the dashboard: matters seriously overdue and repeat matters.

Names are masked unless the actor may export them unmasked; an accusation (检举控告, Art. 30) shows
neither name nor category to a role without ``VIEW_RESTRICTED`` — it still counts and still has a
row, so totals and lists agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Department, Matter, Petitioner
from desktop.domain.enums import Category
from desktop.domain.masking import mask_name
from desktop.domain.rules_config import Rules
from desktop.domain.workcalendar import WorkCalendar
from desktop.services.permissions import Actor, MatterAccess, may_see_matter
from desktop.statistics.breakdowns import CATEGORY_ZH
from desktop.statistics.figures import overdue_conditions
from desktop.statistics.filters import StatFilter
from desktop.statistics.repeats import RepeatChain

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
    matter_ids: tuple[int, ...]  # the root matter and those linked to it
    case_number: str
    petitioner: str
    category: str
    total_visits: int
    visits_in_period: int
    last_visit: date
    restricted: bool


def overdue_list(session: Session, filt: StatFilter, as_of: date, today: date, rules: Rules, cal: WorkCalendar,
                 disclosure: Disclosure) -> tuple[list[OverdueRow], list[int]]:
    """(rows, most overdue first, at most LIST_LIMIT; the ids of every such matter)."""
    conds = [*overdue_conditions(as_of, today, rules, cal), *filt.conditions()]
    ids = list(session.scalars(select(Matter.id).where(*conds).order_by(Matter.handling_due, Matter.id)))
    stmt = (select(Matter.id, Matter.case_number, Petitioner.name, Matter.category, Department.name,
                   Matter.registered_on, Matter.handling_due, Matter.restricted, Matter.registered_by_id,
                   Matter.first_handler_id)
            .join(Petitioner, Petitioner.id == Matter.petitioner_id)
            .outerjoin(Department, Department.id == Matter.department_id)
            .where(Matter.id.in_(ids[:LIST_LIMIT])).order_by(Matter.handling_due, Matter.id))
    rows = [OverdueRow(row.id, row.case_number, disclosure.name(row[2], row), disclosure.category(row.category, row),
                       row[4] or "未交办", row.registered_on, row.handling_due,
                       cal.working_days_between(row.handling_due, as_of), bool(row.restricted))
            for row in session.execute(stmt)] if ids else []
    return rows, ids


def repeat_list(session: Session, chains: list[RepeatChain], disclosure: Disclosure) -> list[RepeatRow]:
    shown = chains[:LIST_LIMIT]
    if not shown:
        return []
    stmt = (select(Matter.id, Matter.case_number, Petitioner.name, Matter.category, Matter.restricted,
                   Matter.registered_by_id, Matter.first_handler_id)
            .join(Petitioner, Petitioner.id == Matter.petitioner_id)
            .where(Matter.id.in_([c.root_id for c in shown])))
    info = {r.id: r for r in session.execute(stmt)}
    out = []
    for c in shown:
        row = info[c.root_id]
        out.append(RepeatRow(c.member_ids, row.case_number, disclosure.name(row[2], row),
                             disclosure.category(row.category, row), c.total_visits, c.visits_in_period,
                             c.last_visit, bool(row.restricted)))
    return out
