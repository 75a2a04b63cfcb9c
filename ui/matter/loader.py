"""Everything the matter's page shows, read in one go off the GUI thread (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from desktop.domain.enums import LetterStatus, Outcome, Role, SignerRole
from desktop.domain.rules_config import Rules
from desktop.services import letters, timeline, ui_support
from desktop.services.context import AppContext
from desktop.services.permissions import Actor


@dataclass(frozen=True)
class LetterView:
    id: int
    status: LetterStatus
    sections: dict[str, Any]
    outcome: Outcome | None
    dept_head_id: int | None
    case_lead_id: int | None
    signed: frozenset[SignerRole]
    document_number: str | None
    delivered: bool


@dataclass(frozen=True)
class MatterView:
    facts: ui_support.MatterFacts
    events: list[timeline.TimelineEvent]
    letter: LetterView | None
    evaluated: bool
    open_review: bool
    rules: Rules
    approvers: list[ui_support.Choice]
    clerks: list[ui_support.Choice]
    dept_heads: list[ui_support.Choice]
    names: dict[int, str]


def load(ctx: AppContext, session: Session, actor: Actor, case_number: str) -> MatterView:
    facts = ui_support.matter_facts(session, actor, case_number)
    letter = letters.current_letter(session, facts.id)
    view = None
    if letter is not None:
        signed = frozenset(letters.valid_signatures(session, letter))
        view = LetterView(letter.id, letter.status, dict(letter.sections or {}), letter.outcome, letter.dept_head_id,
                          letter.case_lead_id, signed, letter.document_number, letter.delivered_on is not None)
    approvers = {c.id: c for c in ui_support.staff_with(session, Role.APPROVER)}
    approvers.update({c.id: c for c in ui_support.staff_with(session, Role.CASE_LEAD)})
    staff = ui_support.staff_with(session)
    evaluated, open_review = ui_support.followup_state(session, facts.id)
    return MatterView(
        facts=facts, events=timeline.timeline(session, actor, case_number), letter=view,
        evaluated=evaluated, open_review=open_review,
        rules=ctx.rules(session), approvers=list(approvers.values()),
        clerks=ui_support.staff_with(session, Role.CLERK), dept_heads=ui_support.staff_with(session, Role.DEPT_HEAD),
        names={c.id: c.name for c in staff})
