"""Working days on the official calendar (hand-checked 2024–2026 dates), overrides, fallback."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.workcalendar import Coverage, WorkCalendar, known_years

CAL = WorkCalendar()
D = date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # National Day 2025: Oct 1–8 off, Sun Sept 28 and Sat Oct 11 worked (调休).
        (D(2025, 9, 27), False),
        (D(2025, 9, 28), True),
        (D(2025, 9, 30), True),
        (D(2025, 10, 1), False),
        (D(2025, 10, 8), False),
        (D(2025, 10, 9), True),
        (D(2025, 10, 11), True),
        (D(2025, 10, 12), False),
        # Spring Festival 2026: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked.
        (D(2026, 2, 13), True),
        (D(2026, 2, 14), True),
        (D(2026, 2, 16), False),
        (D(2026, 2, 23), False),
        (D(2026, 2, 24), True),
        (D(2026, 2, 28), True),
        # National Day 2024: Oct 1–7 off, Sun Sept 29 and Sat Oct 12 worked.
        (D(2024, 9, 29), True),
        (D(2024, 10, 7), False),
        (D(2024, 10, 12), True),
        # Spring Festival 2024: Feb 10–17 off, Sun Feb 4 and Sun Feb 18 worked.
        (D(2024, 2, 4), True),
        (D(2024, 2, 12), False),
        (D(2024, 2, 18), True),
        # Plain days.
        (D(2025, 3, 12), True),  # Wednesday
        (D(2025, 3, 15), False),  # Saturday
    ],
)
def test_official_days(day, working):
    assert CAL.is_workday(day) is working
    assert CAL.coverage(day) is Coverage.OFFICIAL


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2025, 9, 30), 1, D(2025, 10, 9)),  # across the whole National Day holiday
        (D(2025, 9, 26), 1, D(2025, 9, 28)),  # Fri -> the working Sunday
        (D(2025, 9, 26), 2, D(2025, 9, 29)),
        (D(2025, 10, 9), 2, D(2025, 10, 11)),  # Thu -> Fri -> working Saturday
        (D(2025, 10, 1), 1, D(2025, 10, 9)),  # from inside the holiday
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
        (D(2026, 2, 12), 2, D(2026, 2, 14)),  # Thu + 2 working days: Fri, working Sat
        (D(2025, 3, 14), 2, D(2025, 3, 18)),  # ordinary Fri + 2 -> Tue
        (D(2025, 3, 14), 0, D(2025, 3, 14)),
        (D(2024, 12, 31), 1, D(2025, 1, 2)),  # across New Year (Jan 1 off)
        (D(2026, 2, 24), -1, D(2026, 2, 14)),  # counting back over the holiday
        (D(2025, 10, 9), -2, D(2025, 9, 29)),
    ],
)
def test_add_working_days_hand_checked(start, n, expected):
    assert CAL.add_working_days(start, n) == expected


def test_next_and_previous_workday():
    assert CAL.next_workday(D(2025, 10, 1)) == D(2025, 10, 9)
    assert CAL.next_workday(D(2025, 10, 11)) == D(2025, 10, 11)
    assert CAL.previous_workday(D(2025, 10, 8)) == D(2025, 9, 30)
    assert CAL.previous_workday(D(2025, 9, 30)) == D(2025, 9, 30)


def test_working_days_between_hand_checked():
    # Sept 30 .. Oct 11 2025: Oct 9, 10, 11 are the working days after Sept 30.
    assert CAL.working_days_between(D(2025, 9, 30), D(2025, 10, 11)) == 3
    assert CAL.working_days_between(D(2025, 10, 11), D(2025, 9, 30)) == -3
    assert CAL.working_days_between(D(2025, 10, 1), D(2025, 10, 8)) == 0
    assert CAL.working_days_between(D(2025, 5, 5), D(2025, 5, 5)) == 0
    # Across a year end: Dec 30, 31 2025 + Jan 5, 2026 (Jan 1-3 off, Sun Jan 4 worked).
    assert CAL.working_days_between(D(2025, 12, 29), D(2026, 1, 4)) == 3


def test_workdays_in_year_and_special_days():
    days = CAL.workdays_in_year(2025)
    assert D(2025, 9, 28) in days and D(2025, 10, 1) not in days
    assert all(d.year == 2025 for d in days)
    assert len(days) == CAL.working_days_between(D(2024, 12, 31), D(2025, 12, 31))
    special = {d: w for d, w, _ in CAL.special_days(2025)}
    assert special[D(2025, 9, 28)] is True and special[D(2025, 10, 1)] is False
    assert D(2025, 10, 4) not in special  # a Saturday off is not special


def test_known_years_include_2024_to_2026():
    years = known_years()
    assert {2024, 2025, 2026} <= set(years)
    assert CAL.known_years() == years


def test_outside_known_years_falls_back_to_weekdays_and_says_so():
    cal = WorkCalendar()
    year = max(known_years()) + 1
    monday = D(year, 1, 1) + timedelta(days=(7 - D(year, 1, 1).weekday()) % 7)
    assert cal.fallback_years_used == frozenset()
    assert cal.is_workday(monday) is True
    assert cal.is_workday(monday + timedelta(days=5)) is False
    assert cal.coverage(monday) is Coverage.FALLBACK
    assert year in cal.fallback_years_used
    assert cal.fallback_in(D(year - 1, 12, 1), D(year, 1, 1))
    assert not cal.fallback_in(D(year - 1, 1, 1), D(year - 1, 12, 31))
    # Arithmetic keeps working across the edge of the known years.
    last = D(year - 1, 12, 31)
    assert cal.add_working_days(last, 1) == cal.next_workday(last + timedelta(days=1))


def test_overrides_win_everywhere():
    cal = WorkCalendar({D(2025, 10, 8): True, D(2025, 10, 9): False, D(2027, 1, 1): False})
    assert cal.is_workday(D(2025, 10, 8)) and not cal.is_workday(D(2025, 10, 9))
    assert cal.coverage(D(2025, 10, 8)) is Coverage.OVERRIDE
    assert cal.add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 8)
    assert cal.add_working_days(D(2025, 9, 30), 2) == D(2025, 10, 10)
    assert not cal.is_workday(D(2027, 1, 1))  # Friday, declared a holiday
    assert cal.coverage(D(2027, 1, 1)) is Coverage.OVERRIDE
    assert cal.coverage(D(2027, 1, 4)) is Coverage.FALLBACK
    assert cal.overrides[D(2027, 1, 1)] is False


def test_a_year_entered_in_full_is_not_a_fallback():
    cal = WorkCalendar({D(2027, 1, 1): False}, complete_years=[2027])
    assert cal.coverage(D(2027, 1, 4)) is Coverage.OVERRIDE
    assert not cal.fallback_in(D(2027, 1, 1), D(2027, 12, 31))
    assert cal.fallback_years_used == frozenset()


def test_datetimes_are_taken_as_their_date():
    assert CAL.is_workday(datetime(2025, 10, 1, 9, 30)) is False
    assert CAL.add_working_days(datetime(2025, 9, 30, 23, 0), 1) == D(2025, 10, 9)


# --- properties ---------------------------------------------------------------------------

days = st.dates(min_value=D(2023, 1, 1), max_value=D(2028, 12, 31))
calendars = st.sampled_from(
    [CAL, WorkCalendar({D(2025, 10, 8): True, D(2026, 3, 2): False, D(2027, 2, 10): False})]
)


@given(calendars, days, st.integers(0, 400))
def test_add_lands_on_a_workday_and_between_inverts_it(cal, start, n):
    end = cal.add_working_days(start, n)
    assert cal.working_days_between(start, end) == n
    if n > 0:
        assert cal.is_workday(end) and end > start
        # No earlier day reaches n: the day before the result has one working day fewer.
        assert cal.working_days_between(start, end - timedelta(days=1)) == n - 1


@given(calendars, days, st.integers(1, 300))
def test_counting_back_then_forward_returns_to_a_workday(cal, start, n):
    back = cal.add_working_days(start, -n)
    assert cal.is_workday(back) and back < start
    assert cal.add_working_days(back, n) == cal.next_workday(start)


@given(calendars, days, days)
def test_between_is_antisymmetric_and_matches_a_plain_count(cal, a, b):
    lo, hi = min(a, b), max(a, b)
    plain = sum(cal.is_workday(lo + timedelta(days=i + 1)) for i in range((hi - lo).days))
    assert cal.working_days_between(lo, hi) == plain
    assert cal.working_days_between(a, b) == -cal.working_days_between(b, a)


@given(calendars, days, days, st.integers(0, 60))
def test_add_is_monotone_in_start(cal, a, b, n):
    lo, hi = min(a, b), max(a, b)
    assert cal.add_working_days(lo, n) <= cal.add_working_days(hi, n)


@given(calendars, days)
def test_next_workday_is_the_first_workday_on_or_after(cal, d):
    nxt = cal.next_workday(d)
    assert cal.is_workday(nxt) and nxt >= d
    assert not any(cal.is_workday(d + timedelta(days=i)) for i in range((nxt - d).days))
