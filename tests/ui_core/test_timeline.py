"""The matter's timeline: every step with who and when, oldest first, details from the rows."""

from __future__ import annotations

from datetime import timedelta

from desktop.domain.enums import Category, RegulationType, Satisfaction
from desktop.services import followup, handling, timeline
from tests.ui_core.flows import replied, submitted


def test_timeline_lists_every_step_with_actor_and_time(ctx, team, clock) -> None:
    case = replied(ctx, team)
    clock.advance(days=1)
    with ctx.db.session() as s:
        handling.close(ctx, s, team.clerk, case, "已送达")
        followup.evaluate(ctx, s, team.clerk, case, Satisfaction.SATISFIED)
    with ctx.db.read() as s:
        events = timeline.timeline(s, team.clerk, case)
    kinds = [e.kind for e in events]
    assert kinds[:4] == ["matter.register", "matter.interview", "matter.classify", "matter.submit_assignment"]
    for expected in ("matter.approve_assignment", "matter.meeting", "letter.draft", "letter.sign",
                     "letter.finalize", "letter.deliver", "matter.close", "matter.evaluate"):
        assert expected in kinds, expected
    assert kinds.count("letter.sign") == 2
    by_kind = {e.kind: e for e in events}
    assert by_kind["matter.register"].actor == "李接待"
    assert by_kind["matter.approve_assignment"].actor == "孙分管"
    assert by_kind["matter.interview"].details["interviewer"] == "赵接谈"
    assert by_kind["matter.meeting"].details["notes"] == "首次见面，说明办理流程"
    assert by_kind["matter.evaluate"].details["answer"] == "satisfied"
    assert by_kind["matter.close"].at - by_kind["matter.register"].at == timedelta(days=1)
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert all(e.at.tzinfo is not None for e in events)


def test_timeline_shows_pause_and_extension_with_approver(ctx, team) -> None:
    case = submitted(ctx, team)
    with ctx.db.session() as s:
        handling.approve_assignment(ctx, s, team.approver, case)
        handling.pause(ctx, s, team.clerk, case, "等待当事人补充材料", team.approver.id)
        handling.resume(ctx, s, team.clerk, case)
    with ctx.db.read() as s:
        events = timeline.timeline(s, team.clerk, case)
    pause = next(e for e in events if e.kind == "matter.pause")
    assert pause.details["approver"] == "孙分管"
    assert pause.details["reason"] == "等待当事人补充材料"
    assert any(e.kind == "matter.resume" for e in events)


def test_timeline_refuses_a_restricted_matter_the_ledger_refuses(ctx, team) -> None:
    """Found as a defect: the timeline served an accusation's steps to a colleague the ledger refused it to."""
    import pytest

    from desktop.domain.enums import Complexity, Risk
    from desktop.domain.errors import NotFound
    from desktop.services import intake, ledger
    from desktop.services.intake_input import ClassificationInput
    from tests.desktop.helpers import interview, registration

    with ctx.db.session() as s:
        case = intake.register(ctx, s, team.clerk, registration()).case_number
        intake.record_interview(ctx, s, team.clerk, case, interview(team.interviewer.id, notes="举报村干部"))
        intake.classify(ctx, s, team.clerk, case, ClassificationInput(
            RegulationType.ACCUSATION, Category.LEGAL, Risk.RED, Complexity.COMPLEX))
    with ctx.db.read() as s:
        assert ledger.count(ctx, s, team.clerk2, ledger.LedgerFilter(), ctx.today()) == 0
        with pytest.raises(NotFound):
            timeline.timeline(s, team.clerk2, case)
        for_inspector = timeline.timeline(s, team.inspector, case)
        for_registrar = timeline.timeline(s, team.clerk, case)
    assert any(e.details.get("notes") == "举报村干部" for e in for_inspector)
    assert any(e.details.get("notes") == "举报村干部" for e in for_registrar)
