"""The whole procedure through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop.db.models import Department, Matter
from desktop.domain.enums import (
    AlertLevel,
    Category,
    Complexity,
    DayUnit,
    MatterStatus,
    MeetingStage,
    Outcome,
    RegulationType,
    ReviewOutcome,
    Risk,
    Satisfaction,
    SignerRole,
)
from desktop.domain.errors import IllegalTransition, InvalidInput, PermissionDenied
from desktop.services import audit, audit_verify, followup, handling, intake, letters
from desktop.services.intake_input import AssignmentInput, ClassificationInput
from tests.desktop.helpers import interview, petition_classification, registration

SECTIONS = {
    "request": "要求发放2024年土地承包款。",
    "investigation": "经走访村委会、查阅账目，核实承包款发放记录。",
    "findings": "经查，该户承包款因账户信息错误未能到账。",
    "basis": "《农村土地承包法》第三十九条。",
    "conclusion": "支持申请人的请求，由村委会于十日内补发。",
}


def _dept(session, name: str) -> int:
    return session.scalar(select(Department.id).where(Department.name == name))


def _assigned(ctx, team) -> str:
    with ctx.db.session() as s:
        m = intake.register(ctx, s, team.clerk, registration())
        case = m.case_number
        intake.record_interview(ctx, s, team.clerk, case, interview(team.interviewer.id))
        intake.classify(ctx, s, team.clerk, case, petition_classification())
        intake.submit_assignment(ctx, s, team.clerk, case, AssignmentInput(
            department_id=_dept(s, "司法所"), first_handler_id=team.clerk.id, approver_id=team.approver.id,
            case_lead_id=team.case_lead.id))
    with ctx.db.session() as s:
        handling.approve_assignment(ctx, s, team.approver, case)
    return case


def test_register_numbers_and_dates(ctx, team) -> None:
    with ctx.db.session() as s:
        first = intake.register(ctx, s, team.clerk, registration())
        second = intake.register(ctx, s, team.clerk, registration(id_number="", channel=intake.Channel.LETTER))
    assert first.case_number == "XF2025-00001"
    assert second.case_number == "XF2025-00002"
    assert first.registered_on == date(2025, 3, 3)
    assert first.assign_due == date(2025, 3, 5)  # 2 working days after Monday
    assert first.status == MatterStatus.REGISTERED


def test_id_number_is_not_stored_in_clear(ctx, team, db_url) -> None:
    from sqlalchemy import text

    number = registration().id_number
    with ctx.db.session() as s:
        intake.register(ctx, s, team.clerk, registration())
    with ctx.db.engine.connect() as conn:
        dump = " ".join(str(row) for row in conn.execute(text("SELECT * FROM petitioners")))
    assert number not in dump
    assert "13800138000" not in dump


def test_repeat_visits_raise_the_alert(ctx, team, clock) -> None:
    levels = []
    for _ in range(5):
        with ctx.db.session() as s:
            levels.append(intake.register(ctx, s, team.clerk, registration()).repeat_alert)
        clock.advance(days=3)
    assert levels == [AlertLevel.GREEN, AlertLevel.YELLOW, AlertLevel.YELLOW, AlertLevel.YELLOW, AlertLevel.RED]
    clock.advance(days=40)  # the trailing window has emptied
    with ctx.db.session() as s:
        assert intake.register(ctx, s, team.clerk, registration()).repeat_alert == AlertLevel.GREEN


def test_group_visit_refuses_a_sixth_representative(ctx, team) -> None:
    from desktop.services.intake_input import RepresentativeInput

    reps = [RepresentativeInput(name=f"代表{i}") for i in range(6)]
    with ctx.db.session() as s, pytest.raises(InvalidInput) as err:
        intake.register(ctx, s, team.clerk, registration(group_size=30, representatives=reps))
    assert [p.code for p in err.value.problems] == ["too_many_representatives"]


def test_bad_fields_are_all_named(ctx, team) -> None:
    with ctx.db.session() as s, pytest.raises(InvalidInput) as err:
        intake.register(ctx, s, team.clerk, registration(name="", id_number="110105199003070020", phone="12345",
                                                         summary=" "))
    fields = {p.details["field"] for p in err.value.problems}
    assert fields == {"name", "id_number", "phone", "summary"}


def test_assigning_before_classifying_is_refused_naming_what_is_missing(ctx, team) -> None:
    with ctx.db.session() as s:
        case = intake.register(ctx, s, team.clerk, registration()).case_number
    with ctx.db.session() as s, pytest.raises(IllegalTransition) as err:
        intake.submit_assignment(ctx, s, team.clerk, case, AssignmentInput(
            department_id=_dept(s, "司法所"), first_handler_id=team.clerk.id, approver_id=team.approver.id))
    assert err.value.details["missing"] == ["interview", "classification", "assignment"]


def test_only_the_named_approver_approves(ctx, team) -> None:
    with ctx.db.session() as s:
        case = intake.register(ctx, s, team.clerk, registration()).case_number
        intake.record_interview(ctx, s, team.clerk, case, interview(team.interviewer.id))
        intake.classify(ctx, s, team.clerk, case, petition_classification())
        intake.submit_assignment(ctx, s, team.clerk, case, AssignmentInput(
            department_id=_dept(s, "司法所"), first_handler_id=team.clerk.id, approver_id=team.approver.id))
    with ctx.db.session() as s, pytest.raises(PermissionDenied) as refused:
        handling.approve_assignment(ctx, s, team.clerk, case)
    assert refused.value.code == "permission_denied"
    with ctx.db.session() as s, pytest.raises(PermissionDenied) as refused:
        handling.approve_assignment(ctx, s, team.case_lead, case)
    assert refused.value.code in ("permission_denied", "not_named_approver")


def test_handling_due_follows_approval_pause_and_extension(ctx, team, clock) -> None:
    case = _assigned(ctx, team)
    with ctx.db.read() as s:
        m = intake.matter_by_number(s, case)
        assert m.assigned_on == date(2025, 3, 3)
        assert m.handling_due == date(2025, 3, 18)  # 15 days, a Tuesday
    with ctx.db.session() as s:
        handling.pause(ctx, s, team.clerk, case, "听证", team.approver.id, start_on=date(2025, 3, 5))
    with ctx.db.session() as s:
        handling.resume(ctx, s, team.clerk, case, end_on=date(2025, 3, 7))
    with ctx.db.session() as s:
        handling.extend(ctx, s, team.clerk, case, 10, DayUnit.CALENDAR, "需补充调查", team.approver.id)
        m = intake.matter_by_number(s, case)
        assert m.status == MatterStatus.ASSIGNED
        assert m.handling_due == date(2025, 3, 31)  # 15 + 10 + 3 paused days from 3 March: Sun 30 → Mon 31
    with ctx.db.session() as s, pytest.raises(InvalidInput.__mro__[1]):
        handling.extend(ctx, s, team.clerk, case, 25, DayUnit.CALENDAR, "再延", team.approver.id)


def test_letter_signatures_void_on_edit_and_both_are_needed(ctx, team) -> None:
    case = _assigned(ctx, team)
    with ctx.db.session() as s:
        letter = letters.save_draft(ctx, s, team.clerk, case, SECTIONS, Outcome.SUPPORT,
                                    dept_head_id=team.dept_head.id)
        assert "复查" in letter.sections["remedies"]
        with pytest.raises(IllegalTransition) as err:
            letters.finalize(ctx, s, team.clerk, case)
        assert set(err.value.details["missing"]) == {"signature_dept_head", "signature_case_lead"}
    with ctx.db.session() as s:
        letters.sign(ctx, s, team.dept_head, case, SignerRole.DEPT_HEAD, [[(0.1, 0.1, 0.5), (0.9, 0.8, 0.7)]])
        with pytest.raises(PermissionDenied) as refused:  # the department head cannot sign for the case lead
            letters.sign(ctx, s, team.dept_head, case, SignerRole.CASE_LEAD, [[(0.1, 0.1, 0.5)]])
        assert refused.value.code == "not_named_signer"
        letters.sign(ctx, s, team.case_lead, case, SignerRole.CASE_LEAD, [[(0.2, 0.2, 0.5), (0.8, 0.3, 0.6)]])
    with ctx.db.session() as s:  # an edit after signing voids both signatures
        letters.save_draft(ctx, s, team.clerk, case, {**SECTIONS, "findings": SECTIONS["findings"] + "另查明……"},
                           Outcome.SUPPORT)
        with pytest.raises(IllegalTransition) as voided:
            letters.finalize(ctx, s, team.clerk, case)
        assert set(voided.value.details["missing"]) == {"signature_dept_head", "signature_case_lead"}
    with ctx.db.session() as s:
        letters.sign(ctx, s, team.dept_head, case, SignerRole.DEPT_HEAD, [[(0.1, 0.1, 0.5)]])
        letters.sign(ctx, s, team.case_lead, case, SignerRole.CASE_LEAD, [[(0.2, 0.2, 0.5)]])
        final = letters.finalize(ctx, s, team.clerk, case)
        assert final.document_number == "青信访〔2025〕1号"


def test_vague_phrases_are_refused(ctx, team) -> None:
    case = _assigned(ctx, team)
    with ctx.db.session() as s:
        letters.save_draft(ctx, s, team.clerk, case, {**SECTIONS, "conclusion": "我们正在协调，尽快处理。"},
                           Outcome.EXPLAIN, dept_head_id=team.dept_head.id)
        letters.sign(ctx, s, team.dept_head, case, SignerRole.DEPT_HEAD, [[(0.1, 0.1, 0.5)]])
        letters.sign(ctx, s, team.case_lead, case, SignerRole.CASE_LEAD, [[(0.2, 0.2, 0.5)]])
        with pytest.raises(InvalidInput) as err:
            letters.finalize(ctx, s, team.clerk, case)
    phrases = {p.details.get("phrase") for p in err.value.problems}
    assert {"正在协调", "尽快处理"} <= phrases


def test_full_procedure_to_termination(ctx, team, clock) -> None:
    case = _assigned(ctx, team)
    with ctx.db.session() as s:
        handling.log_meeting(ctx, s, team.clerk, case, MeetingStage.BEFORE, date(2025, 3, 3), "确认诉求")
        with pytest.raises(IllegalTransition) as err:
            handling.close(ctx, s, team.clerk, case)
        assert err.value.details["missing"] == ["final_letter"]
        letters.save_draft(ctx, s, team.clerk, case, SECTIONS, Outcome.SUPPORT, dept_head_id=team.dept_head.id)
    with ctx.db.session() as s:
        letters.sign(ctx, s, team.dept_head, case, SignerRole.DEPT_HEAD, [[(0.1, 0.1, 0.5)]])
        letters.sign(ctx, s, team.case_lead, case, SignerRole.CASE_LEAD, [[(0.2, 0.2, 0.5)]])
        letters.finalize(ctx, s, team.clerk, case)
    clock.advance(days=7)
    with ctx.db.session() as s:
        letters.deliver(ctx, s, team.clerk, case)
        handling.close(ctx, s, team.clerk, case)
        m = intake.matter_by_number(s, case)
        assert (m.closed_on, m.evaluation_due, m.callback_due) == (date(2025, 3, 10), date(2025, 3, 17),
                                                                   date(2025, 3, 25))
        followup.evaluate(ctx, s, team.clerk, case, Satisfaction.DISSATISFIED)
        assert m.status == MatterStatus.UNDER_REVIEW
    with ctx.db.session() as s:
        followup.conclude_review(ctx, s, team.inspector, case, ReviewOutcome.UPHELD, "原处理意见正确，予以维持")
        assert intake.matter_by_number(s, case).status == MatterStatus.TERMINATED
        followup.log_callback(ctx, s, team.clerk, case, True, "当事人表示理解")
    with ctx.db.read() as s:
        checked, problems = audit.verify_chain(s)
    assert checked > 15 and problems == []


def test_policy_question_answered_on_the_spot(ctx, team) -> None:
    with ctx.db.session() as s:
        case = intake.register(ctx, s, team.clerk, registration(summary="咨询养老保险缴费政策")).case_number
        intake.record_interview(ctx, s, team.clerk, case, interview(team.interviewer.id))
        intake.classify(ctx, s, team.clerk, case, ClassificationInput(
            regulation_type=RegulationType.SUGGESTION, category=Category.POLICY, risk=Risk.GREEN,
            complexity=Complexity.SIMPLE))
        m = intake.answer_on_spot(ctx, s, team.clerk, case, "已当场解答缴费档次与补缴办法")
        assert (m.status, m.solved_at_first_contact) == (MatterStatus.CLOSED, True)


def test_accusations_are_hidden_from_roles_not_entitled(ctx, team) -> None:
    from desktop.services import ledger

    with ctx.db.session() as s:
        case = intake.register(ctx, s, team.clerk, registration(summary="检举村干部侵占补偿款")).case_number
        intake.record_interview(ctx, s, team.clerk, case, interview(team.interviewer.id))
        intake.classify(ctx, s, team.clerk, case, petition_classification(
            regulation_type=RegulationType.ACCUSATION, appeal_route=None))
    today = ctx.today()
    with ctx.db.read() as s:
        assert ledger.count(ctx, s, team.dept_head, ledger.LedgerFilter(), today) == 0
        assert ledger.count(ctx, s, team.clerk2, ledger.LedgerFilter(), today) == 0
        assert ledger.count(ctx, s, team.clerk, ledger.LedgerFilter(), today) == 1  # who took it in
        assert ledger.count(ctx, s, team.inspector, ledger.LedgerFilter(), today) == 1


def test_routing_proposes_the_department(ctx, team) -> None:
    with ctx.db.session() as s:
        legal = intake.propose_route(ctx, s, petition_classification())
        accusation = intake.propose_route(ctx, s, petition_classification(
            regulation_type=RegulationType.ACCUSATION, appeal_route=None, category=Category.LIVELIHOOD))
        dispute = intake.propose_route(ctx, s, petition_classification(
            category=Category.DISPUTE, complexity=Complexity.COMPLEX))
    assert legal.department_name == "司法所"
    assert accusation.department_name == "镇纪委"
    assert (dispute.department_name, dispute.handling_limit.amount) == ("人民调解委员会", 30)


def test_handover_moves_open_matters(ctx, team) -> None:
    with ctx.db.session() as s:
        intake.register(ctx, s, team.clerk, registration())
        intake.register(ctx, s, team.clerk, registration())
    with ctx.db.session() as s:
        row = followup.hand_over(ctx, s, team.admin, team.clerk.id, team.clerk2.id, "调岗")
        assert len(row.matter_ids) == 2
    with ctx.db.read() as s:
        owners = set(s.scalars(select(Matter.first_handler_id)))
        assert audit_verify.verify_all(s).problems == []  # the Core UPDATE audited its rows' new states
    assert owners == {team.clerk2.id}


def test_a_visit_on_a_leaders_reception_day_joins_that_session(ctx, team) -> None:
    from desktop.db.models import Visit
    from desktop.services import leader_days

    with ctx.db.session() as s:
        day_session = leader_days.schedule(ctx, s, team.admin, team.approver.id, ctx.today(), "接待室")
    with ctx.db.session() as s:
        visit_matter = intake.register(ctx, s, team.clerk, registration())
        letter_matter = intake.register(ctx, s, team.clerk, registration(id_number="", channel=intake.Channel.LETTER))
    with ctx.db.read() as s:
        linked = {v.matter_id: v.leader_session_id for v in s.scalars(select(Visit))}
        assert linked[visit_matter.id] == day_session.id
        assert linked[letter_matter.id] is None  # a letter is not received by the leader in person
        assert s.get(Matter, visit_matter.id).leader_session_id == day_session.id
