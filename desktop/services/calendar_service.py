"""Administrator overrides of the official working-day calendar."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import CalendarOverride
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, Permission


def set_day(ctx: AppContext, session: Session, actor: Actor, day: date, is_workday: bool, note: str = "") -> None:
    actor.require(Permission.MANAGE_SETTINGS)
    row = session.get(CalendarOverride, day)
    old = None if row is None else row.is_workday
    if row is None:
        session.add(CalendarOverride(day=day, is_workday=is_workday, note=note, set_by_id=actor.id))
    else:
        row.is_workday, row.note, row.set_by_id = is_workday, note, actor.id
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="calendar.set", target_type="day",
                 target_id=day.isoformat(), details={"old": old, "workday": is_workday, "note": note})


def clear_day(ctx: AppContext, session: Session, actor: Actor, day: date) -> None:
    actor.require(Permission.MANAGE_SETTINGS)
    row = session.get(CalendarOverride, day)
    if row is not None:
        session.delete(row)
        audit.record(session, at=ctx.now(), actor_id=actor.id, action="calendar.clear", target_type="day",
                     target_id=day.isoformat(), details={"old": row.is_workday})


def overrides_in_year(session: Session, year: int) -> list[CalendarOverride]:
    stmt = select(CalendarOverride).where(
        CalendarOverride.day >= date(year, 1, 1), CalendarOverride.day <= date(year, 12, 31)
    ).order_by(CalendarOverride.day)
    return list(session.scalars(stmt))
