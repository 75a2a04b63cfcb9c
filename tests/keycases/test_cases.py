"""包案: flagging, the 3+2 task force, the plan's limit, progress, the tough-case list, the bulletin and the
open backlog per village — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from desktop.clock import CHINA_TZ
from desktop.domain.enums import MatterStatus
from desktop.domain.errors import PermissionDenied, ValidationError
from desktop.keycases import cases, queries
from desktop.keycases.cases import FlagInput, StepInput
from desktop.keycases.enums import KeyCaseKind, KeyCaseReason, MemberLevel
from tests.keycases.conftest import Ledger

T, V = MemberLevel.TOWNSHIP, MemberLevel.VILLAGE
TASK_FORCE = [("甲", T, None), ("乙", T, None), ("丙", T, None), ("丁", V, None), ("戊", V, None)]


def flag(ledger: Ledger, number: str, reason: KeyCaseReason, kind: KeyCaseKind = KeyCaseKind.KEY, **over) -> int:
    ctx, team = ledger.ctx, ledger.team
    with ctx.db.session() as s:
        return cases.flag_case(ctx, s, team.clerk, FlagInput(case_number=number, kind=kind, reason=reason,
                                                             leader_id=team.case_lead.id, **over)).id


def test_red_case_gets_plan_limit_of_24_hours_and_late_plan_is_marked(ledger: Ledger, clock) -> None:
    ctx, team = ledger.ctx, ledger.team
    red = flag(ledger, ledger.matter(date(2025, 2, 20)), KeyCaseReason.RED_WARNING)
    other = flag(ledger, ledger.matter(date(2025, 2, 21)), KeyCaseReason.FROM_ABOVE)
    with ctx.db.read() as s:
        assert cases.get_case(s, red).plan_due_at == datetime(2025, 3, 4, 10, tzinfo=CHINA_TZ)
        # 5 working days after Monday 3 March is Monday 10 March, to the end of that day.
        assert cases.get_case(s, other).plan_due_at == datetime(2025, 3, 10, 23, 59, 59, tzinfo=CHINA_TZ)
    clock.advance(hours=25)
    with ctx.db.session() as s:
        late = cases.make_plan(ctx, s, team.clerk, red, "入户走访、政策解释", [
            StepInput("调取二轮延包档案", team.dept_head.id, date(2025, 3, 10))])
        on_time = cases.make_plan(ctx, s, team.clerk, other, "专题研判", [
            StepInput("召开协调会", team.approver.id, date(2025, 3, 12))])
        assert (late.on_time, on_time.on_time) == (False, True)
    with ctx.db.session() as s, pytest.raises(ValidationError) as again:
        cases.make_plan(ctx, s, team.clerk, red, "x", [StepInput("y", team.clerk.id, date(2025, 3, 20))])
    assert again.value.code == "plan_exists"


def test_task_force_needs_three_township_and_two_village_cadres(ledger: Ledger) -> None:
    ctx, team = ledger.ctx, ledger.team
    kc = flag(ledger, ledger.matter(date(2025, 2, 20)), KeyCaseReason.RED_WARNING)
    with ctx.db.session() as s, pytest.raises(ValidationError) as small:
        cases.set_task_force(ctx, s, team.clerk, kc, TASK_FORCE[:2] + TASK_FORCE[3:])
    assert small.value.code == "task_force_too_small" and small.value.details["township"] == 2
    with ctx.db.session() as s:
        cases.set_task_force(ctx, s, team.clerk, kc, TASK_FORCE)
    with ctx.db.read() as s:
        view = queries.plan_of(ctx, s, team.inspector, kc)
    assert [m.name for m in view.members] == ["甲", "乙", "丙", "丁", "戊"] and view.case.members == 5


def test_plan_steps_stay_within_the_limit_and_progress_is_weekly(ledger: Ledger) -> None:
    ctx, team = ledger.ctx, ledger.team
    number = ledger.matter(date(2025, 2, 20))
    kc = flag(ledger, number, KeyCaseReason.LEADER_INSTRUCTION, limit_on=date(2025, 3, 31))
    with ctx.db.session() as s, pytest.raises(ValidationError) as after:
        cases.make_plan(ctx, s, team.clerk, kc, "方案", [StepInput("a", team.clerk.id, date(2025, 3, 20)),
                                                       StepInput("b", team.clerk.id, date(2025, 4, 1))])
    assert after.value.code == "step_after_limit" and after.value.details["step"] == 2
    with ctx.db.session() as s:
        cases.make_plan(ctx, s, team.clerk, kc, "方案", [StepInput("a", team.clerk.id, date(2025, 3, 20))])
        cases.record_progress(ctx, s, team.case_lead, kc, date(2025, 3, 2), "专班入户第一次")  # a Sunday
    with ctx.db.read() as s:
        view = queries.plan_of(ctx, s, team.approver, number)
    assert view.progress[0].week_of == date(2025, 2, 24) and view.case.last_progress_on == date(2025, 2, 24)
    assert view.steps[0].owner == "李接待" and view.summary == "方案"


def test_only_editors_flag_and_the_leader_must_be_a_leader(ledger: Ledger) -> None:
    ctx, team = ledger.ctx, ledger.team
    number = ledger.matter(date(2025, 2, 20))
    with ctx.db.session() as s, pytest.raises(PermissionDenied):
        cases.flag_case(ctx, s, team.interviewer, FlagInput(number, KeyCaseKind.KEY, KeyCaseReason.FROM_ABOVE,
                                                            team.case_lead.id))
    with ctx.db.session() as s, pytest.raises(ValidationError) as bad:
        cases.flag_case(ctx, s, team.clerk, FlagInput(number, KeyCaseKind.KEY, KeyCaseReason.FROM_ABOVE,
                                                      team.clerk2.id))
    assert bad.value.code == "staff_invalid"


def test_tough_list_from_the_rules(ledger: Ledger) -> None:
    ctx, team = ledger.ctx, ledger.team
    old_open = ledger.matter(date(2024, 11, 1))  # unresolved > 3 months on 3 March 2025
    ledger.matter(date(2025, 1, 10))  # open, but under 3 months: not listed
    above = ledger.matter(date(2025, 2, 1))
    flag(ledger, above, KeyCaseReason.FROM_ABOVE)
    ledger.matter(date(2024, 10, 1), MatterStatus.CLOSED, closed_on=date(2024, 12, 1))  # settled
    both = ledger.matter(date(2024, 9, 1), restricted=True, summary="举报村干部")
    flag(ledger, both, KeyCaseReason.LEADER_INSTRUCTION, background="举报背景", core_demand="查处")
    with ctx.db.read() as s:
        tough = queries.tough_list(ctx, s, team.clerk2, "2025-Q1", date(2025, 3, 3))
        mine = queries.tough_list(ctx, s, team.inspector, "2025-Q1", date(2025, 3, 3))
    by = {r.case_number: r for r in tough.rows}
    assert set(by) == {old_open, above, both}
    assert by[old_open].reasons == (KeyCaseReason.UNRESOLVED,) and not by[old_open].flagged
    assert by[above].reasons == (KeyCaseReason.FROM_ABOVE,) and by[above].leader == "周包案"
    assert by[both].reasons == (KeyCaseReason.LEADER_INSTRUCTION, KeyCaseReason.UNRESOLVED)
    assert by[both].background == "" and by[both].core_demand == ""  # an accusation, clerk2 not entitled
    assert {r.case_number: r for r in mine.rows}[both].background == "举报背景"
    assert by[old_open].department == "司法所"


def test_open_backlog_per_village_and_backlog_rate(ledger: Ledger, clock) -> None:
    ctx, team = ledger.ctx, ledger.team
    ids = [flag(ledger, ledger.matter(date(2024, 5, 1), village=v), KeyCaseReason.HISTORICAL,
                KeyCaseKind.BACKLOG, since_on=date(2024, 6, 1)) for v in ("东村", "东村", "西村")]
    flag(ledger, ledger.matter(date(2025, 2, 1), village="北村"), KeyCaseReason.FROM_ABOVE)  # 重点, not 积案
    clock.advance(days=10)
    with ctx.db.session() as s:
        cases.resolve_case(ctx, s, team.case_lead, ids[2], date(2025, 3, 12), "息诉罢访")
        cases.resolve_case(ctx, s, team.case_lead, ids[1], date(2025, 3, 13), "息诉罢访")
    with ctx.db.read() as s:
        on_12 = queries.open_backlog_by_village(s, date(2025, 3, 12))
        on_13 = queries.open_backlog_by_village(s, date(2025, 3, 13))
        rate = queries.backlog_rate(s, 2025, date(2025, 3, 13))
        bulletin = queries.bulletin(ctx, s, team.approver, date(2025, 3, 1), date(2025, 3, 13))
    east, west = ledger.village("东村"), ledger.village("西村")
    assert on_12 == {east: 2} and on_13 == {east: 1} and west not in on_13
    assert (rate.numerator, rate.denominator) == (2, 3)
    assert (bulletin.open_cases, bulletin.resolved_in_month, bulletin.backlog_resolved, bulletin.backlog_base) \
        == (2, 2, 2, 3)


def test_list_by_kind_hides_accusations_from_the_unentitled(ledger: Ledger) -> None:
    ctx, team = ledger.ctx, ledger.team
    flag(ledger, ledger.matter(date(2024, 5, 1)), KeyCaseReason.HISTORICAL, KeyCaseKind.BACKLOG)
    flag(ledger, ledger.matter(date(2025, 2, 1), restricted=True, summary="举报"), KeyCaseReason.FROM_ABOVE)
    with ctx.db.read() as s:
        backlog = queries.list_cases(ctx, s, team.clerk2, KeyCaseKind.BACKLOG)
        every = queries.list_cases(ctx, s, team.clerk2)
    assert [r.kind for r in backlog] == [KeyCaseKind.BACKLOG]
    assert [r.summary for r in every] == ["土地承包款纠纷", ""]
    assert every[0].plan_due_at - timedelta(days=0) >= every[0].plan_due_at
