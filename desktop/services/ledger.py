"""The 电子跟踪台账 as queries: filters, search, sorting and paging done in SQL, so a page of 100 out of
100,000 matters costs milliseconds; also the basis of exports and the reminders panel."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from desktop.db.models import Department, Matter, Petitioner
from desktop.domain.enums import AlertLevel, Category, Channel, MatterStatus, Risk
from desktop.domain.idnumber import is_valid_resident_id
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, visible_matters

DONE = (MatterStatus.CLOSED, MatterStatus.TERMINATED)


class SortKey(StrEnum):
    CASE_NUMBER = "case_number"
    REGISTERED = "registered"
    PETITIONER = "petitioner"
    CATEGORY = "category"
    DEPARTMENT = "department"
    STATUS = "status"
    DUE = "due"
    ALERT = "alert"


@dataclass
class LedgerFilter:
    statuses: set[MatterStatus] = field(default_factory=set)
    categories: set[Category] = field(default_factory=set)
    department_ids: set[int] = field(default_factory=set)
    alert_levels: set[AlertLevel] = field(default_factory=set)
    overdue: bool = False
    due_this_week: bool = False
    open_only: bool = False
    registered_from: date | None = None
    registered_to: date | None = None
    village_ids: set[int] = field(default_factory=set)
    channels: set[Channel] = field(default_factory=set)
    matter_ids: list[int] | None = None  # drill-down from a statistic
    text: str = ""
    sort: SortKey = SortKey.REGISTERED
    descending: bool = True


@dataclass(frozen=True)
class LedgerRow:
    id: int
    case_number: str
    registered_on: date
    petitioner_name: str
    id_masked: str
    category: Category | None
    department: str
    status: MatterStatus
    handling_due: date | None
    repeat_alert: AlertLevel
    risk: Risk | None
    visits_30d: int
    restricted: bool
    summary: str
    repeat_alert_max: AlertLevel = AlertLevel.GREEN  # the highest colour the matter reached


_SORT_COLUMNS = {
    SortKey.CASE_NUMBER: (Matter.year, Matter.seq),
    SortKey.REGISTERED: (Matter.registered_on, Matter.id),
    SortKey.PETITIONER: (Petitioner.name, Matter.id),
    SortKey.CATEGORY: (Matter.category, Matter.id),
    SortKey.DEPARTMENT: (Department.name, Matter.id),
    SortKey.STATUS: (Matter.status, Matter.id),
    SortKey.DUE: (Matter.handling_due, Matter.id),
    SortKey.ALERT: (Matter.visits_30d, Matter.id),
}


PARTIAL_ID = re.compile(r"\d{3,16}[\dXx]")  # the last 4 to 17 characters of an ID number


def _where(ctx: AppContext, actor: Actor, f: LedgerFilter, today: date,  # type: ignore[type-arg]
           session: Session | None = None) -> list:
    conds = []
    vis = visible_matters(actor)
    if vis is not None:
        conds.append(vis)
    if f.statuses:
        conds.append(Matter.status.in_(sorted(f.statuses)))
    if f.categories:
        conds.append(Matter.category.in_(sorted(f.categories)))
    if f.department_ids:
        conds.append(Matter.department_id.in_(sorted(f.department_ids)))
    if f.alert_levels:
        conds.append(Matter.repeat_alert.in_(sorted(f.alert_levels)))
    if f.village_ids:
        conds.append(Matter.village_id.in_(sorted(f.village_ids)))
    if f.channels:
        conds.append(Matter.channel.in_(sorted(f.channels)))
    if f.open_only:
        conds.append(Matter.status.not_in(DONE))
    if f.overdue:
        conds.append(and_(Matter.status.not_in(DONE + (MatterStatus.PAUSED,)), Matter.handling_due < today))
    if f.due_this_week:
        monday = today - timedelta(days=today.weekday())
        conds.append(and_(Matter.status.not_in(DONE), Matter.handling_due >= monday,
                          Matter.handling_due <= monday + timedelta(days=6)))
    if f.registered_from:
        conds.append(Matter.registered_on >= f.registered_from)
    if f.registered_to:
        conds.append(Matter.registered_on <= f.registered_to)
    if f.matter_ids is not None:
        conds.append(Matter.id.in_(f.matter_ids))
    text = f.text.strip()
    if text:
        if is_valid_resident_id(text):
            from desktop.services.petitioners import id_index

            conds.append(Petitioner.id_index == id_index(ctx, text))
        elif PARTIAL_ID.fullmatch(text) and session is not None:
            # The tail of an ID number through its blind index (or the words of the matter, e.g. a plot
            # number): the few people whose number ends so are found without decrypting every row.
            from desktop.services.petitioners import ids_ending_with

            conds.append(or_(Matter.petitioner_id.in_(ids_ending_with(ctx, session, text)),
                             Matter.search_text.contains(text, autoescape=True)))
        else:
            conds.append(Matter.search_text.contains(text, autoescape=True))
    return conds


def _base(columns: list) -> Select:  # type: ignore[type-arg]
    return (select(*columns).select_from(Matter).join(Petitioner, Petitioner.id == Matter.petitioner_id)
            .outerjoin(Department, Department.id == Matter.department_id))


def count(ctx: AppContext, session: Session, actor: Actor, f: LedgerFilter, today: date) -> int:
    stmt = _base([func.count(Matter.id)]).where(*_where(ctx, actor, f, today, session))
    return session.scalar(stmt) or 0


def page(ctx: AppContext, session: Session, actor: Actor, f: LedgerFilter, today: date, offset: int = 0,
         limit: int = 100) -> list[LedgerRow]:
    cols = [Matter.id, Matter.case_number, Matter.registered_on, Petitioner.name, Petitioner.id_masked,
            Matter.category, Department.name, Matter.status, Matter.handling_due, Matter.repeat_alert, Matter.risk,
            Matter.visits_30d, Matter.restricted, Matter.summary, Matter.repeat_alert_max]
    order = _SORT_COLUMNS[f.sort]
    stmt = _base(cols).where(*_where(ctx, actor, f, today, session))
    stmt = stmt.order_by(*[(c.desc() if f.descending else c.asc()) for c in order]).offset(offset).limit(limit)
    return [LedgerRow(r[0], r[1], r[2], r[3], r[4] or "", r[5], r[6] or "", r[7], r[8], r[9], r[10], r[11], r[12],
                      r[13], r[14]) for r in session.execute(stmt)]


def ids(ctx: AppContext, session: Session, actor: Actor, f: LedgerFilter, today: date) -> list[int]:
    order = _SORT_COLUMNS[f.sort]
    stmt = _base([Matter.id]).where(*_where(ctx, actor, f, today, session))
    stmt = stmt.order_by(*[(c.desc() if f.descending else c.asc()) for c in order])
    return list(session.scalars(stmt))
