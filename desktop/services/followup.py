"""After closing: satisfaction (两评价), reviews (复查/复核), the callback, and hand-over of a clerk's matters."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from desktop.db.models import Evaluation, Handover, Matter, Review, Staff
from desktop.domain.deadlines import due_date
from desktop.domain.enums import MatterStatus, ReviewKind, ReviewOutcome, Role, Satisfaction
from desktop.domain.errors import IllegalTransition, NotFound, ValidationError
from desktop.domain.lifecycle import Step, check
from desktop.services import audit, row_state
from desktop.services.context import AppContext
from desktop.services.deadline_service import refresh_handling_due
from desktop.services.intake import _log, matter_by_number
from desktop.services.permissions import Actor, Permission
from desktop.services.status_history import record_change


def evaluate(ctx: AppContext, session: Session, actor: Actor, case_number: str, answer: Satisfaction,
             method: str = "phone") -> Evaluation:
    """Records the petitioner's rating; 不满意 opens a 复查 for the inspector at once."""
    actor.require(Permission.RECORD_EVALUATION)
    matter = matter_by_number(session, case_number, lock=True)
    check(matter.status, Step.EVALUATE)
    if session.scalar(select(Evaluation.id).where(Evaluation.matter_id == matter.id)) is not None:
        raise ValidationError("already_evaluated", field="evaluation")
    row = Evaluation(matter_id=matter.id, answer=answer, method=method, recorded_on=ctx.today(),
                     recorded_at=ctx.now(), recorded_by_id=actor.id)
    session.add(row)
    _log(ctx, session, actor, matter, "matter.evaluate", answer=answer.value, method=method,
         late=matter.evaluation_due is not None and ctx.today() > matter.evaluation_due)
    if answer == Satisfaction.DISSATISFIED:
        _open_review(ctx, session, actor, matter, ReviewKind.RECHECK, "评价不满意，启动复查")
    return row


def _open_review(ctx: AppContext, session: Session, actor: Actor, matter: Matter, kind: ReviewKind,
                 reason: str) -> Review:
    matter.status = check(matter.status, Step.OPEN_REVIEW)
    rules, cal = ctx.rules(session), ctx.calendar(session)
    today = ctx.today()
    review = Review(matter_id=matter.id, kind=kind, opened_on=today, reason=reason,
                    due_on=due_date(today, rules.review_answer_within, cal), opened_by_id=actor.id)
    session.add(review)
    session.flush()
    record_change(ctx, session, matter)
    _log(ctx, session, actor, matter, "matter.review_open", kind=kind.value, reason=reason,
         due=review.due_on.isoformat())
    return review


def open_review(ctx: AppContext, session: Session, actor: Actor, case_number: str, kind: ReviewKind,
                reason: str) -> Review:
    """A 复查 requested by the petitioner (or a 复核 after one); after 复核 the matter is final (Art. 35/36)."""
    actor.require(Permission.OPEN_REVIEW)
    if not reason.strip():
        raise ValidationError("required", field="reason")
    matter = matter_by_number(session, case_number, lock=True)
    earlier = list(session.scalars(select(Review).where(Review.matter_id == matter.id)))
    if any(r.kind == ReviewKind.REEXAMINE for r in earlier):
        raise IllegalTransition("review_exhausted", step="open_review", status=matter.status.value, missing=[])
    if kind == ReviewKind.REEXAMINE and not any(r.kind == ReviewKind.RECHECK and r.closed_on for r in earlier):
        raise IllegalTransition("illegal_transition", step="open_review", status=matter.status.value,
                                missing=["recheck"])
    return _open_review(ctx, session, actor, matter, kind, reason.strip())


def conclude_review(ctx: AppContext, session: Session, actor: Actor, case_number: str, outcome: ReviewOutcome,
                    conclusion: str) -> Review:
    """Upheld: the matter ends (终结, with a termination notice). Changed: it goes back to handling."""
    actor.require(Permission.CONCLUDE_REVIEW)
    if not conclusion.strip():
        raise ValidationError("required", field="conclusion")
    matter = matter_by_number(session, case_number, lock=True)
    check(matter.status, Step.CONCLUDE_REVIEW)
    review = session.scalars(select(Review).where(Review.matter_id == matter.id, Review.closed_on.is_(None))
                             .order_by(Review.id.desc())).first()
    if review is None:
        raise NotFound("not_found", what="review")
    review.outcome, review.conclusion, review.closed_on = outcome, conclusion.strip(), ctx.today()
    review.inspector_id = actor.id
    if outcome == ReviewOutcome.UPHELD:
        matter.status = MatterStatus.TERMINATED
    else:
        # Re-handled from today with a fresh limit; the old closing no longer stands.
        matter.status, matter.assigned_on = MatterStatus.ASSIGNED, ctx.today()
        matter.closed_at = matter.closed_on = matter.evaluation_due = matter.callback_due = None
        refresh_handling_due(ctx, session, matter)
    record_change(ctx, session, matter)
    _log(ctx, session, actor, matter, "matter.review_conclude", kind=review.kind.value, outcome=outcome.value,
         conclusion=conclusion.strip())
    return review


def log_callback(ctx: AppContext, session: Session, actor: Actor, case_number: str, reached: bool, notes: str,
                 called_on: date | None = None) -> None:
    from desktop.db.models import Callback

    actor.require(Permission.LOG_CALLBACK)
    matter = matter_by_number(session, case_number, lock=True)
    check(matter.status, Step.CALLBACK)
    day = called_on or ctx.today()
    session.add(Callback(matter_id=matter.id, called_on=day, reached=reached, notes=notes.strip(),
                         staff_id=actor.id, recorded_at=ctx.now()))
    _log(ctx, session, actor, matter, "matter.callback", reached=reached, on=day.isoformat())


OPEN_STATES = [s for s in MatterStatus if s not in (MatterStatus.CLOSED, MatterStatus.TERMINATED)]


def hand_over(ctx: AppContext, session: Session, actor: Actor, from_staff_id: int, to_staff_id: int,
              reason: str) -> Handover:
    """Every open matter (and its 首问兜底卡) of a leaving clerk passes to the successor in one step."""
    actor.require(Permission.HANDOVER)
    if from_staff_id == to_staff_id:
        raise ValidationError("handover_same_person", field="successor")
    successor = session.get(Staff, to_staff_id)
    leaving = session.get(Staff, from_staff_id)
    if leaving is None or successor is None or not successor.active:
        raise ValidationError("successor_invalid", field="successor")
    if Role.CLERK not in successor.role_set:
        raise ValidationError("successor_not_clerk", field="successor")
    ids = list(session.scalars(select(Matter.id).where(
        or_(Matter.first_handler_id == from_staff_id), Matter.status.in_(OPEN_STATES))))
    if ids:
        session.execute(update(Matter).where(Matter.id.in_(ids)).values(
            first_handler_id=to_staff_id, version=Matter.version + 1).execution_options(synchronize_session=False))
        row_state.touch(session, "matters", ids)  # a Core UPDATE: its rows' new states are audited at commit
    row = Handover(from_staff_id=from_staff_id, to_staff_id=to_staff_id, matter_ids=ids, reason=reason.strip(),
                   done_at=ctx.now(), done_by_id=actor.id)
    session.add(row)
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="matter.handover", target_type="staff",
                 target_id=from_staff_id, details={"to": successor.username, "matters": len(ids), "reason": reason})
    return row
