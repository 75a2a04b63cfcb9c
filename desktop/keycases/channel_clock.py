"""The clocks of letters, online petitions and hotline tickets (seed 003).

Times are China local (aware datetimes in any zone are converted). The office works on the working
days of the official calendar (:class:`WorkCalendar`, 调休 included) between the opening and closing
minute of the settings; outside those hours nobody is at the desk, so the clocks behave like this:

* **letter, same day** (``letter_register_workdays`` = 0): registered by closing time of the day it
  arrives when it arrives on a working day before closing; otherwise by closing time of the next
  working day. With N > 0 the limit is closing time of the N-th working day after that day.
* **online petition (2 h) and hotline ticket (30 min)**: *working minutes* — the clock only runs while
  the office is open. A ticket at 17:00 on a Friday with a 2-hour limit has 30 minutes on Friday and the
  remaining 90 on Monday (or the next working day after a holiday): due at 10:00.
* **incomplete letter (24 h)**: 24 clock hours from registration; when that instant falls outside
  office hours the limit moves to the next opening (the rule for periods ending on a rest day, DOMAIN.md
  "Counting days", applied to hours).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from desktop.clock import CHINA_TZ
from desktop.domain.rules_config import Rules
from desktop.domain.workcalendar import WorkCalendar
from desktop.keycases.enums import ReceiptChannel

__all__ = ["OfficeHours", "contact_due", "registration_due"]


@dataclass(frozen=True)
class OfficeHours:
    opens_minute: int
    closes_minute: int
    calendar: WorkCalendar

    @classmethod
    def of(cls, rules: Rules, calendar: WorkCalendar) -> OfficeHours:
        return cls(rules.office_opens_minute, rules.office_closes_minute, calendar)

    def _at(self, day: date, minute: int) -> datetime:
        return datetime.combine(day, time(0), CHINA_TZ) + timedelta(minutes=minute)

    def opening(self, day: date) -> datetime:
        return self._at(day, self.opens_minute)

    def closing(self, day: date) -> datetime:
        return self._at(day, self.closes_minute)

    def is_open(self, at: datetime) -> bool:
        local = at.astimezone(CHINA_TZ)
        return self.calendar.is_workday(local.date()) and self.opening(local.date()) <= local < self.closing(
            local.date())

    def next_open(self, at: datetime) -> datetime:
        """``at`` itself while the office is open, else the next opening."""
        local = at.astimezone(CHINA_TZ)
        day = local.date()
        if self.calendar.is_workday(day):
            if local < self.opening(day):
                return self.opening(day)
            if local < self.closing(day):
                return local
        return self.opening(self.calendar.add_working_days(day, 1))

    def add_working_minutes(self, start: datetime, minutes: int) -> datetime:
        at = self.next_open(start)
        left = timedelta(minutes=minutes)
        while True:
            room = self.closing(at.date()) - at
            if left <= room:
                return at + left
            left -= room
            at = self.opening(self.calendar.add_working_days(at.date(), 1))


def registration_due(channel: ReceiptChannel, received_at: datetime, rules: Rules, calendar: WorkCalendar
                     ) -> datetime:
    """When a receipt must be registered (letter), signed for (online) or looked at (hotline)."""
    hours = OfficeHours.of(rules, calendar)
    channel = ReceiptChannel(channel)
    if channel is ReceiptChannel.LETTER:
        local = received_at.astimezone(CHINA_TZ)
        day = local.date()
        if not (calendar.is_workday(day) and local < hours.closing(day)):
            day = calendar.add_working_days(day, 1)
        return hours.closing(calendar.add_working_days(day, rules.letter_register_workdays))
    minutes = rules.online_sign_minutes if channel is ReceiptChannel.ONLINE else rules.hotline_view_minutes
    return hours.add_working_minutes(received_at, minutes)


def contact_due(registered_at: datetime, rules: Rules, calendar: WorkCalendar) -> datetime:
    """An incomplete letter: the call or text to the writer is due by this instant."""
    hours = OfficeHours.of(rules, calendar)
    return hours.next_open(registered_at + timedelta(hours=rules.incomplete_letter_hours))
