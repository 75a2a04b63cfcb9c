"""After the intake: approval of the slip, 三见面, pauses and extensions, closing."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Assignment, DeadlineChange, DecisionLetter, Matter, Meeting, Staff
from desktop.domain.deadlines import callback_date, evaluation_due
from desktop.domain.enums import DayUnit, LetterStatus, MatterStatus, MeetingStage, PauseKind, Role
from desktop.domain.errors import IllegalTransition, NotFound, PermissionDenied, ValidationError
from desktop.domain.lifecycle import Step, check, letter_required
from desktop.services.context import AppContext
from desktop.services.deadline_service import refresh_handling_due
from desktop.services.intake import _log, matter_by_number
from desktop.services.permissions import Actor, Permission
from desktop.services.status_history import record_change


def current_assignment(session: Session, matter_id: int) -> Assignment | None:
    stmt = select(Assignment).where(Assignment.matter_id == matter_id, Assignment.superseded.is_(False),
                                    Assignment.rejected.is_(False)).order_by(Assignment.id.desc())
    return session.scalars(stmt).first()


def approve_assignment(ctx: AppContext, session: Session, actor: Actor, case_number: str, note: str = "",
                       strokes: list[Any] | None = None) -> Matter:
    """The 分管领导 named on the slip approves it, signing by hand (``strokes``, printed on the slip) when
    at the desk; the handling clock starts that day."""
    actor.require(Permission.APPROVE_ASSIGNMENT)
    matter = matter_by_number(session, case_number, lock=True)
    new_status = check(matter.status, Step.APPROVE_ASSIGNMENT)
    slip = current_assignment(session, matter.id)
    if slip is None:
        raise IllegalTransition("illegal_transition", step="approve_assignment", status=matter.status.value,
                                missing=["assignment"])
    if slip.approver_id != actor.id:
        raise PermissionDenied("not_named_approver", user=actor.username)
    today = ctx.today()
    slip.approved_at, slip.approved_on, slip.approval_note = ctx.now(), today, note
    slip.approval_strokes = list(strokes or [])
    matter.status, matter.assigned_on = new_status, today
    refresh_handling_due(ctx, session, matter)
    slip.handling_due = matter.handling_due
    record_change(ctx, session, matter)
    _log(ctx, session, actor, matter, "matter.approve_assignment", handling_due=str(matter.handling_due),
         late=today > matter.assign_due, signed=bool(slip.approval_strokes))
    return matter


def reject_assignment(ctx: AppContext, session: Session, actor: Actor, case_number: str, reason: str) -> Matter:
    actor.require(Permission.APPROVE_ASSIGNMENT)
    if not reason.strip():
        raise ValidationError("required", field="reason")
    matter = matter_by_number(session, case_number, lock=True)
    new_status = check(matter.status, Step.REJECT_ASSIGNMENT)
    slip = current_assignment(session, matter.id)
    if slip is None or slip.approver_id != actor.id:
        raise PermissionDenied("not_named_approver", user=actor.username)
    slip.rejected, slip.approval_note = True, reason.strip()
    matter.status = new_status
    record_change(ctx, session, matter)
    _log(ctx, session, actor, matter, "matter.reject_assignment", reason=reason.strip())
    return matter


def log_meeting(ctx: AppContext, session: Session, actor: Actor, case_number: str, stage: MeetingStage,
                held_on: date, notes: str, place: str = "") -> Meeting:
    actor.require(Permission.LOG_MEETING)
    matter = matter_by_number(session, case_number, lock=True)
    check(matter.status, Step.LOG_MEETING)
    if held_on > ctx.today():
        raise ValidationError("date_in_future", field="held_on")
    if not notes.strip():
        raise ValidationError("required", field="notes")
    meeting = Meeting(matter_id=matter.id, stage=stage, held_on=held_on, staff_id=actor.id, place=place.strip(),
                      notes=notes.strip(), recorded_at=ctx.now())
    session.add(meeting)
    _log(ctx, session, actor, matter, "matter.meeting", stage=stage.value, held_on=held_on.isoformat())
    return meeting


def _approver(session: Session, approver_id: int, roles: set[Role]) -> Staff:
    approver = session.get(Staff, approver_id)
    if approver is None or not approver.active or not (approver.role_set & roles):
        raise ValidationError("approver_invalid", field="approver")
    return approver


def pause(ctx: AppContext, session: Session, actor: Actor, case_number: str, reason: str, approver_id: int,
          start_on: date | None = None) -> DeadlineChange:
    """Stops the clock (hearing, waiting for the petitioner's materials) until :func:`resume`."""
    actor.require(Permission.PAUSE_DEADLINE)
    if not reason.strip():
        raise ValidationError("required", field="reason")
    matter = matter_by_number(session, case_number, lock=True)
    matter.status = check(matter.status, Step.PAUSE)
    approver = _approver(session, approver_id, {Role.APPROVER, Role.CASE_LEAD})
    change = DeadlineChange(matter_id=matter.id, kind=PauseKind.PAUSE, start_on=start_on or ctx.today(),
                            reason=reason.strip(), approver_id=approver.id, created_by_id=actor.id,
                            created_at=ctx.now())
    session.add(change)
    session.flush()
    refresh_handling_due(ctx, session, matter)
    record_change(ctx, session, matter, on=change.start_on)
    _log(ctx, session, actor, matter, "matter.pause", reason=reason.strip(), approver=approver.username,
         start=change.start_on.isoformat())
    return change


def resume(ctx: AppContext, session: Session, actor: Actor, case_number: str, end_on: date | None = None) -> Matter:
    actor.require(Permission.PAUSE_DEADLINE)
    matter = matter_by_number(session, case_number, lock=True)
    matter.status = check(matter.status, Step.RESUME)
    open_pause = session.scalar(select(DeadlineChange).where(
        DeadlineChange.matter_id == matter.id, DeadlineChange.kind == PauseKind.PAUSE,
        DeadlineChange.end_on.is_(None)))
    if open_pause is None:
        raise NotFound("not_found", what="pause")
    end = end_on or ctx.today()
    if end < open_pause.start_on:
        raise ValidationError("pause_end_before_start", field="end")
    open_pause.end_on = end
    session.flush()
    refresh_handling_due(ctx, session, matter)
    record_change(ctx, session, matter, on=end)
    _log(ctx, session, actor, matter, "matter.resume", end=end.isoformat(), handling_due=str(matter.handling_due))
    return matter


def extend(ctx: AppContext, session: Session, actor: Actor, case_number: str, amount: int, unit: DayUnit,
           reason: str, approver_id: int) -> DeadlineChange:
    """An approved extension (Art. 34: at most the configured maximum, in total), with its reason."""
    actor.require(Permission.PAUSE_DEADLINE)
    if not reason.strip():
        raise ValidationError("required", field="reason")
    if amount < 1:
        raise ValidationError("extension_invalid", field="amount")
    matter = matter_by_number(session, case_number, lock=True)
    check(matter.status, Step.EXTEND)
    rules = ctx.rules(session)
    approver = _approver(session, approver_id, {Role.APPROVER, Role.CASE_LEAD})
    if approver.id == actor.id and not actor.can(Permission.APPROVE_EXTENSION):
        raise PermissionDenied("permission_denied", permission=Permission.APPROVE_EXTENSION.value)
    earlier = [c for c in session.scalars(select(DeadlineChange).where(
        DeadlineChange.matter_id == matter.id, DeadlineChange.kind == PauseKind.EXTENSION))]
    cap = rules.max_extension
    used = sum(c.amount or 0 for c in earlier if c.unit == cap.unit)
    if unit == cap.unit and used + amount > cap.amount:
        raise ValidationError("extension_too_long", field="amount", maximum=cap.amount - used)
    if matter.handling_due is not None and ctx.today() > matter.handling_due:
        # Art. 34: an extension is granted within the limit; its notice, dated by the grant, could
        # otherwise state an original deadline that had already passed.
        raise ValidationError("extension_after_due", field="amount", due=matter.handling_due.isoformat())
    change = DeadlineChange(matter_id=matter.id, kind=PauseKind.EXTENSION, start_on=ctx.today(), amount=amount,
                            unit=unit, reason=reason.strip(), approver_id=approver.id, created_by_id=actor.id,
                            created_at=ctx.now())
    session.add(change)
    session.flush()
    refresh_handling_due(ctx, session, matter)
    record_change(ctx, session, matter)
    _log(ctx, session, actor, matter, "matter.extend", amount=amount, unit=unit.value, reason=reason.strip(),
         approver=approver.username, handling_due=str(matter.handling_due))
    return change


def mark_closed(ctx: AppContext, session: Session, matter: Matter) -> None:
    """Sets the closing day and the follow-up dates that hang off it (evaluation, callback)."""
    rules, cal = ctx.rules(session), ctx.calendar(session)
    today = ctx.today()
    matter.closed_at, matter.closed_on = ctx.now(), today
    matter.evaluation_due = evaluation_due(today, rules, cal)
    matter.callback_due = callback_date(today, rules, cal)


def close(ctx: AppContext, session: Session, actor: Actor, case_number: str, note: str = "") -> Matter:
    """Closes a replied matter, or a referred one that needs no letter; refuses to skip a required letter."""
    actor.require(Permission.CLOSE_MATTER)
    matter = matter_by_number(session, case_number, lock=True)
    new_status = check(matter.status, Step.CLOSE)
    if matter.status == MatterStatus.ASSIGNED and letter_required(
            matter.regulation_type, matter.appeal_route, matter.solved_at_first_contact):
        final = session.scalar(select(DecisionLetter.id).where(
            DecisionLetter.matter_id == matter.id, DecisionLetter.status == LetterStatus.FINAL))
        raise IllegalTransition("illegal_transition", step="close", status=matter.status.value,
                                missing=["delivered_letter" if final else "final_letter"])
    matter.status = new_status
    mark_closed(ctx, session, matter)
    record_change(ctx, session, matter)
    _log(ctx, session, actor, matter, "matter.close", note=note.strip(), on_time=_on_time(matter))
    return matter


def _on_time(matter: Matter) -> bool | None:
    if matter.handling_due is None or matter.closed_on is None:
        return None
    return matter.closed_on <= matter.handling_due
