"""Each figure of the April 2025 report against the hand count in conftest.py (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop.db.models import Matter, Village
from desktop.domain.enums import Category, Channel, MatterStatus
from desktop.domain.errors import PermissionDenied
from desktop.statistics.catalog import FIGURES
from desktop.statistics.filters import StatFilter
from desktop.statistics.lists import RESTRICTED_LABEL
from desktop.statistics.periods import ReportPeriod
from desktop.statistics.report import build_report
from desktop.statistics.values import Rate

APRIL, MARCH = ReportPeriod.month(2025, 4), ReportPeriod.month(2025, 3)

# Counted by hand from the table in conftest.py, figure by figure as DOMAIN.md defines it:
APRIL_COUNTS = {
    "received": 7, "restricted_received": 1,
    "resolved": 3,  # A, B, C; D was closed on 10 April but reopened by the review on the 11th
    "first_petitions": 6,  # all but I2, which is linked to I1
    "first_petitions_done": 3,  # A (on the spot), B, C: closed in time, no repeat, no review, not 不满意
    "due_in_period": 4,  # limits in April: A 16th, B 22nd, D 26th (fresh limit after the review), E 24th;
    # C's limit moved past April by the pause, J's and G's fell earlier
    "on_time": 2,  # A and B; D and E are open past their limit and count against the rate
    "handled": 4,  # A (answered on the spot), B (assigned Mon 7th, within 2 working days of the holiday), C, D
    "group_matters": 1, "group_resolved": 0,  # H, 6 people, registered only
    "evaluated": 4, "satisfied": 3, "dissatisfied": 1,  # by the rating's date: A, B, C, D all rated in April
    "visits": 10, "group_visits": 1, "group_people": 6,
    "repeat_visits": 4,  # E's two later letters; I2's first visit (linked) and its visit on the 16th
    "repeat_matters": 2, "repeat_petitioners": 2,  # E, I2; 赵九, 王五
    "repeat_yellow": 2, "repeat_red": 0,  # 赵九 3 in 30 days, 王五 2 (I1's visit in March is 36 days before)
    "closed": 3, "settled": 3,  # A, B, C closed and standing; nobody came back (provisional: < 90 days)
    "reviews_opened": 1, "reviews_decided": 1, "reviews_upheld": 0, "reviews_changed": 1, "reviews_pending": 0,
    "seriously_overdue": 2,  # J and G
    "leader_sessions": 1, "leader_batches": 2, "leader_people": 3, "leader_solved": 1,
}
APRIL_RATES = {"resolution_rate": Rate(3, 7), "first_petition_rate": Rate(3, 6), "on_time_rate": Rate(2, 4),
               "handling_rate": Rate(4, 7), "group_resolution_rate": Rate(0, 1), "satisfaction_rate": Rate(3, 4),
               "settled_rate": Rate(3, 3), "review_upheld_rate": Rate(0, 1)}


def _report(t, actor=None, period=APRIL, filt=None):  # type: ignore[no-untyped-def]
    with t.ctx.db.read() as s:
        return build_report(t.ctx, s, actor or t.team.inspector, period, filt)


def test_every_figure_of_april_matches_the_hand_count(township) -> None:
    r = _report(township)
    assert set(APRIL_COUNTS) | set(APRIL_RATES) == set(FIGURES)  # the hand count covers every figure
    assert {k: r.figures.count(k) for k in APRIL_COUNTS} == APRIL_COUNTS
    assert {k: r.figures.rate(k) for k in APRIL_RATES} == APRIL_RATES
    assert r.figures.display("resolution_rate") == "42.9%"
    assert r.figures.provisional == {"settled", "settled_rate"}  # 90 days after 28 April have not passed
    assert r.as_of == date(2025, 4, 30)


def test_the_edge_cases_are_what_the_counts_say(township) -> None:
    cases = township.cases
    with township.ctx.db.read() as s:
        def m(key: str) -> Matter:
            return s.scalar(select(Matter).where(Matter.case_number == cases[key]))
        assert m("B").registered_on == date(2025, 4, 4)  # registered on the Qingming holiday, counted in April
        c = m("C")
        assert c.closed_on == date(2025, 4, 28) and c.handling_due > date(2025, 4, 28) > date(2025, 4, 22)
        d = m("D")
        assert (d.status, d.closed_on) == (MatterStatus.ASSIGNED, None)  # reopened by the review
        assert m("E").restricted


def test_march_is_the_previous_period_and_counts_its_own(township) -> None:
    r = _report(township)
    prev = r.previous
    assert r.previous_period == MARCH
    assert prev.count("received") == 2  # G and I1
    assert prev.count("resolved") == 0
    assert prev.rate("satisfaction_rate").percent is None  # nothing rated: no rate, not 0%
    assert prev.rate("on_time_rate") == Rate(0, 1)  # G was due on 18 March and is still open
    assert prev.count("seriously_overdue") == 1  # J; G is only 9 working days past its due date on 31 March
    assert prev.count("repeat_matters") == 0  # the chain reaches 3 visits only in April
    assert r.figures.change("received", prev) == 5


def test_top_types_and_the_three_month_streak(township) -> None:
    r = _report(township)
    assert [(t.category, t.received) for t in r.top_types] == [
        (Category.LEGAL, 3), (Category.LIVELIHOOD, 1), (Category.POLICY, 1)]  # ties in catalogue order
    legal = r.top_types[0]
    assert legal.streak == 3 and legal.flagged  # February (J), March (G), April
    assert [(s.category, s.months, s.first, s.last) for s in r.streaks] == [(Category.LEGAL, 3, (2025, 2), (2025, 4))]
    assert [b.received for b in r.by_category] == [3, 1, 1, 2]  # 涉法涉诉, 民生, 政策咨询, 未分类
    april = [p for p in r.trend if (p.year, p.month) == (2025, 4)][0]
    assert (april.received, april.resolved) == (7, 3)
    assert len(r.trend) == 12


def test_lists_drill_down_to_the_matters(township) -> None:
    r = _report(township)
    with township.ctx.db.read() as s:
        ids = dict(s.execute(select(Matter.case_number, Matter.id)).all())
    cases = township.cases
    assert [row.case_number for row in r.overdue] == [cases["J"], cases["G"]]  # most overdue first
    assert sorted(r.overdue_ids) == sorted([ids[cases["J"]], ids[cases["G"]]])
    wang = [row for row in r.repeats if row.case_number == cases["I2"]][0]
    assert wang.matter_ids == (ids[cases["I2"]],)
    assert (wang.total_visits, wang.visits_in_period, wang.window_count) == (2, 2, 2)
    assert sorted(r.repeat_ids) == sorted([ids[cases["E"]], ids[cases["I2"]]])


def test_accusations_count_but_never_show_to_roles_not_entitled(township) -> None:
    cases = township.cases

    def e_row(actor):  # type: ignore[no-untyped-def]
        return [row for row in _report(township, actor).repeats if row.case_number == cases["E"]][0]

    head = e_row(township.team.dept_head)  # may see statistics, not accusations
    assert head.petitioner == RESTRICTED_LABEL and head.category == "—"
    assert _report(township, township.team.dept_head).figures.count("restricted_received") == 1
    assert e_row(township.team.approver).petitioner == "赵*"  # entitled, but names masked
    assert e_row(township.team.inspector).petitioner == "赵九"  # entitled and may export unmasked
    g = [row for row in _report(township, township.team.dept_head).overdue if row.case_number == cases["G"]][0]
    assert g.petitioner == "孙*"


def test_statistics_need_the_permission(township) -> None:
    with pytest.raises(PermissionDenied):
        _report(township, township.team.interviewer)


def test_filters_narrow_every_figure(township) -> None:
    legal = _report(township, filt=StatFilter.of(categories=[Category.LEGAL])).figures
    assert (legal.count("received"), legal.count("resolved"), legal.count("evaluated")) == (3, 2, 3)
    assert legal.count("seriously_overdue") == 2 and legal.count("repeat_matters") == 0
    with township.ctx.db.read() as s:
        west = s.scalar(select(Village.id).where(Village.name == "西村"))
    village = _report(township, filt=StatFilter.of(village_ids=[west]))
    assert village.figures.count("received") == 1 and village.figures.count("first_petitions_done") == 1
    assert village.filter_label == "村（社区）：西村"
    letters = _report(township, filt=StatFilter.of(channels=[Channel.LETTER])).figures
    assert letters.count("received") == 0
    assert letters.count("leader_sessions") == 1  # leaders' sessions are not filtered (said in the definition)


def test_a_running_period_counts_up_to_today(township) -> None:
    township.clock.set(township.clock.now().replace(year=2025, month=4, day=20))
    with township.ctx.db.read() as s:
        r = build_report(township.ctx, s, township.team.inspector, APRIL)
    assert r.as_of == date(2025, 4, 20)
    assert r.figures.count("resolved") == 2  # A and B; C closes only on 28 April
