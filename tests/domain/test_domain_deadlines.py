"""Due dates on the real 2024–2026 calendar; pauses, extensions, overdue; properties."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from desktop.domain.deadlines import (
    DueInfo,
    Extension,
    Pause,
    assignment_due,
    callback_date,
    days_left,
    due_date,
    evaluation_due,
    handling_due,
    is_due_this_week,
    is_overdue,
    is_seriously_overdue,
    reminder_dates,
    review_request_due,
    working_days_overdue,
)
from desktop.domain.enums import DayUnit
from desktop.domain.errors import ValidationError
from desktop.domain.rules_config import Period, Rules
from desktop.domain.workcalendar import WorkCalendar

CAL = WorkCalendar()
D = date
W, C = DayUnit.WORKING, DayUnit.CALENDAR
RULES = Rules()


@pytest.mark.parametrize(
    ("start", "period", "expected"),
    [
        # 交办 within 2 working days across National Day 2025 (Oct 1–8 off).
        (D(2025, 9, 30), Period(2, W), D(2025, 10, 10)),
        (D(2025, 9, 26), Period(2, W), D(2025, 9, 29)),  # Sun Sept 28 is a working day
        (D(2026, 2, 13), Period(2, W), D(2026, 2, 24)),  # Sat Feb 14 worked, then Spring Festival
        # 15 calendar days.
        (D(2025, 9, 16), Period(15, C), D(2025, 10, 9)),  # lands Oct 1 -> first day back
        (D(2025, 9, 13), Period(15, C), D(2025, 9, 28)),  # lands on the working Sunday: stays
        (D(2026, 2, 1), Period(15, C), D(2026, 2, 24)),  # lands Feb 16, in the Spring Festival
        (D(2026, 1, 30), Period(15, C), D(2026, 2, 14)),  # lands on the working Saturday
        (D(2025, 3, 1), Period(15, C), D(2025, 3, 17)),  # lands Sun Mar 16 -> Mon
        # 30 calendar days.
        (D(2025, 9, 1), Period(30, C), D(2025, 10, 9)),
        (D(2024, 9, 1), Period(30, C), D(2024, 10, 8)),  # Oct 1 2024 -> Oct 8 (Oct 1-7 off)
        # Zero: the same day, off rest days.
        (D(2025, 10, 1), Period(0, W), D(2025, 10, 9)),
        (D(2025, 9, 30), Period(0, C), D(2025, 9, 30)),
    ],
)
def test_due_date_hand_checked(start, period, expected):
    assert due_date(start, period, CAL) == expected
    assert handling_due(start, period, CAL) == DueInfo(expected, False, False)


def test_the_procedures_limits_from_the_settings():
    assert assignment_due(D(2025, 9, 30), RULES, CAL) == D(2025, 10, 10)
    assert evaluation_due(D(2025, 9, 26), RULES, CAL) == D(2025, 10, 10)  # 28, 29, 30, Oct 9, 10
    assert callback_date(D(2025, 9, 20), RULES, CAL) == D(2025, 10, 9)  # day 15 is Oct 5
    assert review_request_due(D(2025, 9, 1), RULES, CAL) == D(2025, 10, 9)
    faster = Rules.from_mapping({"deadline.assign_within": "1 working"})
    assert assignment_due(D(2025, 9, 30), faster, CAL) == D(2025, 10, 9)
    assert assignment_due(datetime(2025, 9, 30, 16, 45), RULES, CAL) == D(2025, 10, 10)


def test_docstring_examples_of_pauses():
    info = handling_due(D(2025, 3, 3), Period(15, C), CAL, [Pause(D(2025, 3, 5), D(2025, 3, 7))])
    assert info == DueInfo(D(2025, 3, 21), False, False)
    info = handling_due(D(2025, 3, 3), Period(5, W), CAL, [Pause(D(2025, 3, 5), D(2025, 3, 9))])
    assert info.due == D(2025, 3, 13)


@pytest.mark.parametrize(
    ("pauses", "expected"),
    [
        ([], D(2025, 3, 18)),
        ([Pause(D(2025, 3, 19), D(2025, 3, 25))], D(2025, 3, 18)),  # begun after the limit ran out
        ([Pause(D(2025, 3, 18), D(2025, 3, 18))], D(2025, 3, 19)),  # on the due day: counts
        ([Pause(D(2025, 3, 1), D(2025, 3, 4))], D(2025, 3, 19)),  # only Mar 4 is inside the period
        ([Pause(D(2025, 3, 1), D(2025, 3, 3))], D(2025, 3, 18)),  # nothing after the start
        # Overlapping pauses count once: Mar 5..10 = 6 days -> Mar 24.
        ([Pause(D(2025, 3, 5), D(2025, 3, 7)), Pause(D(2025, 3, 6), D(2025, 3, 10))], D(2025, 3, 24)),
        # Two separate pauses: 3 + 2 days.
        ([Pause(D(2025, 3, 5), D(2025, 3, 7)), Pause(D(2025, 3, 10), D(2025, 3, 11))], D(2025, 3, 24)),
        # A second pause that only counts because the first one moved the deadline: the first
        # moves it to Mar 28; the second starts Mar 25 (after the original Mar 18).
        ([Pause(D(2025, 3, 25), D(2025, 3, 25)), Pause(D(2025, 3, 5), D(2025, 3, 14))], D(2025, 3, 31)),
    ],
)
def test_pauses_on_a_calendar_limit(pauses, expected):
    assert handling_due(D(2025, 3, 3), Period(15, C), CAL, pauses).due == expected


def test_pause_across_national_day():
    # 15 days from Sept 16 2025: Oct 1 -> Oct 9. A 3-day pause moves the end to Oct 4: still Oct 9.
    start = D(2025, 9, 16)
    assert handling_due(start, Period(15, C), CAL, [Pause(D(2025, 9, 20), D(2025, 9, 22))]).due == D(2025, 10, 9)
    # A 10-day pause: end Oct 11, the working Saturday.
    assert handling_due(start, Period(15, C), CAL, [Pause(D(2025, 9, 20), D(2025, 9, 29))]).due == D(2025, 10, 11)
    # Working-day limit: 5 from Wed Sept 24 is Tue Sept 30; paused Sept 29 .. Oct 10 holds 4 working
    # days (29, 30, Oct 9, 10) -> Oct 9, 10, 11, 13.
    info = handling_due(D(2025, 9, 24), Period(5, W), CAL, [Pause(D(2025, 9, 29), D(2025, 10, 10))])
    assert info.due == D(2025, 10, 13)


def test_open_pause():
    start, period = D(2025, 3, 3), Period(5, W)
    info = handling_due(start, period, CAL, [Pause(D(2025, 3, 5))])
    assert info == DueInfo(None, True, False)
    # As of Sunday Mar 9 the pause has held Mar 5, 6, 7: due Thu Mar 13, moving each working day.
    assert handling_due(start, period, CAL, [Pause(D(2025, 3, 5))], today=D(2025, 3, 9)) == DueInfo(
        D(2025, 3, 13), True, False
    )
    assert handling_due(start, period, CAL, [Pause(D(2025, 3, 5))], today=D(2025, 3, 10)).due == D(2025, 3, 14)
    # Paused on the day of the assignment itself: no day lost yet, but the clock is stopped.
    assert handling_due(start, period, CAL, [Pause(start)], today=start) == DueInfo(D(2025, 3, 10), True, False)
    # Not begun yet as of today: the clock runs.
    assert handling_due(start, period, CAL, [Pause(D(2025, 3, 7))], today=D(2025, 3, 6)) == DueInfo(
        D(2025, 3, 10), False, False
    )
    # Opened after the limit ran out: ignored, not paused.
    info = handling_due(start, period, CAL, [Pause(D(2025, 3, 20))], today=D(2025, 3, 25))
    assert info == DueInfo(D(2025, 3, 10), False, False)
    info = handling_due(start, period, CAL, [Pause(D(2025, 3, 20))])
    assert info == DueInfo(D(2025, 3, 10), False, False)


def test_pause_end_before_start_is_refused():
    with pytest.raises(ValidationError) as info:
        Pause(D(2025, 3, 5), D(2025, 3, 4))
    assert info.value.code == "pause_end_before_start"


def test_extensions():
    # Art. 34: 60 days from Aug 1 2025 is Sept 30; with the 30-day extension Oct 30.
    assert handling_due(D(2025, 8, 1), Period(60, C), CAL).due == D(2025, 9, 30)
    ext = [Extension(Period(30, C))]
    assert handling_due(D(2025, 8, 1), Period(60, C), CAL, extensions=ext).due == D(2025, 10, 30)
    # The extension adds to the unmoved end (Oct 1 + 30 = Oct 31), not to the moved Oct 9.
    assert handling_due(D(2025, 8, 2), Period(60, C), CAL).due == D(2025, 10, 9)
    assert handling_due(D(2025, 8, 2), Period(60, C), CAL, extensions=ext).due == D(2025, 10, 31)
    # A working-day extension after the due date: Oct 9 + 5 -> 10, 11, 13, 14, 15.
    assert handling_due(D(2025, 9, 16), Period(15, C), CAL, extensions=[Extension(Period(5, W))]).due == D(
        2025, 10, 15
    )
    # Pause inside the extended period counts (starts after the original due, before the new one).
    info = handling_due(D(2025, 8, 1), Period(60, C), CAL, [Pause(D(2025, 10, 20), D(2025, 10, 21))], ext)
    assert info.due == D(2025, 11, 3)  # Nov 1 is a Saturday


def test_fallback_is_reported():
    after = max(CAL.known_years()) + 1
    info = handling_due(D(after - 1, 12, 20), Period(30, C), WorkCalendar())
    assert info.calendar_fallback is True
    assert handling_due(D(2025, 3, 3), Period(30, C), CAL).calendar_fallback is False


def test_days_left_and_overdue():
    due = D(2025, 10, 9)
    assert days_left(due, D(2025, 9, 30), CAL) == 9
    assert days_left(due, D(2025, 9, 30), CAL, unit=W) == 1
    assert days_left(due, due, CAL) == 0 and days_left(due, due, CAL, unit=W) == 0
    assert days_left(due, D(2025, 10, 11), CAL) == -2
    assert days_left(due, D(2025, 10, 11), CAL, unit=W) == -2  # Oct 10, 11 are working days
    assert working_days_overdue(D(2025, 9, 30), D(2025, 10, 11), CAL) == 3
    assert working_days_overdue(due, D(2025, 10, 1), CAL) == 0
    assert is_overdue(due, D(2025, 10, 10)) and not is_overdue(due, due) and not is_overdue(None, due)


def test_seriously_overdue_includes_exactly_ten_working_days():
    due = D(2025, 9, 26)
    # Working days after Sept 26: 28, 29, 30, Oct 9, 10, 11, 13, 14, 15 (9th), 16 (10th).
    assert not is_seriously_overdue(due, D(2025, 10, 15), RULES, CAL)
    assert is_seriously_overdue(due, D(2025, 10, 16), RULES, CAL)  # exactly 10: "10个工作日以上" includes it
    calendar_rule = Rules.from_mapping({"deadline.serious_overdue": "10 calendar"})
    assert not is_seriously_overdue(due, D(2025, 10, 5), calendar_rule, CAL)
    assert is_seriously_overdue(due, D(2025, 10, 6), calendar_rule, CAL)


def test_reminders_every_three_working_days():
    got = reminder_dates(D(2025, 9, 26), D(2025, 10, 20), CAL, RULES.overdue_reminder_every)
    assert got == [D(2025, 9, 28), D(2025, 10, 9), D(2025, 10, 13), D(2025, 10, 16)]
    assert reminder_dates(D(2025, 9, 26), D(2025, 9, 27), CAL, Period(3, W)) == []
    assert reminder_dates(D(2025, 9, 26), D(2025, 10, 16), CAL, Period(3, W))[-1] == D(2025, 10, 16)
    with pytest.raises(ValidationError):
        reminder_dates(D(2025, 9, 26), D(2025, 10, 16), CAL, Period(0, W))


def test_due_this_week():
    wed = D(2025, 3, 12)
    assert is_due_this_week(D(2025, 3, 12), wed)
    assert is_due_this_week(D(2025, 3, 16), wed)  # Sunday
    assert not is_due_this_week(D(2025, 3, 17), wed)
    assert not is_due_this_week(D(2025, 3, 11), wed)  # already overdue
    assert not is_due_this_week(None, wed)


# --- properties ---------------------------------------------------------------------------

days = st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 10, 31))
periods = st.builds(Period, st.integers(0, 90), st.sampled_from([W, C]))
pauses = st.lists(
    st.builds(lambda s, n: Pause(s, s + timedelta(days=n)), st.dates(D(2024, 1, 1), D(2026, 12, 31)),
              st.integers(0, 20)),
    max_size=4,
)


@given(days, periods)
def test_due_is_a_workday_not_before_start(start, period):
    due = due_date(start, period, CAL)
    assert CAL.is_workday(due)
    assert due >= start
    if period.amount:
        assert due > start


@given(days, days, periods)
def test_due_is_monotone_in_start(a, b, period):
    lo, hi = min(a, b), max(a, b)
    assert due_date(lo, period, CAL) <= due_date(hi, period, CAL)


@given(days, periods, pauses)
def test_pauses_never_bring_the_deadline_forward(start, period, ps):
    plain = due_date(start, period, CAL)
    info = handling_due(start, period, CAL, ps)
    assert info.due is not None and info.due >= plain and CAL.is_workday(info.due)
    assert not info.paused
    # Removing one pause never makes it later.
    for i in range(len(ps)):
        assert handling_due(start, period, CAL, ps[:i] + ps[i + 1 :]).due <= info.due


@given(days, st.integers(1, 60), pauses)
def test_working_limit_is_the_nth_unpaused_working_day(start, n, ps):
    paused = {p.start + timedelta(days=i) for p in ps for i in range((p.end - p.start).days + 1)}
    d, count = start, 0
    while count < n:
        d += timedelta(days=1)
        if CAL.is_workday(d) and d not in paused:
            count += 1
    assert handling_due(start, Period(n, W), CAL, ps).due == d


@given(days, st.integers(1, 60), pauses)
def test_calendar_limit_is_the_nth_unpaused_day_moved_off_rest_days(start, n, ps):
    paused = {p.start + timedelta(days=i) for p in ps for i in range((p.end - p.start).days + 1)}
    d, count = start, 0
    while count < n:
        d += timedelta(days=1)
        if d not in paused:
            count += 1
    moved = CAL.next_workday(d)
    # The documented edge: a pause that begins between the Nth day and the day it moves to
    # still counts; the simple walk does not know that rule, so leave that case to the unit tests.
    assume(not any(d < p.start <= moved for p in ps))
    assert handling_due(start, Period(n, C), CAL, ps).due == moved


@given(days, st.integers(1, 60), st.integers(0, 30))
def test_calendar_extension_is_a_longer_limit(start, n, e):
    ext = [Extension(Period(e, C))]
    assert handling_due(start, Period(n, C), CAL, extensions=ext).due == due_date(start, Period(n + e, C), CAL)


@given(days, st.integers(1, 30), st.integers(0, 10))
def test_working_extension_is_a_longer_limit(start, n, e):
    ext = [Extension(Period(e, W))]
    assert handling_due(start, Period(n, W), CAL, extensions=ext).due == due_date(start, Period(n + e, W), CAL)


@given(days, days)
def test_days_left_and_overdue_agree(due, today):
    due = CAL.next_workday(due)
    left = days_left(due, today, CAL, unit=W)
    late = working_days_overdue(due, today, CAL)
    assert (left < 0) == (late > 0)
    assert late == max(0, -left)
    if late:
        assert is_overdue(due, today)
    elif is_overdue(due, today):  # overdue only by rest days so far
        assert CAL.working_days_between(due, today) == 0
