"""What the reminders panel lists for the signed-in user: overdue matters (reminded every N working days),
evaluations and callbacks due, assignment slips waiting for their approval, letters waiting for their
signature. Every list is capped; the totals say how many there are in all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from desktop.db.models import Callback, DecisionLetter, Evaluation, LetterSignature, Matter, Petitioner
from desktop.domain.deadlines import reminder_dates, working_days_overdue
from desktop.domain.enums import LetterStatus, MatterStatus
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, Permission, visible_matters

CAP = 200


class ReminderKind(StrEnum):
    OVERDUE = "overdue"
    EVALUATION_DUE = "evaluation_due"
    CALLBACK_DUE = "callback_due"
    APPROVAL_WAITING = "approval_waiting"
    SIGNATURE_WAITING = "signature_waiting"


@dataclass(frozen=True)
class Reminder:
    kind: ReminderKind
    case_number: str
    petitioner_name: str
    due: date | None
    overdue_working_days: int = 0
    reminder_dates: tuple[date, ...] = ()  # overdue only: every reminder so far, the last one latest

    @property
    def last_reminded(self) -> date | None:
        return self.reminder_dates[-1] if self.reminder_dates else None


@dataclass(frozen=True)
class Reminders:
    items: tuple[Reminder, ...]
    totals: dict[ReminderKind, int]

    def of(self, kind: ReminderKind) -> list[Reminder]:
        return [r for r in self.items if r.kind == kind]


def _scoped(stmt, actor: Actor):  # type: ignore[no-untyped-def]
    vis = visible_matters(actor)
    return stmt if vis is None else stmt.where(vis)


def _fetch(session: Session, actor: Actor, cond, order) -> tuple[list, int]:  # type: ignore[no-untyped-def]
    base = select(Matter.case_number, Petitioner.name, Matter.handling_due, Matter.evaluation_due,
                  Matter.callback_due).join(Petitioner, Petitioner.id == Matter.petitioner_id).where(cond)
    base = _scoped(base, actor)
    total = session.scalar(_scoped(select(func.count(Matter.id)).where(cond), actor)) or 0
    return list(session.execute(base.order_by(order, Matter.id).limit(CAP))), total


def reminders(ctx: AppContext, session: Session, actor: Actor, today: date) -> Reminders:
    rules, cal = ctx.rules(session), ctx.calendar(session)
    items: list[Reminder] = []
    totals: dict[ReminderKind, int] = {}

    overdue = and_(Matter.status.in_([MatterStatus.ASSIGNED, MatterStatus.PENDING_APPROVAL,
                                      MatterStatus.CLASSIFIED, MatterStatus.INTERVIEWED,
                                      MatterStatus.REGISTERED, MatterStatus.UNDER_REVIEW]),
                   Matter.handling_due < today)
    rows, totals[ReminderKind.OVERDUE] = _fetch(session, actor, overdue, Matter.handling_due)
    for case, name, due, _, _ in rows:
        dates = tuple(reminder_dates(due, today, cal, rules.overdue_reminder_every))
        items.append(Reminder(ReminderKind.OVERDUE, case, name, due, working_days_overdue(due, today, cal), dates))

    if actor.can(Permission.RECORD_EVALUATION):
        unrated = and_(Matter.status == MatterStatus.CLOSED, Matter.evaluation_due.is_not(None),
                       ~exists().where(Evaluation.matter_id == Matter.id))
        rows, totals[ReminderKind.EVALUATION_DUE] = _fetch(session, actor, unrated, Matter.evaluation_due)
        items += [Reminder(ReminderKind.EVALUATION_DUE, c, n, ev) for c, n, _, ev, _ in rows]

    if actor.can(Permission.LOG_CALLBACK):
        uncalled = and_(Matter.status.in_([MatterStatus.CLOSED, MatterStatus.TERMINATED]),
                        Matter.callback_due.is_not(None), Matter.callback_due <= today,
                        ~exists().where(Callback.matter_id == Matter.id))
        rows, totals[ReminderKind.CALLBACK_DUE] = _fetch(session, actor, uncalled, Matter.callback_due)
        items += [Reminder(ReminderKind.CALLBACK_DUE, c, n, cb) for c, n, _, _, cb in rows]

    if actor.can(Permission.APPROVE_ASSIGNMENT):
        waiting = and_(Matter.status == MatterStatus.PENDING_APPROVAL, Matter.approver_id == actor.id)
        rows, totals[ReminderKind.APPROVAL_WAITING] = _fetch(session, actor, waiting, Matter.assign_due)
        items += [Reminder(ReminderKind.APPROVAL_WAITING, c, n, due) for c, n, due, _, _ in rows]

    if actor.can(Permission.SIGN_LETTER):
        mine = or_(DecisionLetter.dept_head_id == actor.id, DecisionLetter.case_lead_id == actor.id)
        signed = exists().where(LetterSignature.letter_id == DecisionLetter.id,
                                LetterSignature.signer_id == actor.id, LetterSignature.voided_at.is_(None),
                                LetterSignature.content_sha256 == DecisionLetter.content_sha256)
        unsigned = exists().where(DecisionLetter.matter_id == Matter.id,
                                  DecisionLetter.status == LetterStatus.DRAFT, mine, ~signed)
        rows, totals[ReminderKind.SIGNATURE_WAITING] = _fetch(session, actor, unsigned, Matter.handling_due)
        items += [Reminder(ReminderKind.SIGNATURE_WAITING, c, n, due) for c, n, due, _, _ in rows]
    return Reminders(tuple(items), totals)
