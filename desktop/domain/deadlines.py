"""Deadlines (DOMAIN.md "Counting days"): due dates, pauses, extensions, overdue reminders.

Counting, for a period of N counted from ``start`` (the day of the event: registration,
assignment, closing; ``start`` itself never counts):

* ``N working``: the N-th working day after ``start`` on the official calendar.
* ``N calendar``: ``start + N`` days; when that day is a rest day or holiday the deadline moves to
  the next working day (the rule for legal periods in Chinese procedure law).

Extensions (approved, :class:`Extension`) lengthen the limit in their own unit, before pauses:
a calendar extension adds its days to the *unmoved* end (``start + N + E`` then moved off rest
days), a working extension adds working days after the current due date.

Pauses (:class:`Pause`, e.g. a hearing or waiting for the petitioner's materials) stop the clock
for the days from ``pause.start`` to ``pause.end`` *inclusive*; days on or before ``start`` are not
part of the period and never count as paused. Overlapping pauses count once. A pause only counts
if it begins on or before the due date as it stands (a pause begun after the limit ran out does
not revive it). Each counting pause shifts the deadline in the base period's unit:

* calendar-day limit: add the number of paused *calendar* days to the unmoved end, then move
  off rest days. E.g. 15 days from Mon 2025-03-03 is Tue 03-18; paused Wed 03-05 to Fri 03-07
  (3 days) it becomes 03-21 (Fri).
* working-day limit: add the number of *working* days inside the pause after the due date.
  E.g. 5 working days from Mon 2025-03-03 is Mon 03-10; paused Wed 03-05 to Sun 03-09 (3 working
  days) it becomes Thu 03-13.

A pause still open (``end is None``) means the clock is stopped now: without ``today`` there is
no due date yet (``DueInfo.due is None``); with ``today`` the pause is taken to last through
``today``, i.e. the due date as it would stand if the clock restarted tomorrow.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desktop.domain.enums import Complexity, DayUnit
from desktop.domain.errors import ValidationError
from desktop.domain.rules_config import Period, Rules
from desktop.domain.workcalendar import WorkCalendar

__all__ = [
    "DueInfo",
    "Extension",
    "Pause",
    "assignment_due",
    "callback_date",
    "days_left",
    "due_date",
    "evaluation_due",
    "handling_due",
    "handling_limit",
    "is_due_this_week",
    "is_overdue",
    "is_seriously_overdue",
    "reminder_dates",
    "review_request_due",
    "working_days_overdue",
]

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Pause:
    """The clock stopped from ``start`` to ``end`` inclusive; ``end=None`` while still paused."""

    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", _as_date(self.start))
        if self.end is not None:
            object.__setattr__(self, "end", _as_date(self.end))
            if self.end < self.start:
                raise ValidationError("pause_end_before_start", field="end", start=self.start, end=self.end)


@dataclass(frozen=True)
class Extension:
    period: Period


@dataclass(frozen=True)
class DueInfo:
    due: date | None  # None: paused with no end and no ``today`` given
    paused: bool  # an open pause is stopping the clock
    calendar_fallback: bool  # some day counted lies on the Monday–Friday fallback calendar


def _as_date(d: date) -> date:
    return d.date() if isinstance(d, datetime) else d


def due_date(start: date, period: Period, cal: WorkCalendar) -> date:
    """``start`` plus ``period`` counted as the module docstring says (no pauses)."""
    start = _as_date(start)
    if period.unit is DayUnit.WORKING:
        # "0 working days" is the same day, or the next working day if that is a rest day.
        return cal.add_working_days(start, period.amount) if period.amount else cal.next_workday(start)
    return cal.next_workday(start + timedelta(days=period.amount))


class _Clock:
    """The running deadline: ``end`` is the unmoved calendar end, ``due`` the moved one."""

    def __init__(self, start: date, period: Period, cal: WorkCalendar) -> None:
        self.cal = cal
        self.due = due_date(start, period, cal)
        self.end = start + timedelta(days=period.amount) if period.unit is DayUnit.CALENDAR else self.due

    def add(self, amount: int, unit: DayUnit) -> None:
        if unit is DayUnit.CALENDAR:
            self.end += timedelta(days=amount)
            self.due = self.cal.next_workday(self.end)
        else:
            self.due = self.cal.add_working_days(self.due, amount)
            self.end = self.due


def _merged(pauses: Iterable[Pause], after: date, today: date | None) -> list[tuple[date, date | None]]:
    """Pauses clipped to days after ``after``, open ends closed at ``today``, overlaps merged.

    ``last`` of a span is None only for an open pause without ``today`` (then it is the last span).
    """
    spans: list[tuple[date, date | None]] = []
    for p in pauses:
        end = p.end
        if end is None and today is not None:
            if today < p.start:
                continue  # not begun yet
            end = today
        first = max(p.start, after + _DAY)
        if end is not None and end < first:
            continue
        spans.append((first, end))
    spans.sort(key=lambda sp: (sp[0], sp[1] is None, sp[1] or date.max))
    out: list[tuple[date, date | None]] = []
    for first, last in spans:
        prev = out[-1] if out else None
        if prev is not None and (prev[1] is None or first <= prev[1] + _DAY):
            out[-1] = (prev[0], None if prev[1] is None or last is None else max(prev[1], last))
        else:
            out.append((first, last))
    return out


def handling_due(
    start: date,
    period: Period,
    cal: WorkCalendar,
    pauses: Iterable[Pause] = (),
    extensions: Iterable[Extension] = (),
    today: date | None = None,
) -> DueInfo:
    """The due date of a limit with its extensions and pauses (rules in the module docstring)."""
    start = _as_date(start)
    today = _as_date(today) if today is not None else None
    pauses = tuple(pauses)
    clock = _Clock(start, period, cal)
    for ext in extensions:
        clock.add(ext.period.amount, ext.period.unit)
    for s, e in _merged(pauses, start, today):
        if s > clock.due:
            break  # the limit had run out before this pause began; later ones start later still
        if e is None:
            return DueInfo(None, True, cal.fallback_in(start, s))
        if period.unit is DayUnit.CALENDAR:
            clock.add((e - s).days + 1, DayUnit.CALENDAR)
        else:
            clock.add(cal.working_days_between(s - _DAY, e), DayUnit.WORKING)
    # Stopped now: an open pause that has begun (as of today) while the limit was still running.
    paused = any(p.end is None and today is not None and p.start <= today and p.start <= clock.due for p in pauses)
    return DueInfo(clock.due, paused, cal.fallback_in(start, clock.due))


# --- where a matter stands -------------------------------------------------------------


def days_left(due: date, today: date, cal: WorkCalendar, unit: DayUnit = DayUnit.CALENDAR) -> int:
    """Days from ``today`` to ``due``: 0 on the due date, negative when overdue.

    ``unit=WORKING`` counts working days (``today`` excluded, ``due`` included), for limits
    expressed in working days.
    """
    due, today = _as_date(due), _as_date(today)
    if DayUnit(unit) is DayUnit.WORKING:
        return cal.working_days_between(today, due)
    return (due - today).days


def is_overdue(due: date | None, today: date) -> bool:
    return due is not None and _as_date(today) > _as_date(due)


def working_days_overdue(due: date, today: date, cal: WorkCalendar) -> int:
    """Working days after ``due`` up to and including ``today``; 0 when not overdue."""
    return max(0, cal.working_days_between(_as_date(due), _as_date(today)))


def is_seriously_overdue(due: date, today: date, rules: Rules, cal: WorkCalendar) -> bool:
    """Overdue by ``rules.serious_overdue`` or more (10 working days by default): "超期10个工作日以上"
    includes exactly 10, as 以上 does in Chinese usage."""
    limit = rules.serious_overdue
    if limit.unit is DayUnit.WORKING:
        return working_days_overdue(due, today, cal) >= limit.amount
    return (_as_date(today) - _as_date(due)).days >= limit.amount


def reminder_dates(due: date, until: date, cal: WorkCalendar, every: Period) -> list[date]:
    """Overdue reminders: the first working day after ``due``, then every ``every`` after the
    previous reminder, up to and including ``until`` (today, or the day the matter closed)."""
    if every.amount < 1:
        raise ValidationError("bad_period", field="every", amount=every.amount)
    due, until = _as_date(due), _as_date(until)
    out: list[date] = []
    d = cal.add_working_days(due, 1)
    while d <= until:
        out.append(d)
        d = due_date(d, every, cal)
    return out


def is_due_this_week(due: date | None, today: date) -> bool:
    """Due between ``today`` and the Sunday of today's week, both included (not yet overdue)."""
    if due is None:
        return False
    due, today = _as_date(due), _as_date(today)
    return today <= due <= today + timedelta(days=6 - today.weekday())


# --- the limits of the procedure, read from the settings ---------------------------------


def assignment_due(registered_on: date, rules: Rules, cal: WorkCalendar) -> date:
    """交办 deadline: ``rules.assign_within`` (2 working days) after registration."""
    return due_date(registered_on, rules.assign_within, cal)


def handling_limit(complexity: Complexity, rules: Rules) -> Period:
    return rules.handling_limit(complexity)


def evaluation_due(closed_on: date, rules: Rules, cal: WorkCalendar) -> date:
    """两评价 deadline: ``rules.evaluation_within`` (5 working days) after closing."""
    return due_date(closed_on, rules.evaluation_within, cal)


def callback_date(closed_on: date, rules: Rules, cal: WorkCalendar) -> date:
    """The follow-up call: day ``rules.callback_after`` (15) after closing, on a working day."""
    return due_date(closed_on, rules.callback_after, cal)


def review_request_due(replied_on: date, rules: Rules, cal: WorkCalendar) -> date:
    """Last day to ask for 复查 (Art. 35): ``rules.review_request_within`` after the reply."""
    return due_date(replied_on, rules.review_request_within, cal)
