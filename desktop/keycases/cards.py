"""黄牌/红牌: a missed deadline of a task-force plan step or of a handling department's matter, still missed
after the reminders (``cards.grace_working_days``), earns its person a card; the first of the year is
yellow, any further one red. Cards are audited, appealable with a reason and decided by 镇纪委; a revoked
card stops counting and the person's later cards of the year are re-coloured.

Who is responsible: the leader (包案领导) for a plan not made in time (一事一策, 24 h for a red warning); a
plan step's owner for the step; for a matter, the head (承办部门负责人) of the handling department,
or the first handler (首办责任人) when the department has no head on record.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.clock import china_date
from desktop.db.models import Card, KeyCase, KeyCasePlan, KeyCaseStep, Matter, Staff, StaffRole
from desktop.domain.enums import MatterStatus, Role
from desktop.domain.errors import NotFound, ValidationError
from desktop.keycases import access
from desktop.keycases.card_rules import colours_in_order, due_for_card
from desktop.keycases.common import names, text
from desktop.keycases.enums import AppealDecision, CardColor, CardSource
from desktop.keycases.views import CardRow
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.permissions import Actor

OPEN = (MatterStatus.ASSIGNED, MatterStatus.PAUSED, MatterStatus.PENDING_APPROVAL)


def _dept_heads(session: Session) -> dict[int, int]:
    rows = session.execute(select(Staff.department_id, Staff.id).join(StaffRole, StaffRole.staff_id == Staff.id)
                           .where(StaffRole.role == Role.DEPT_HEAD, Staff.active.is_(True),
                                  Staff.department_id.is_not(None)).order_by(Staff.id))
    heads: dict[int, int] = {}
    for dept, sid in rows:
        heads.setdefault(int(dept), int(sid))
    return heads


def _recolour(session: Session, staff_id: int, year: int) -> list[tuple[Card, CardColor]]:
    """Re-derives the colours of a person's cards of a year; returns the ones that changed."""
    cards = list(session.scalars(select(Card).where(Card.staff_id == staff_id, Card.year == year)
                                 .order_by(Card.issued_on, Card.id)))
    changed = []
    for card, colour in zip(cards, colours_in_order([c.decision is AppealDecision.REVOKED for c in cards]),
                            strict=True):
        if colour is not None and card.color is not colour:
            changed.append((card, card.color))
            card.color = colour
    return changed


def _issue(ctx: AppContext, session: Session, actor: Actor | None, staff_id: int, source: CardSource, subject: str,
           missed_due: date, as_of: date, matter_id: int | None = None, step_id: int | None = None) -> Card | None:
    if session.scalar(select(Card.id).where(Card.staff_id == staff_id, Card.subject == subject)) is not None:
        return None
    card = Card(staff_id=staff_id, year=as_of.year, color=CardColor.YELLOW, source=source, subject=subject,
                matter_id=matter_id, step_id=step_id, missed_due=missed_due, issued_on=as_of, issued_at=ctx.now(),
                issued_by_id=actor.id if actor else None)
    session.add(card)
    session.flush()
    _recolour(session, staff_id, as_of.year)
    audit.record(session, at=ctx.now(), actor_id=actor.id if actor else None, action="card.issue",
                 target_type="card", target_id=card.id,
                 details={"staff_id": staff_id, "color": card.color.value, "source": source.value,
                          "subject": subject, "missed_due": missed_due.isoformat()})
    return card


