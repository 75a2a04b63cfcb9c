"""The pure rules with a fixed "today": follow-up limits across weekends and holidays, reporting periods."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.clock import CHINA_TZ
from desktop.domain.enums import Risk
from desktop.domain.errors import ValidationError
from desktop.domain.workcalendar import WorkCalendar
from desktop.prevention.rules import (
    ReportingRhythm,
    Rhythm,
    ThreeNoCounts,
    follow_up_due,
    red_due,
    yellow_due,
)

CAL = WorkCalendar()


def at(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=CHINA_TZ)


def test_red_48_hours_inside_a_working_week() -> None:
    assert red_due(at(2025, 3, 4, 10), 48, CAL) == at(2025, 3, 6, 10)  # Tuesday → Thursday


def test_red_48_hours_skip_the_weekend() -> None:
    # Friday 10:00: Saturday and Sunday do not count, so Tuesday 10:00.
    assert red_due(at(2025, 3, 7, 10), 48, CAL) == at(2025, 3, 11, 10)


def test_red_reported_on_a_sunday_starts_on_monday() -> None:
    assert red_due(at(2025, 3, 9, 15), 48, CAL) == at(2025, 3, 12, 0)  # Mon + Tue in full


def test_red_48_hours_across_national_day_holiday() -> None:
    # 30 Sep 2025 (Tue) 09:00; 1–8 Oct 2025 is the National Day / Mid-Autumn holiday, 11 Oct (Sat) is a
    # swapped working day (调休): 15 h left on 30 Sep, then 24 h on 9 Oct and 9 h on 10 Oct.
    assert red_due(at(2025, 9, 30, 9), 48, CAL) == at(2025, 10, 10, 9)


def test_red_uses_the_administrators_override() -> None:
    cal = WorkCalendar({date(2025, 3, 5): False})  # an extra rest day on Wednesday
    assert red_due(at(2025, 3, 4, 10), 48, cal) == at(2025, 3, 7, 10)


def test_yellow_same_day_on_a_working_day() -> None:
    assert yellow_due(at(2025, 3, 4, 16, 30), CAL) == at(2025, 3, 5, 0)


def test_yellow_on_a_holiday_is_due_by_the_end_of_the_next_working_day() -> None:
    assert yellow_due(at(2025, 10, 3, 9), CAL) == at(2025, 10, 10, 0)  # next working day: 9 Oct


def test_yellow_on_a_swapped_working_saturday_is_that_day() -> None:
    assert yellow_due(at(2025, 9, 28, 9), CAL) == at(2025, 9, 29, 0)  # 28 Sep 2025 (Sun) is 调休 workday


def test_green_has_no_clock() -> None:
    assert follow_up_due(Risk.GREEN, at(2025, 3, 4, 10), 48, CAL) is None
    assert follow_up_due(Risk.RED, at(2025, 3, 4, 10), 24, CAL) == at(2025, 3, 5, 10)


def test_weekly_period_ends_on_the_report_day() -> None:
    wednesday = ReportingRhythm.parse("weekly 3")
    assert wednesday.period(date(2025, 3, 3), CAL) == (date(2025, 2, 27), date(2025, 3, 5))  # Monday
    assert wednesday.period(date(2025, 3, 5), CAL) == (date(2025, 2, 27), date(2025, 3, 5))  # the Wednesday
    assert wednesday.period(date(2025, 3, 6), CAL) == (date(2025, 3, 6), date(2025, 3, 12))
    assert wednesday.previous_period(date(2025, 3, 3), CAL) == (date(2025, 2, 20), date(2025, 2, 26))


def test_daily_period_on_a_rest_day_is_the_last_working_day() -> None:
    daily = ReportingRhythm.parse("daily")
    assert daily.period(date(2025, 3, 8), CAL) == (date(2025, 3, 7), date(2025, 3, 7))
    assert daily.period(date(2025, 3, 7), CAL) == (date(2025, 3, 7), date(2025, 3, 7))


def test_monthly_period_is_the_calendar_month() -> None:
    assert ReportingRhythm.parse("monthly").period(date(2024, 2, 10), CAL) == (date(2024, 2, 1), date(2024, 2, 29))


@pytest.mark.parametrize("text", ["weekly", "weekly 8", "yearly", "", "daily 3", "weekly x"])
def test_bad_rhythms_are_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        ReportingRhythm.parse(text)


def test_rhythm_words_people_type() -> None:
    assert ReportingRhythm.parse("每周三") == ReportingRhythm(Rhythm.WEEKLY, 3)
    assert str(ReportingRhythm.parse("每月")) == "monthly"


def test_three_no_needs_all_three() -> None:
    assert ThreeNoCounts(0, 0, 0).is_three_no
    assert not ThreeNoCounts(1, 0, 0).is_three_no
    assert not ThreeNoCounts(0, 1, 0).is_three_no
    assert not ThreeNoCounts(0, 0, 1).is_three_no
