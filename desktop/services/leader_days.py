"""领导接访: which leader receives petitioners on which day, and what came of each session.

The intake links a visit to the day's session by calling :func:`attach_visit` right after it
stores the visit (``intake.register`` / ``intake.add_visit``), in the same transaction::

    visit = intake.add_visit(ctx, session, actor, case, Channel.VISIT)
    leader_days.attach_visit(ctx, session, visit)            # or leader_id=… when several leaders sit

Only visits in person (来访) are linked: letters, calls and online submissions that arrive that day
are not received by the leader. When more than one leader sits that day and no ``leader_id`` is
given, nothing is linked (the intake should ask; :func:`sessions_on` lists the choices).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import LeaderSession, Matter, Staff, Visit
from desktop.domain.enums import Channel, Role
from desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from desktop.services import audit, registration_rules
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, Permission

__all__ = ["LEADER_ROLES", "SessionRow", "attach_visit", "cancel", "list_sessions", "record", "schedule",
           "session_rows", "sessions_on"]

LEADER_ROLES = frozenset({Role.APPROVER, Role.CASE_LEAD})  # 分管领导, 包案领导: the township's leaders


@dataclass(frozen=True)
class SessionRow:
    id: int
    day: date
    leader_id: int
    leader_name: str
    place: str
    held: bool
    batches: int
    people: int
    solved_on_spot: int
    visits_linked: int
    people_linked: int
    matters_registered: int
    notes: str


def _require_planner(actor: Actor) -> None:
    if not (actor.can(Permission.APPROVE_ASSIGNMENT) or actor.can(Permission.MANAGE_SETTINGS)):
        raise PermissionDenied("permission_denied", permission="schedule_leader_day", user=actor.username)


def _require_recorder(actor: Actor) -> None:
    if not (actor.can(Permission.REGISTER) or actor.can(Permission.APPROVE_ASSIGNMENT)):
        raise PermissionDenied("permission_denied", permission="record_leader_day", user=actor.username)


def _log(ctx: AppContext, session: Session, actor: Actor, action: str, row: LeaderSession, **details: object) -> None:
    audit.record(session, at=ctx.now(), actor_id=actor.id, action=action, target_type="leader_session",
                 target_id=row.id, details={"day": row.day.isoformat(), "leader": row.leader_id, **details})


def schedule(ctx: AppContext, session: Session, actor: Actor, leader_id: int, day: date,
             place: str = "") -> LeaderSession:
    """Puts a leader (分管领导 or 包案领导) on the reception rota for ``day``."""
    _require_planner(actor)
    leader = session.get(Staff, leader_id)
    if leader is None or not leader.active or not (leader.role_set & LEADER_ROLES):
        raise ValidationError("leader_invalid", field="leader", leader=leader_id)
    taken = session.scalar(select(LeaderSession.id).where(LeaderSession.leader_id == leader_id,
                                                          LeaderSession.day == day))
    if taken is not None:
        raise ValidationError("leader_day_taken", field="day", day=day.isoformat(), leader=leader.username)
    row = LeaderSession(leader_id=leader_id, day=day, place=place.strip())
    session.add(row)
    session.flush()
    _log(ctx, session, actor, "leader_day.schedule", row, place=row.place)
    return row


def _get(session: Session, session_id: int) -> LeaderSession:
    row = session.get(LeaderSession, session_id, with_for_update=True)
    if row is None:
        raise NotFound("not_found", what=f"leader_session {session_id}")
    return row


def cancel(ctx: AppContext, session: Session, actor: Actor, session_id: int) -> None:
    """Takes a day off the rota; refused once it was held or visits are linked to it."""
    _require_planner(actor)
    row = _get(session, session_id)
    linked = session.scalar(select(func.count(Visit.id)).where(Visit.leader_session_id == row.id))
    if row.held or linked:
        raise ValidationError("leader_day_in_use", field="session", session=session_id)
    _log(ctx, session, actor, "leader_day.cancel", row)
    session.delete(row)


def record(ctx: AppContext, session: Session, actor: Actor, session_id: int, *, batches: int | None = None,
           people: int | None = None, solved_on_spot: int = 0, notes: str = "",
           place: str | None = None) -> LeaderSession:
    """Records the session as held. Batches and people default to the visits linked to it."""
    _require_recorder(actor)
    row = _get(session, session_id)
    if row.day > ctx.today():
        raise ValidationError("date_in_future", field="day")
    linked_batches, linked_people = session.execute(
        select(func.count(Visit.id), func.coalesce(func.sum(Visit.headcount), 0))
        .where(Visit.leader_session_id == row.id)).one()
    batches = int(linked_batches) if batches is None else batches
    people = int(linked_people) if people is None else people
    if batches < 0 or people < 0 or solved_on_spot < 0:
        raise ValidationError("leader_record_invalid", field="batches")
    if people < batches:
        raise ValidationError("leader_record_invalid", field="people", batches=batches, people=people)
    if solved_on_spot > batches:
        raise ValidationError("leader_record_invalid", field="solved_on_spot", batches=batches,
                              solved=solved_on_spot)
    row.batches, row.people, row.solved_on_spot, row.held = batches, people, solved_on_spot, True
    row.notes = notes.strip()
    if place is not None:
        row.place = place.strip()
    _log(ctx, session, actor, "leader_day.record", row, batches=batches, people=people, solved=solved_on_spot)
    return row


def sessions_on(session: Session, day: date) -> list[LeaderSession]:
    return list(session.scalars(select(LeaderSession).where(LeaderSession.day == day).order_by(LeaderSession.id)))


def attach_visit(ctx: AppContext, session: Session, visit: Visit, leader_id: int | None = None) -> LeaderSession | None:
    """Links an in-person visit to the leader's session of its day (and the matter, if registered at
    that visit). Returns the session, or None when there is none or the choice is ambiguous."""
    if visit.channel != Channel.VISIT:
        return None
    day = {s.id: s for s in sessions_on(session, visit.occurred_on)}
    sid = registration_rules.leader_session_for(visit.channel, visit.occurred_on,
                                                ((s.id, s.leader_id) for s in day.values()), leader_id)
    if sid is None:
        return None
    chosen = day[sid]
    visit.leader_session_id = chosen.id
    matter = session.get(Matter, visit.matter_id)
    if matter is not None and matter.registered_on == visit.occurred_on and matter.leader_session_id is None:
        matter.leader_session_id = chosen.id
    session.flush()
    return chosen


def session_rows(session: Session, start: date, end: date) -> list[SessionRow]:
    """Every scheduled session between the two days (held or not), with what is linked to it."""
    visits = (select(Visit.leader_session_id.label("sid"), func.count(Visit.id).label("n"),
                     func.sum(Visit.headcount).label("p"))
              .where(Visit.leader_session_id.is_not(None)).group_by(Visit.leader_session_id).subquery())
    matters = (select(Matter.leader_session_id.label("sid"), func.count(Matter.id).label("n"))
               .where(Matter.leader_session_id.is_not(None)).group_by(Matter.leader_session_id).subquery())
    stmt = (select(LeaderSession, Staff.display_name, visits.c.n, visits.c.p, matters.c.n)
            .join(Staff, Staff.id == LeaderSession.leader_id)
            .outerjoin(visits, visits.c.sid == LeaderSession.id).outerjoin(matters, matters.c.sid == LeaderSession.id)
            .where(LeaderSession.day.between(start, end)).order_by(LeaderSession.day, LeaderSession.id))
    return [SessionRow(s.id, s.day, s.leader_id, name, s.place, s.held, s.batches, s.people, s.solved_on_spot,
                       int(vn or 0), int(vp or 0), int(mn or 0), s.notes)
            for s, name, vn, vp, mn in session.execute(stmt)]


def list_sessions(ctx: AppContext, session: Session, actor: Actor, start: date, end: date) -> list[SessionRow]:
    if not (actor.can(Permission.VIEW_STATISTICS) or actor.can(Permission.REGISTER)):
        raise PermissionDenied("permission_denied", permission=Permission.VIEW_STATISTICS.value, user=actor.username)
    return session_rows(session, start, end)
