"""The leaders' reception sessions of a period, as the report lists them.

The same rows as :func:`desktop.services.leader_days.session_rows`, counted only for the period's
sessions: that function adds up the visits and matters linked to every session ever held, which
with a million visits costs more than the whole rest of the dashboard.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import LeaderSession, Matter, Staff, Visit
from desktop.services.leader_days import SessionRow

__all__ = ["period_sessions"]


def period_sessions(session: Session, start: date, end: date) -> list[SessionRow]:
    """Every scheduled session between the two days (held or not), with what is linked to it."""
    rows = session.execute(
        select(LeaderSession, Staff.display_name).join(Staff, Staff.id == LeaderSession.leader_id)
        .where(LeaderSession.day.between(start, end)).order_by(LeaderSession.day, LeaderSession.id)).all()
    ids = [s.id for s, _ in rows]
    visits: dict[int, tuple[int, int]] = {}
    matters: dict[int, int] = {}
    if ids:
        visits = {sid: (int(n), int(p or 0)) for sid, n, p in session.execute(
            select(Visit.leader_session_id, func.count(Visit.id), func.sum(Visit.headcount))
            .where(Visit.leader_session_id.in_(ids)).group_by(Visit.leader_session_id))}
        matters = {sid: int(n) for sid, n in session.execute(
            select(Matter.leader_session_id, func.count(Matter.id))
            .where(Matter.leader_session_id.in_(ids)).group_by(Matter.leader_session_id))}
    return [SessionRow(s.id, s.day, s.leader_id, name, s.place, s.held, s.batches, s.people, s.solved_on_spot,
                       *visits.get(s.id, (0, 0)), matters.get(s.id, 0), s.notes)
            for s, name in rows]
