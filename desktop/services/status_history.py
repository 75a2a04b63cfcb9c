"""Writes a matter's status history: every service that changes a matter's status (or its handling due
date) calls :func:`record_change` right after, in the same transaction, so the figures of any past day
can be read from what had happened by then (``desktop.statistics.asof``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from desktop.db.models import Matter, MatterStatusChange, ReportArchive
from desktop.services.context import AppContext

__all__ = ["month_key", "month_closed", "record_change"]


def month_key(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def month_closed(session: Session, day: date) -> bool:
    """Whether the month holding ``day`` has been closed (its report archived)."""
    return session.get(ReportArchive, month_key(day)) is not None


def record_change(ctx: AppContext, session: Session, matter: Matter, on: date | None = None) -> MatterStatusChange:
    """The matter's status and due date as they are now, dated ``on`` (the act's day; today by default).
    A change dated inside a month already closed is flagged as a correction for the next report."""
    if matter.id is None:
        session.flush()
    day = on or ctx.today()
    row = MatterStatusChange(matter_id=matter.id, status=matter.status, changed_on=day, recorded_at=ctx.now(),
                             handling_due=matter.handling_due, backdated=month_closed(session, day))
    session.add(row)
    return row
