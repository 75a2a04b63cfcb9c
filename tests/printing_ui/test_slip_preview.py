"""The approver reads the slip before signing it: the preview source renders a slip still awaiting
approval. It failed with "assignment_slip() got an unexpected keyword argument 'allow_draft'"."""

from __future__ import annotations

from tests.desktop.conftest import make_team
from tests.printing.printing_pdf_tools import pdftotext
from tests.printing_integration.conftest import submitted_case


def test_the_approval_dialog_source_renders_the_slip_awaiting_approval(ctx) -> None:  # type: ignore[no-untyped-def]
    from ui.matter.signing import slip_job

    team = make_team(ctx)
    case = submitted_case(ctx, team, "钱多多")
    with ctx.db.session() as session:  # the write path: rendering for an entitled reader is audited
        pdf = slip_job(ctx, team.approver, case)(session)
    text = pdftotext(pdf)
    assert pdf.startswith(b"%PDF") and "信访事项交办单" in text and "钱多多" in text
    assert "孙分管" in text
