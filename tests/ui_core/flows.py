"""Walks a matter through the services to a given point (shared by the timeline and reminder tests)."""

from __future__ import annotations

from sqlalchemy import select

from desktop.db.models import Department
from desktop.domain.enums import MeetingStage, Outcome, SignerRole
from desktop.services import handling, intake, letters
from desktop.services.intake_input import AssignmentInput
from tests.desktop.helpers import interview, petition_classification, registration

SECTIONS = {
    "request": "要求发放2024年土地承包款。",
    "investigation": "经走访村委会、查阅账目，核实承包款发放记录。",
    "findings": "经查，该户承包款因账户信息错误未能到账。",
    "basis": "《农村土地承包法》第三十九条。",
    "conclusion": "支持申请人的请求，由村委会于十日内补发。",
}


def submitted(ctx, team, **reg) -> str:  # type: ignore[no-untyped-def]
    with ctx.db.session() as s:
        case = intake.register(ctx, s, team.clerk, registration(**reg)).case_number
        intake.record_interview(ctx, s, team.clerk, case, interview(team.interviewer.id))
        intake.classify(ctx, s, team.clerk, case, petition_classification())
        dept = s.scalar(select(Department.id).where(Department.name == "司法所"))
        intake.submit_assignment(ctx, s, team.clerk, case, AssignmentInput(
            department_id=dept, first_handler_id=team.clerk.id, approver_id=team.approver.id,
            case_lead_id=team.case_lead.id))
    return case


def assigned(ctx, team, **reg) -> str:  # type: ignore[no-untyped-def]
    case = submitted(ctx, team, **reg)
    with ctx.db.session() as s:
        handling.approve_assignment(ctx, s, team.approver, case)
    return case


def replied(ctx, team) -> str:  # type: ignore[no-untyped-def]
    case = assigned(ctx, team)
    with ctx.db.session() as s:
        handling.log_meeting(ctx, s, team.clerk, case, MeetingStage.BEFORE, ctx.today(), "首次见面，说明办理流程")
        letters.save_draft(ctx, s, team.clerk, case, SECTIONS, Outcome.SUPPORT, dept_head_id=team.dept_head.id)
    with ctx.db.session() as s:
        letters.sign(ctx, s, team.dept_head, case, SignerRole.DEPT_HEAD, [[[0, 0], [1, 1]]])
        letters.sign(ctx, s, team.case_lead, case, SignerRole.CASE_LEAD, [[[0, 0], [1, 1]]])
        letters.finalize(ctx, s, team.clerk, case)
        letters.deliver(ctx, s, team.clerk, case)
    return case
