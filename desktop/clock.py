"""Time as the core sees it: injected, so rules and tests never read the wall clock themselves."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Protocol

CHINA_TZ = timezone(timedelta(hours=8), "CST")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock tests (and the scripted demo) move by hand."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._at = at

    def now(self) -> datetime:
        return self._at

    def advance(self, **delta: float) -> None:
        self._at = self._at + timedelta(**delta)

    def set(self, at: datetime) -> None:
        self._at = at


def china_minute(moment: datetime) -> str:
    """The moment as the office reads a clock: "2026-11-30 14:05", China time whatever the PC says."""
    return moment.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


def china_date(moment: datetime) -> date:
    """The office's calendar day for an instant (deadlines count in China time)."""
    return moment.astimezone(CHINA_TZ).date()


def china_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=CHINA_TZ).astimezone(UTC)