def issue_due_cards(ctx: AppContext, session: Session, actor: Actor | None, as_of: date) -> list[Card]:
    """Issues every card earned by ``as_of`` and not yet issued (idempotent: a deadline is carded once).
    ``actor`` None: the app's own daily sweep."""
    if actor is not None:
        access.require(actor, access.ISSUE_CARDS, "cards.issue")
    rules, cal = ctx.rules(session), ctx.calendar(session)
    grace = rules.grace_working_days
    issued: list[Card] = []
    steps = session.scalars(select(KeyCaseStep).where(KeyCaseStep.due_on < as_of).order_by(KeyCaseStep.id))
    plan_case = dict(session.execute(select(KeyCasePlan.id, KeyCasePlan.key_case_id)).all())
    for step in steps:
        if due_for_card(step.due_on, step.done_on, as_of, grace, cal):
            card = _issue(ctx, session, actor, step.owner_id, CardSource.PLAN_STEP, f"step:{step.id}", step.due_on,
                          as_of, step_id=step.id)
            if card is not None:
                kc = session.get(KeyCase, plan_case[step.plan_id])
                card.matter_id = kc.matter_id if kc else None
                issued.append(card)
    for case, made_at in session.execute(select(KeyCase, KeyCasePlan.made_at).outerjoin(
            KeyCasePlan, KeyCasePlan.key_case_id == KeyCase.id).where(KeyCase.resolved_on.is_(None))).all():
        due = china_date(case.plan_due_at)
        made = china_date(made_at) if made_at is not None else None
        if due < as_of and due_for_card(due, made, as_of, grace, cal):
            card = _issue(ctx, session, actor, case.leader_id, CardSource.PLAN_LATE, f"plan:{case.id}", due, as_of,
                          matter_id=case.matter_id)
            if card is not None:
                issued.append(card)
    heads = _dept_heads(session)
    matters = session.scalars(select(Matter).where(Matter.handling_due.is_not(None), Matter.handling_due < as_of,
                                                   Matter.status.in_(OPEN)).order_by(Matter.id))
    for m in matters:
        assert m.handling_due is not None
        if not due_for_card(m.handling_due, None, as_of, grace, cal):
            continue
        person = heads.get(m.department_id or -1) or m.first_handler_id
        if person is None:
            continue
        card = _issue(ctx, session, actor, person, CardSource.MATTER_DEADLINE,
                      f"matter:{m.id}:{m.handling_due.isoformat()}", m.handling_due, as_of, matter_id=m.id)
        if card is not None:
            issued.append(card)
    return issued


def appeal(ctx: AppContext, session: Session, actor: Actor, card_id: int, reason: str) -> None:
    """The carded person appeals once, with a reason."""
    card = session.get(Card, card_id)
    if card is None:
        raise NotFound("not_found", what=f"card {card_id}")
    if card.staff_id != actor.id:
        raise ValidationError("appeal_not_own_card", field="card")
    if card.appealed_at is not None:
        raise ValidationError("appeal_exists", field="card")
    card.appeal_reason, card.appealed_at = text(reason, "reason"), ctx.now()
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="card.appeal", target_type="card",
                 target_id=card.id, details={"reason": card.appeal_reason})


def decide_appeal(ctx: AppContext, session: Session, actor: Actor, card_id: int, decision: AppealDecision,
                  note: str) -> None:
    """镇纪委 upholds or revokes; a revocation re-colours the person's later cards of the year."""
    access.require(actor, access.DECIDE_APPEALS, "cards.decide")
    card = session.get(Card, card_id)
    if card is None:
        raise NotFound("not_found", what=f"card {card_id}")
    if card.appealed_at is None:
        raise ValidationError("appeal_missing", field="card")
    if card.decision is not None:
        raise ValidationError("appeal_decided", field="card")
    decision = AppealDecision(decision)
    card.decision, card.decision_note = decision, text(note, "note")
    card.decided_at, card.decided_by_id = ctx.now(), actor.id
    session.flush()
    changed = _recolour(session, card.staff_id, card.year) if decision is AppealDecision.REVOKED else []
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="card.decide", target_type="card",
                 target_id=card.id, details={"decision": decision.value, "note": card.decision_note,
                                             "recoloured": [[c.id, old.value, c.color.value] for c, old in changed]})


def list_cards(ctx: AppContext, session: Session, actor: Actor, year: int) -> list[CardRow]:
    """The per-person yearly list: everyone's for leaders and 镇纪委, one's own for anybody else."""
    stmt = select(Card).where(Card.year == year).order_by(Card.staff_id, Card.issued_on, Card.id)
    if not actor.roles & access.VIEW_ALL_CARDS:
        stmt = stmt.where(Card.staff_id == actor.id)
    who = names(session)
    cases = dict(session.execute(select(Matter.id, Matter.case_number)).all())
    rows = []
    for c in session.scalars(stmt):
        what = cases.get(c.matter_id or -1, "") + (f" #{c.step_id}" if c.step_id else "")
        rows.append(CardRow(id=c.id, person=who.get(c.staff_id, ""), staff_id=c.staff_id, year=c.year,
                            color=None if c.decision is AppealDecision.REVOKED else c.color, source=c.source,
                            what=what.strip(), missed_due=c.missed_due, issued_on=c.issued_on,
                            appeal_reason=c.appeal_reason, decision=c.decision.value if c.decision else None))
    return rows
