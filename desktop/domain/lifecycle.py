"""The matter's life as a state machine. Services ask ``check`` before every step; a refused step names
what is missing, so the clerk is told "classify first", not "invalid state"."""

from __future__ import annotations

from enum import StrEnum

from desktop.domain.enums import AppealRoute, MatterStatus, RegulationType
from desktop.domain.errors import IllegalTransition

S = MatterStatus


class Step(StrEnum):
    INTERVIEW = "interview"
    CLASSIFY = "classify"
    ANSWER_ON_SPOT = "answer_on_spot"
    SUBMIT_ASSIGNMENT = "submit_assignment"
    APPROVE_ASSIGNMENT = "approve_assignment"
    REJECT_ASSIGNMENT = "reject_assignment"
    LOG_MEETING = "log_meeting"
    PAUSE = "pause"
    RESUME = "resume"
    EXTEND = "extend"
    DRAFT_LETTER = "draft_letter"
    SIGN_LETTER = "sign_letter"
    FINALIZE_LETTER = "finalize_letter"
    DELIVER_LETTER = "deliver_letter"
    CLOSE = "close"
    EVALUATE = "evaluate"
    OPEN_REVIEW = "open_review"
    CONCLUDE_REVIEW = "conclude_review"
    CALLBACK = "callback"
    HANDOVER = "handover"


HANDLING = frozenset({S.ASSIGNED, S.PAUSED})
AFTER_REPLY = frozenset({S.REPLIED, S.CLOSED, S.TERMINATED})

# step -> (states it may start from, state it leads to; None keeps the state)
TRANSITIONS: dict[Step, tuple[frozenset[MatterStatus], MatterStatus | None]] = {
    Step.INTERVIEW: (frozenset({S.REGISTERED, S.INTERVIEWED}), S.INTERVIEWED),
    Step.CLASSIFY: (frozenset({S.INTERVIEWED, S.CLASSIFIED}), S.CLASSIFIED),
    Step.ANSWER_ON_SPOT: (frozenset({S.CLASSIFIED}), S.CLOSED),
    Step.SUBMIT_ASSIGNMENT: (frozenset({S.CLASSIFIED}), S.PENDING_APPROVAL),
    Step.APPROVE_ASSIGNMENT: (frozenset({S.PENDING_APPROVAL}), S.ASSIGNED),
    Step.REJECT_ASSIGNMENT: (frozenset({S.PENDING_APPROVAL}), S.CLASSIFIED),
    Step.LOG_MEETING: (HANDLING | {S.REPLIED, S.UNDER_REVIEW}, None),
    Step.PAUSE: (frozenset({S.ASSIGNED}), S.PAUSED),
    Step.RESUME: (frozenset({S.PAUSED}), S.ASSIGNED),
    Step.EXTEND: (HANDLING, None),
    Step.DRAFT_LETTER: (HANDLING | {S.UNDER_REVIEW}, None),
    Step.SIGN_LETTER: (HANDLING | {S.UNDER_REVIEW}, None),
    Step.FINALIZE_LETTER: (HANDLING | {S.UNDER_REVIEW}, None),
    Step.DELIVER_LETTER: (frozenset({S.ASSIGNED}), S.REPLIED),
    Step.CLOSE: (frozenset({S.REPLIED, S.ASSIGNED}), S.CLOSED),
    Step.EVALUATE: (frozenset({S.CLOSED}), None),
    Step.OPEN_REVIEW: (frozenset({S.REPLIED, S.CLOSED}), S.UNDER_REVIEW),
    Step.CONCLUDE_REVIEW: (frozenset({S.UNDER_REVIEW}), None),
    Step.CALLBACK: (frozenset({S.CLOSED, S.TERMINATED}), None),
    Step.HANDOVER: (frozenset(set(S)), None),
}

# What a matter in a given state still lacks before it could reach a later step.
_LACKS: dict[MatterStatus, list[str]] = {
    S.REGISTERED: ["interview", "classification", "assignment"],
    S.INTERVIEWED: ["classification", "assignment"],
    S.CLASSIFIED: ["assignment"],
    S.PENDING_APPROVAL: ["approval"],
    S.PAUSED: ["resumed_deadline"],
    S.ASSIGNED: ["final_letter"],
}


def check(status: MatterStatus, step: Step) -> MatterStatus:
    """Returns the state the step leads to, or raises ``IllegalTransition`` naming what is missing."""
    allowed, target = TRANSITIONS[step]
    if status not in allowed:
        raise IllegalTransition("illegal_transition", step=step.value, status=status.value,
                                missing=_LACKS.get(status, []))
    return target or status


def letter_required(regulation_type: RegulationType | None, route: AppealRoute | None,
                    answered_on_spot: bool) -> bool:
    """A matter handled in the petition procedure itself ends with a 处理意见书 (Art. 31(6), 32);
    one referred to a legal or other statutory procedure is closed by the referral."""
    if answered_on_spot:
        return False
    referred = regulation_type == RegulationType.APPEAL and route is not None and route != AppealRoute.PETITION
    return not referred
