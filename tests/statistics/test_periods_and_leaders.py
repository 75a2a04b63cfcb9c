"""Periods as typed on the command line; the leaders' reception days service; the comment record."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop.db.models import Matter
from desktop.domain.errors import PermissionDenied, ValidationError
from desktop.services import leader_days
from desktop.statistics.comments import load_comment, save_comment
from desktop.statistics.figures import overdue_states
from desktop.statistics.filters import StatFilter
from desktop.statistics.periods import PeriodKind, ReportPeriod, parse_period


@pytest.mark.parametrize(("text", "kind", "start", "end", "previous"), [
    ("2026-10", PeriodKind.MONTH, date(2026, 10, 1), date(2026, 10, 31), "2026-09"),
    ("2026-01", PeriodKind.MONTH, date(2026, 1, 1), date(2026, 1, 31), "2025-12"),
    ("2026-Q3", PeriodKind.QUARTER, date(2026, 7, 1), date(2026, 9, 30), "2026-Q2"),
    ("2026-Q1", PeriodKind.QUARTER, date(2026, 1, 1), date(2026, 3, 31), "2025-Q4"),
    ("2024", PeriodKind.YEAR, date(2024, 1, 1), date(2024, 12, 31), "2023"),
    ("2026-02-01..2026-02-10", PeriodKind.CUSTOM, date(2026, 2, 1), date(2026, 2, 10), "2026-01-22..2026-01-31"),
])
def test_periods_parse_and_step_back(text, kind, start, end, previous) -> None:  # type: ignore[no-untyped-def]
    p = parse_period(text)
    assert (p.kind, p.start, p.end, p.key) == (kind, start, end, text)
    assert p.previous().key == previous


@pytest.mark.parametrize("bad", ["2026-13", "2026-Q5", "26-10", "", "2026-10-05..2026-10-01"])
def test_bad_periods_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        parse_period(bad)


def test_leap_february_and_labels() -> None:
    assert ReportPeriod.month(2024, 2).end == date(2024, 2, 29)
    assert ReportPeriod.quarter(2026, 3).label_zh == "2026年第三季度"


def test_the_visit_on_a_leader_day_links_to_the_session(township) -> None:
    t = township
    assert t.visit_session_id == t.leader_session_id
    with t.ctx.db.read() as s:
        rows = leader_days.list_sessions(t.ctx, s, t.team.clerk, date(2025, 4, 1), date(2025, 4, 30))
    held, planned = rows
    assert (held.day, held.held, held.batches, held.people, held.solved_on_spot) == (date(2025, 4, 16), True, 2, 3, 1)
    assert (held.visits_linked, held.leader_name) == (1, "孙分管")
    assert (planned.day, planned.held) == (date(2025, 4, 23), False)


def test_leader_day_rules(township) -> None:
    t = township
    with t.ctx.db.session() as s, pytest.raises(ValidationError) as err:
        leader_days.schedule(t.ctx, s, t.team.approver, t.team.approver.id, date(2025, 4, 16))
    assert err.value.code == "leader_day_taken"
    with t.ctx.db.session() as s, pytest.raises(ValidationError):  # a clerk is not a leader
        leader_days.schedule(t.ctx, s, t.team.approver, t.team.clerk.id, date(2025, 5, 7))
    with t.ctx.db.session() as s, pytest.raises(PermissionDenied):  # clerks do not plan the rota
        leader_days.schedule(t.ctx, s, t.team.clerk, t.team.approver.id, date(2025, 5, 7))
    with t.ctx.db.session() as s, pytest.raises(ValidationError):  # more solved than received
        leader_days.record(t.ctx, s, t.team.clerk, t.leader_session_id, batches=1, people=1, solved_on_spot=2)
    with t.ctx.db.session() as s, pytest.raises(ValidationError):  # held once: cannot be cancelled
        leader_days.cancel(t.ctx, s, t.team.approver, t.leader_session_id)
    with t.ctx.db.session() as s:
        row = leader_days.schedule(t.ctx, s, t.team.approver, t.team.case_lead.id, date(2025, 5, 14))
        leader_days.cancel(t.ctx, s, t.team.approver, row.id)
        assert leader_days.sessions_on(s, date(2025, 5, 14)) == []


def test_two_leaders_on_one_day_need_a_choice(township) -> None:
    from desktop.domain.enums import Channel
    from desktop.services import intake

    t = township
    with t.ctx.db.session() as s:
        leader_days.schedule(t.ctx, s, t.team.approver, t.team.case_lead.id, date(2025, 4, 16))
    with t.ctx.db.session() as s:
        visit = intake.add_visit(t.ctx, s, t.team.clerk, t.cases["H"], Channel.VISIT,
                                 occurred_at=t.clock.now().replace(month=4, day=16))
        s.flush()
        assert leader_days.attach_visit(t.ctx, s, visit) is None
        chosen = leader_days.attach_visit(t.ctx, s, visit, leader_id=t.team.case_lead.id)
        assert chosen is not None and visit.leader_session_id == chosen.id


def test_overdue_today_counts_the_open_matters_past_the_limit(township) -> None:
    t = township
    with t.ctx.db.read() as s:
        rules, cal = t.ctx.rules(s), t.ctx.calendar(s)
        got = {x.id for x in overdue_states(s, StatFilter(), t.ctx.today(), rules, cal)}
        ids = set(s.scalars(select(Matter.id).where(Matter.case_number.in_([t.cases["J"], t.cases["G"]]))))
    assert got == ids  # D and E are open past their limits in April, but by fewer than 10 working days


def test_the_comment_is_kept_per_period(township) -> None:
    t = township
    april = ReportPeriod.month(2025, 4)
    with t.ctx.db.session() as s:
        save_comment(t.ctx, s, t.team.approver, april, "  四月涉法涉诉类持续居首，建议加强诉访分离宣传。\r\n")
    with t.ctx.db.read() as s:
        assert load_comment(s, april) == "四月涉法涉诉类持续居首，建议加强诉访分离宣传。"
        assert load_comment(s, ReportPeriod.month(2025, 3)) == ""
    with t.ctx.db.session() as s, pytest.raises(PermissionDenied):
        save_comment(t.ctx, s, t.team.interviewer, april, "x")
