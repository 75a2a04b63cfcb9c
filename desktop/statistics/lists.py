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
from desktop.statistics.breakdowns import CATEGORY_ZH
from desktop.statistics.figures import overdue_conditions
from desktop.statistics.filters import StatFilter
from desktop.statistics.repeats import RepeatChain

__all__ = ["LIST_LIMIT", "RESTRICTED_LABEL", "Disclosure", "OverdueRow", "RepeatRow", "overdue_list", "repeat_list"]

LIST_LIMIT = 200  # rows printed; the totals and the drill-down ids always cover every matter
RESTRICTED_LABEL = "（检举控告事项，限阅）"


@dataclass(frozen=True)
class Disclosure:
    """What the reader may see: full names, accusation details."""

    full_names: bool
    restricted_details: bool

    def name(self, name: str, restricted: bool) -> str:
        if restricted and not self.restricted_details:
            return RESTRICTED_LABEL
        return name if self.full_names else mask_name(name)

    def category(self, category: Category | None, restricted: bool) -> str:
        if restricted and not self.restricted_details:
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
                   Matter.registered_on, Matter.handling_due, Matter.restricted)
            .join(Petitioner, Petitioner.id == Matter.petitioner_id)
            .outerjoin(Department, Department.id == Matter.department_id)
            .where(Matter.id.in_(ids[:LIST_LIMIT])).order_by(Matter.handling_due, Matter.id))
    rows = [OverdueRow(mid, case, disclosure.name(name, bool(r)), disclosure.category(cat, bool(r)), dept or "未交办",
                       reg, due, cal.working_days_between(due, as_of), bool(r))
            for mid, case, name, cat, dept, reg, due, r in session.execute(stmt)] if ids else []
    return rows, ids


def repeat_list(session: Session, chains: list[RepeatChain], disclosure: Disclosure) -> list[RepeatRow]:
    shown = chains[:LIST_LIMIT]
    if not shown:
        return []
    stmt = (select(Matter.id, Matter.case_number, Petitioner.name, Matter.category, Matter.restricted)
            .join(Petitioner, Petitioner.id == Matter.petitioner_id)
            .where(Matter.id.in_([c.root_id for c in shown])))
    info = {r[0]: r[1:] for r in session.execute(stmt)}
    out = []
    for c in shown:
        case, name, cat, restricted = info[c.root_id]
        out.append(RepeatRow(c.member_ids, case, disclosure.name(name, bool(restricted)),
                             disclosure.category(cat, bool(restricted)), c.total_visits, c.visits_in_period,
                             c.last_visit, bool(restricted)))
    return out
