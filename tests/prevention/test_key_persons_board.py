"""Key persons (visibility, encryption, history hook), escalated visits and the 三无 board and figures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from desktop.clock import FixedClock
from desktop.db.models import KeyPerson, Matter
from desktop.domain.errors import PermissionDenied
from desktop.prevention import board, escalations, figures, key_persons
from desktop.prevention.enums import (
    ContactKind,
    EscalationLevel,
    EscalationSource,
    KeyPersonKind,
    KeyPersonStatus,
)
from desktop.prevention.escalations import EscalationInput
from desktop.prevention.key_persons import KeyPersonInput
from desktop.services import intake, petitioners
from desktop.services.context import AppContext
from desktop.services.settings_service import set_setting
from desktop.statistics.periods import ReportPeriod
from tests.desktop.helpers import registration, resident_id
from tests.prevention.conftest import Township

OLD_HAND = resident_id("11010519600101003")


def key_person(team_lead_id: int, **over: object) -> KeyPersonInput:
    values: dict[str, object] = dict(id_number=OLD_HAND, name="老王", kind=KeyPersonKind.LONG_TERM,
                                     reason="2008年征地补偿，多次赴省", since=date(2024, 5, 1),
                                     cadre_id=team_lead_id, measures="每周走访，协调低保", village="东村")
    values.update(over)
    return KeyPersonInput(**values)  # type: ignore[arg-type]


def test_clerks_never_see_key_persons_by_default(ctx: AppContext, town: Township) -> None:
    t = town.team
    with ctx.db.session() as s:
        key_persons.register(ctx, s, t.approver, key_person(t.case_lead.id))
    for actor in (t.clerk, t.admin, town.grid_worker, town.secretary):
        with ctx.db.read() as s, pytest.raises(PermissionDenied):
            key_persons.list_key_persons(ctx, s, actor, ctx.today())
    with ctx.db.session() as s:
        rows = key_persons.list_key_persons(ctx, s, t.inspector, ctx.today())
    assert [(r.name, r.reason, r.cadre) for r in rows] == [("老王", "2008年征地补偿，多次赴省", "周包案")]
    with ctx.db.session() as s:  # the administrator names the clerk's role in the settings: now they see it
        set_setting(ctx, s, t.admin, "prevention.key_person_roles", "approver, clerk")
    with ctx.db.session() as s:
        assert len(key_persons.list_key_persons(ctx, s, t.clerk, ctx.today())) == 1
        with pytest.raises(PermissionDenied):
            key_persons.list_key_persons(ctx, s, t.inspector, ctx.today())


def test_reason_and_measures_are_encrypted(ctx: AppContext, town: Township) -> None:
    with ctx.db.session() as s:
        key_persons.register(ctx, s, town.team.approver, key_person(town.team.case_lead.id))
    with ctx.db.read() as s:
        kp = s.scalar(select(KeyPerson))
        assert "征地".encode() not in kp.reason_cipher and "走访".encode() not in kp.measures_cipher


def test_registration_by_a_key_person_shows_in_the_history(ctx: AppContext, town: Township) -> None:
    t = town.team
    with ctx.db.session() as s:
        key_persons.register(ctx, s, t.approver, key_person(t.case_lead.id))
    with ctx.db.session() as s:
        h = petitioners.history(ctx, s, t.clerk, OLD_HAND, ctx.today(), ctx.rules(s))
        assert h.key_person is not None and h.key_person.cadre == "周包案"
        assert h.key_person.reason == "" and h.key_person.status is None  # the clerk learns whom to tell
        h2 = petitioners.history(ctx, s, t.approver, OLD_HAND, ctx.today(), ctx.rules(s))
        assert h2.key_person.reason.startswith("2008年") and h2.key_person.status is KeyPersonStatus.WATCH
        other = petitioners.history(ctx, s, t.clerk, resident_id(), ctx.today(), ctx.rules(s))
        assert other.key_person is None


def test_sensitive_period_steps_up_the_contact_rhythm(ctx: AppContext, town: Township, clock: FixedClock) -> None:
    t = town.team
    with ctx.db.session() as s:
        kp = key_persons.register(ctx, s, t.approver, key_person(t.case_lead.id))
        key_persons.log_contact(ctx, s, t.approver, kp.id, ContactKind.VISIT, "入户走访", on=date(2025, 2, 20))
    with ctx.db.session() as s:
        row = key_persons.list_key_persons(ctx, s, t.approver, ctx.today())[0]
        assert row.next_contact_due == date(2025, 3, 22) and not row.contact_overdue  # every 30 days
        key_persons.add_sensitive_period(ctx, s, t.approver, "两会", date(2025, 3, 1), date(2025, 3, 15), 2)
    with ctx.db.session() as s:
        row = key_persons.list_key_persons(ctx, s, t.approver, ctx.today())[0]
        assert row.in_sensitive_period == "两会" and row.next_contact_due == date(2025, 2, 22)
        assert row.contact_overdue
        assert [c.note for c in key_persons.contacts(ctx, s, t.approver, kp.id)] == ["入户走访"]


def _escalate(ctx: AppContext, actor, **over: object) -> None:  # type: ignore[no-untyped-def]
    values: dict[str, object] = dict(occurred_on=date(2025, 2, 10), level=EscalationLevel.PROVINCE,
                                     source=EscalationSource.NOTICE, abnormal=True, id_number=OLD_HAND,
                                     name="老王", village="东村", reported_by="市信访局")
    values.update(over)
    with ctx.db.session() as s:
        escalations.record(ctx, s, actor, EscalationInput(**values))  # type: ignore[arg-type]


def test_three_no_status_changes_with_an_escalated_visit(ctx: AppContext, town: Township) -> None:
    t = town.team
    with ctx.db.read() as s:
        before = board.village_board(ctx, s, t.approver, 2025, ctx.today())
    assert before.three_no_count == 3 and before.share_percent == 100.0 and before.goal_met
    _escalate(ctx, t.clerk, level=EscalationLevel.COUNTY)  # 非正常 but only to the county: still 三无
    with ctx.db.read() as s:
        assert board.village_board(ctx, s, t.approver, 2025, ctx.today()).three_no_count == 3
    _escalate(ctx, t.clerk)  # to the province
    _escalate(ctx, t.clerk, abnormal=False, group=True, headcount=12, id_number="", village="西村",
              level=EscalationLevel.COUNTY)
    with ctx.db.read() as s:
        b = board.village_board(ctx, s, t.approver, 2025, ctx.today())
    rows = {r.village: r for r in b.rows}
    assert not rows["东村"].three_no and rows["东村"].abnormal_above == 1
    assert not rows["西村"].three_no and rows["西村"].group_escalations == 1
    assert rows["南村"].three_no and b.three_no_count == 1 and not b.goal_met
    with ctx.db.read() as s:  # the year before is untouched
        assert board.village_board(ctx, s, t.approver, 2024, ctx.today()).three_no_count == 3


def test_three_no_status_changes_with_a_backlog_matter(ctx: AppContext, town: Township,
                                                       clock: FixedClock) -> None:
    t = town.team
    with ctx.db.session() as s:
        intake.register(ctx, s, t.clerk, registration(village="南村"))
    with ctx.db.read() as s:
        assert all(r.three_no for r in board.village_board(ctx, s, t.approver, 2025, ctx.today()).rows)
    clock.advance(days=90)  # open for the setting's 90 days: now a 信访积案
    with ctx.db.read() as s:
        rows = {r.village: r for r in board.village_board(ctx, s, t.approver, 2025, ctx.today()).rows}
        assert rows["南村"].backlog == 1 and not rows["南村"].three_no
        assert board.open_backlog_matters_by_village(s, ctx.today() - timedelta(days=1), 90) == {}


def test_escalation_registers_the_assigned_matter(ctx: AppContext, town: Township) -> None:
    t = town.team
    _escalate(ctx, t.clerk, source=EscalationSource.ASSIGNMENT)
    with ctx.db.session() as s:
        visit = escalations.list_visits(ctx, s, t.clerk)[0]
        matter = escalations.register_assigned_matter(ctx, s, t.clerk, visit.id,
                                                      registration(id_number=OLD_HAND, name="老王", village=""))
        assert s.get(Matter, matter.id).village_id is not None
    with ctx.db.read() as s:
        assert escalations.list_visits(ctx, s, t.clerk)[0].case_number == matter.case_number


def test_figures_point_in_time_and_comparisons(ctx: AppContext, town: Township, clock: FixedClock) -> None:
    from desktop.prevention import screening
    from desktop.prevention.screening import ScreeningInput

    t = town.team
    with ctx.db.session() as s:
        key_persons.register(ctx, s, t.approver, key_person(t.case_lead.id))
        key_persons.register(ctx, s, t.approver, key_person(t.case_lead.id, id_number=resident_id(),
                                                            name="张三", kind=KeyPersonKind.KEY_PERSON))
        red = screening.add_item(ctx, s, t.clerk, ScreeningInput("村", "刘书记", "拖欠工资", "红", village="东村"))
        screening.add_item(ctx, s, t.clerk, ScreeningInput("村", "刘书记", "邻里纠纷", "黄", village="东村"))
        screening.record_follow_up(ctx, s, t.approver, red.id, "镇长到场")  # type: ignore[union-attr]
    _escalate(ctx, t.clerk, occurred_on=date(2025, 3, 2))
    march = ReportPeriod.month(2025, 3)
    with ctx.db.read() as s:
        c = figures.compare(ctx, s, t.approver, march)
    v = c.current.values
    assert v["screening_reported"] == 2 and v["screening_red"] == 1
    assert v["important_info_rate"].percent == 100.0
    assert str(v["stable_rate"]) == "50.0%"  # 老王 went to the province
    assert v["escalated_province"] == 1 and v["three_no_villages"] == 2
    assert c.previous.values["screening_reported"] == 0 and c.change("screening_reported") == 2.0
    assert c.year_ago.period == ReportPeriod.month(2024, 3)
    # A report from above arriving in April about a February visit does not change February.
    feb = ReportPeriod.month(2025, 2)
    with ctx.db.read() as s:
        before = figures.compute(s, feb, date(2025, 4, 10))
    clock.set(clock.now() + timedelta(days=40))
    _escalate(ctx, t.clerk, occurred_on=date(2025, 2, 20), level=EscalationLevel.BEIJING)
    with ctx.db.read() as s:
        after = figures.compute(s, feb, date(2025, 4, 10))
    assert after.values == before.values
    with ctx.db.read() as s:  # listed as a correction in the period it was reported in
        late = figures.late_escalations(s, ReportPeriod.month(2025, 4), date(2025, 4, 30))
        assert [(x.occurred_on, x.level) for x in late] == [(date(2025, 2, 20), EscalationLevel.BEIJING)]
        assert figures.late_escalations(s, ReportPeriod.month(2025, 3), date(2025, 4, 30)) == []
    with ctx.db.read() as s:
        assert figures.definition("important_info_rate", s).count("48") == 1


def test_figure_rows_for_the_report(ctx: AppContext, town: Township) -> None:
    from desktop.prevention import screening
    from desktop.prevention.screening import ScreeningInput

    with ctx.db.session() as s:
        screening.add_item(ctx, s, town.team.clerk, ScreeningInput("村", "刘书记", "拖欠工资", "红", village="东村"))
    with ctx.db.read() as s:
        c = figures.compare(ctx, s, town.team.approver, ReportPeriod.month(2025, 3))
        rows = {r.key: r for r in figures.rows(c, s)}
        en = {r.key: r for r in figures.rows(c, s, "en")}
    assert rows["screening_reported"].value == "1件" and rows["screening_reported"].previous_change == "+1"
    assert rows["important_info_rate"].value == "0.0%" and rows["important_info_rate"].year_change == "—"
    assert rows["three_no_share"].value == "100.0%" and "90%" in rows["three_no_share"].definition
    assert en["stable_rate"].label == "Key persons kept stable" and en["stable_rate"].value == "—"


def test_removed_key_persons_leave_the_register_but_not_earlier_periods(ctx: AppContext, town: Township) -> None:
    t = town.team
    with ctx.db.session() as s:
        kp = key_persons.register(ctx, s, t.approver, key_person(t.case_lead.id))
    _escalate(ctx, t.clerk)  # 10 February, to the province
    with ctx.db.session() as s:
        key_persons.remove(ctx, s, t.approver, kp.id, "息诉罢访三年", on=date(2025, 3, 1))
        with pytest.raises(PermissionDenied):
            key_persons.remove(ctx, s, t.clerk, kp.id, "x")
    with ctx.db.session() as s:
        assert key_persons.list_key_persons(ctx, s, t.approver, ctx.today()) == []
        assert len(key_persons.list_key_persons(ctx, s, t.approver, ctx.today(), include_removed=True)) == 1
        feb = figures.compute(s, ReportPeriod.month(2025, 2), ctx.today())
        march = figures.compute(s, ReportPeriod.month(2025, 3), ctx.today())
    assert str(feb.values["stable_rate"]) == "—"  # entered on 3 March: February, closed, had nobody on it
    assert str(march.values["stable_rate"]) == "100.0%"  # removed on 1 March: still counted in March, no visit
    with ctx.db.read() as s:
        april = figures.compute(s, ReportPeriod.month(2025, 4), date(2025, 4, 30))
    assert str(april.values["stable_rate"]) == "—"  # off the register


def test_a_backlog_case_in_the_key_case_register_takes_the_village_off_three_no(ctx: AppContext, town: Township,
                                                                                clock: FixedClock) -> None:
    """A matter the key-case register holds as a 信访积案 counts at once, whatever its age."""
    from desktop.keycases import cases
    from desktop.keycases.cases import FlagInput
    from desktop.keycases.enums import KeyCaseKind, KeyCaseReason

    t = town.team
    with ctx.db.session() as s:
        number = intake.register(ctx, s, t.clerk, registration(village="南村")).case_number
    with ctx.db.read() as s:
        assert all(r.three_no for r in board.village_board(ctx, s, t.approver, 2025, ctx.today()).rows)
    with ctx.db.session() as s:
        cases.flag_case(ctx, s, t.clerk, FlagInput(case_number=number, kind=KeyCaseKind.BACKLOG,
                                                   reason=KeyCaseReason.HISTORICAL, leader_id=t.case_lead.id))
    with ctx.db.read() as s:
        rows = {r.village: r for r in board.village_board(ctx, s, t.approver, 2025, ctx.today()).rows}
        assert rows["南村"].backlog == 1 and not rows["南村"].three_no
        assert board.open_backlog_matters_by_village(s, ctx.today() - timedelta(days=1), 90) == {}
