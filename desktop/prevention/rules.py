"""Pure rules of prevention work: the 红/黄/绿 follow-up limits on the official calendar, the reporting
rhythm's current period, and whether a village is 三无. No storage, no clock: "now" is an argument."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from desktop.clock import CHINA_TZ
from desktop.domain.enums import Risk
from desktop.domain.errors import ValidationError
from desktop.domain.workcalendar import WorkCalendar


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=CHINA_TZ)


def red_due(reported_at: datetime, hours: int, cal: WorkCalendar) -> datetime:
    """红: a leader on site within ``hours``. The hours run on working days only (the official calendar
    with 调休): a report on Friday 10:00 with 48 h is due Tuesday 10:00; one made on a rest day starts
    counting at the next working day's midnight."""
    moment = reported_at.astimezone(CHINA_TZ)
    left = timedelta(hours=hours)
    day = moment.date()
    while True:
        if cal.is_workday(day):
            start = max(moment, _midnight(day))
            available = _midnight(day + timedelta(days=1)) - start
            if left <= available:
                return start + left
            left -= available
        day += timedelta(days=1)


def yellow_due(reported_at: datetime, cal: WorkCalendar) -> datetime:
    """黄: to the village secretary the same day; a report made on a rest day is due by the end of the
    next working day. The limit is the end of that day (the next midnight, exclusive)."""
    day = reported_at.astimezone(CHINA_TZ).date()
    if not cal.is_workday(day):
        day = cal.next_workday(day)
    return _midnight(day + timedelta(days=1))


def follow_up_due(level: Risk, reported_at: datetime, red_hours: int, cal: WorkCalendar) -> datetime | None:
    """The follow-up limit of a screening item; 绿 (a policy question, answered) has none."""
    level = Risk(level)
    if level is Risk.RED:
        return red_due(reported_at, red_hours, cal)
    if level is Risk.YELLOW:
        return yellow_due(reported_at, cal)
    return None


def followed_up_in_time(due: datetime | None, done_at: datetime | None) -> bool:
    return due is not None and done_at is not None and done_at <= due


class Rhythm(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


@dataclass(frozen=True)
class ReportingRhythm:
    """How often a kind of reporter reports: daily (on working days), weekly on ``weekday`` (1 = Monday
    … 7 = Sunday; the village's 每周三 is 3), or monthly. Text form: ``daily``, ``weekly 3``, ``monthly``."""

    rhythm: Rhythm
    weekday: int = 0

    def __post_init__(self) -> None:
        if self.rhythm is Rhythm.WEEKLY and not 1 <= self.weekday <= 7:
            raise ValidationError("bad_rhythm", value=str(self))

    def __str__(self) -> str:
        return f"weekly {self.weekday}" if self.rhythm is Rhythm.WEEKLY else self.rhythm.value

    @classmethod
    def parse(cls, text: str) -> ReportingRhythm:
        words = (text or "").strip().lower().replace("每周", "weekly ").split()
        aliases = {"每日": "daily", "每天": "daily", "每月": "monthly"}
        if not words:
            raise ValidationError("bad_rhythm", value=text)
        head = aliases.get(words[0], words[0])
        try:
            rhythm = Rhythm(head)
        except ValueError:
            raise ValidationError("bad_rhythm", value=text) from None
        if rhythm is Rhythm.WEEKLY:
            day = words[1] if len(words) == 2 else ""
            day = str("一二三四五六日".index(day) + 1) if day and day in "一二三四五六日" else day
            if not day.isdigit():
                raise ValidationError("bad_rhythm", value=text)
            return cls(rhythm, int(day))
        if len(words) != 1:
            raise ValidationError("bad_rhythm", value=text)
        return cls(rhythm)

    def period(self, today: date, cal: WorkCalendar) -> tuple[date, date]:
        """The reporting period ``today`` falls in, as (first day, due day), both inclusive. Daily: the
        working day itself (on a rest day, the last working day before it). Weekly: the seven days that
        end on the next report day (today included). Monthly: the calendar month."""
        if self.rhythm is Rhythm.DAILY:
            day = today if cal.is_workday(today) else cal.previous_workday(today)
            return day, day
        if self.rhythm is Rhythm.WEEKLY:
            due = today + timedelta(days=(self.weekday - 1 - today.weekday()) % 7)
            return due - timedelta(days=6), due
        first = today.replace(day=1)
        nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        return first, nxt - timedelta(days=1)

    def previous_period(self, today: date, cal: WorkCalendar) -> tuple[date, date]:
        start, _ = self.period(today, cal)
        return self.period(start - timedelta(days=1), cal)


@dataclass(frozen=True)
class ThreeNoCounts:
    """What decides a village's 三无 standing over a span (a year, or a report's period)."""

    abnormal_above: int  # 到市赴省进京非正常访
    group_escalations: int  # 越级集体访
    backlog: int  # 信访积案 open at the end of the span

    @property
    def is_three_no(self) -> bool:
        return self.abnormal_above == 0 and self.group_escalations == 0 and self.backlog == 0


def share_percent(count: int, total: int) -> float | None:
    return None if total == 0 else 100.0 * count / total
