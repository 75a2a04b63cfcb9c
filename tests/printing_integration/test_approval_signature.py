"""The approver signs the assignment slip by hand: the strokes are kept with the approval and printed."""

from __future__ import annotations

from sqlalchemy import select

from desktop import documents as records
from desktop.db.models import Department
from desktop.services import handling, intake
from desktop.services.documents_log import DocumentKind
from desktop.services.intake_input import AssignmentInput
from printing.signature import synthetic_strokes
from tests.desktop.helpers import interview, petition_classification, registration
from tests.printing.printing_pdf_tools import poppler


def _submitted(ctx, team) -> str:  # type: ignore[no-untyped-def]
    with ctx.db.session() as s:
        case = intake.register(ctx, s, team.clerk, registration()).case_number
        intake.record_interview(ctx, s, team.clerk, case, interview(team.interviewer.id))
        intake.classify(ctx, s, team.clerk, case, petition_classification())
        dept = s.scalar(select(Department.id).where(Department.name == "司法所"))
        intake.submit_assignment(ctx, s, team.clerk, case, AssignmentInput(
            department_id=dept, first_handler_id=team.clerk.id, approver_id=team.approver.id))
    return case


def _slip_images(ctx, team, case: str) -> list[str]:  # type: ignore[no-untyped-def]
    with ctx.db.session() as s:
        rendered = records.render(records.document_data(ctx, s, team.clerk, case, DocumentKind.ASSIGNMENT_SLIP))
    return [line for line in poppler("pdfimages", rendered.pdf, "-list").splitlines()[2:] if line.strip()]


def test_the_slip_carries_the_approvers_hand_signature(ctx, team) -> None:
    signed, unsigned = _submitted(ctx, team), _submitted(ctx, team)
    with ctx.db.session() as s:
        handling.approve_assignment(ctx, s, team.approver, signed, "同意", synthetic_strokes("孙分管"))
        handling.approve_assignment(ctx, s, team.approver, unsigned, "同意")
    assert len(_slip_images(ctx, team, signed)) >= 1
    assert _slip_images(ctx, team, unsigned) == []
