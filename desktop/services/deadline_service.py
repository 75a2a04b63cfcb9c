"""Keeps a matter's stored due dates in step with its assignment, pauses and extensions.

Due dates are stored (not only computed) so the ledger can filter and sort 100,000 matters by them in SQL;
every change that can move them calls :func:`refresh_handling_due`."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import DeadlineChange, Matter
from desktop.domain.deadlines import Extension, Pause, handling_due
from desktop.domain.enums import PauseKind
from desktop.domain.rules_config import Period
from desktop.services.context import AppContext


def changes_of(session: Session, matter_id: int) -> list[DeadlineChange]:
    stmt = select(DeadlineChange).where(DeadlineChange.matter_id == matter_id).order_by(DeadlineChange.id)
    return list(session.scalars(stmt))


def refresh_handling_due(ctx: AppContext, session: Session, matter: Matter) -> None:
    """Handling limit counted from the assignment date, or from registration while none (as exported)."""
    if matter.complexity is None:
        matter.handling_due = None
        return
    rules, cal = ctx.rules(session), ctx.calendar(session)
    changes = changes_of(session, matter.id)
    pauses = [Pause(c.start_on, c.end_on) for c in changes if c.kind == PauseKind.PAUSE]
    extensions = [Extension(Period(c.amount or 0, c.unit)) for c in changes
                  if c.kind == PauseKind.EXTENSION and c.unit is not None]
    start = matter.assigned_on or matter.registered_on
    info = handling_due(start, rules.handling_limit(matter.complexity), cal, pauses, extensions, today=ctx.today())
    matter.handling_due = info.due
