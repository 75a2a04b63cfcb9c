"""The official working-day calendar (with 调休) and working-day arithmetic.

Sources, strongest first:

1. administrator overrides (date -> is it a working day), stored in the settings;
2. the State Council calendar shipped by the maintained ``chinesecalendar`` package for the
   years it knows (:func:`known_years`);
3. otherwise a documented fallback: Monday–Friday are working days. Such a date's
   :meth:`WorkCalendar.coverage` is ``FALLBACK`` and its year is recorded in
   :attr:`WorkCalendar.fallback_years_used`, so callers can warn instead of being silently wrong.

A year is computed once (a day-flag table and a sorted list of working-day ordinals), so the
queries are a dict lookup plus an index or a bisect: fit for hot loops over 100k matters.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache

import chinese_calendar
from chinese_calendar.constants import holidays as _cc_holidays

__all__ = ["Coverage", "WorkCalendar", "known_years"]

_KNOWN_FIRST = min(_cc_holidays).year
_KNOWN_LAST = max(_cc_holidays).year


class Coverage(StrEnum):
    OFFICIAL = "official"  # the State Council calendar, via chinesecalendar
    OVERRIDE = "override"  # the administrator's word: an override, or a year declared complete
    FALLBACK = "fallback"  # nobody knows: Monday–Friday assumed


def known_years() -> range:
    """Years the shipped official calendar covers (e.g. 2004–2026 for chinesecalendar 1.11)."""
    return range(_KNOWN_FIRST, _KNOWN_LAST + 1)


@lru_cache(maxsize=64)
def _official_flags(year: int) -> bytes:
    first = date(year, 1, 1)
    days = (date(year + 1, 1, 1) - first).days
    return bytes(chinese_calendar.is_workday(first + timedelta(i)) for i in range(days))


def _weekday_flags(year: int) -> bytes:
    first = date(year, 1, 1)
    days = (date(year + 1, 1, 1) - first).days
    return bytes((first + timedelta(i)).weekday() < 5 for i in range(days))


def _as_date(d: date) -> date:
    return d.date() if isinstance(d, datetime) else d


@dataclass(frozen=True, slots=True)
class _Year:
    first_ord: int
    flags: bytes  # 1 = working day, indexed by day of year (0-based)
    workdays: list[int]  # ordinals of the working days, ascending
    fallback: list[int]  # ordinals whose answer is the Monday–Friday fallback, ascending


class WorkCalendar:
    """Working days on the official calendar, with administrator overrides.

    ``overrides`` maps a date to whether it is a working day and always wins.
    ``complete_years`` are years (outside :func:`known_years`) the administrator has entered in
    full as overrides: their other days follow Monday–Friday with ``OVERRIDE`` coverage rather
    than being reported as a fallback.
    """

    def __init__(self, overrides: Mapping[date, bool] | None = None, *, complete_years: Iterable[int] = ()) -> None:
        self._overrides: dict[date, bool] = {_as_date(d): bool(v) for d, v in (overrides or {}).items()}
        self._complete_years = frozenset(complete_years)
        self._years: dict[int, _Year] = {}
        self._fallback_used: set[int] = set()

    # --- the year tables ------------------------------------------------------------

    def _year(self, year: int) -> _Year:
        got = self._years.get(year)
        if got is None:
            got = self._years[year] = self._build(year)
        return got

    def _build(self, year: int) -> _Year:
        first = date(year, 1, 1)
        first_ord = first.toordinal()
        official = year in known_years()
        flags = bytearray(_official_flags(year) if official else _weekday_flags(year))
        guessed = not official and year not in self._complete_years
        overridden: set[int] = set()
        for d, is_work in self._overrides.items():
            if d.year == year:
                flags[d.toordinal() - first_ord] = is_work
                overridden.add(d.toordinal())
        fallback = [first_ord + i for i in range(len(flags)) if first_ord + i not in overridden] if guessed else []
        if fallback:
            self._fallback_used.add(year)
        workdays = [first_ord + i for i, f in enumerate(flags) if f]
        return _Year(first_ord, bytes(flags), workdays, fallback)

    # --- single days ----------------------------------------------------------------

    def is_workday(self, d: date) -> bool:
        d = _as_date(d)
        y = self._year(d.year)
        return bool(y.flags[d.toordinal() - y.first_ord])

    def coverage(self, d: date) -> Coverage:
        d = _as_date(d)
        if d in self._overrides:
            return Coverage.OVERRIDE
        if d.year in known_years():
            return Coverage.OFFICIAL
        if d.year in self._complete_years:
            return Coverage.OVERRIDE
        self._year(d.year)  # records the year as used on fallback
        return Coverage.FALLBACK

    def known_years(self) -> range:
        return known_years()

    @property
    def overrides(self) -> dict[date, bool]:
        return dict(self._overrides)

    @property
    def fallback_years_used(self) -> frozenset[int]:
        """Years whose Monday–Friday fallback this calendar has had to use so far."""
        return frozenset(self._fallback_used)

    def fallback_in(self, a: date, b: date) -> bool:
        """Whether any day between ``a`` and ``b`` (inclusive, either order) is on the fallback."""
        a, b = _as_date(a), _as_date(b)
        if a > b:
            a, b = b, a
        if a.year >= _KNOWN_FIRST and b.year <= _KNOWN_LAST:
            return False  # official years never need the fallback
        lo, hi = a.toordinal(), b.toordinal()
        for year in range(a.year, b.year + 1):
            fb = self._year(year).fallback
            i = bisect.bisect_left(fb, lo)
            if i < len(fb) and fb[i] <= hi:
                return True
        return False

    # --- arithmetic -----------------------------------------------------------------

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself never counts).

        ``n == 0`` returns ``start`` unchanged; a negative ``n`` counts back: the ``|n|``-th
        working day before ``start``.
        """
        start = _as_date(start)
        if n == 0:
            return start
        s = start.toordinal()
        year = start.year
        y = self._year(year)
        if n > 0:
            i = bisect.bisect_right(y.workdays, s)
            while n > len(y.workdays) - i:
                n -= len(y.workdays) - i
                year += 1
                y, i = self._year(year), 0
            return date.fromordinal(y.workdays[i + n - 1])
        n = -n
        i = bisect.bisect_left(y.workdays, s)  # working days strictly before start: [0, i)
        while n > i:
            n -= i
            year -= 1
            y = self._year(year)
            i = len(y.workdays)
        return date.fromordinal(y.workdays[i - n])

    def next_workday(self, d: date) -> date:
        """``d`` itself when it is a working day, else the first working day after it."""
        d = _as_date(d)
        return d if self.is_workday(d) else self.add_working_days(d, 1)

    def previous_workday(self, d: date) -> date:
        """``d`` itself when it is a working day, else the last working day before it."""
        d = _as_date(d)
        return d if self.is_workday(d) else self.add_working_days(d, -1)

    def working_days_between(self, a: date, b: date) -> int:
        """Working days ``d`` with ``a < d <= b``; negative (the same count) when ``b < a``.

        The inverse of :meth:`add_working_days` for ``n >= 0``:
        ``working_days_between(a, add_working_days(a, n)) == n``.
        """
        a, b = _as_date(a), _as_date(b)
        if b < a:
            return -self.working_days_between(b, a)
        ya = self._year(a.year)
        upto_a = bisect.bisect_right(ya.workdays, a.toordinal())
        if a.year == b.year:
            return bisect.bisect_right(ya.workdays, b.toordinal()) - upto_a
        total = len(ya.workdays) - upto_a
        for year in range(a.year + 1, b.year):
            total += len(self._year(year).workdays)
        return total + bisect.bisect_right(self._year(b.year).workdays, b.toordinal())

    # --- whole years (``calendar show``) -------------------------------------------------

    def workdays_in_year(self, year: int) -> list[date]:
        return [date.fromordinal(o) for o in self._year(year).workdays]

    def special_days(self, year: int) -> list[tuple[date, bool, Coverage]]:
        """Days whose status differs from plain Monday–Friday (holidays on weekdays, 调休
        working weekends), plus every override: ``(date, is_workday, coverage)`` by date."""
        y = self._year(year)
        out = []
        for i, flag in enumerate(y.flags):
            d = date.fromordinal(y.first_ord + i)
            if bool(flag) != (d.weekday() < 5) or d in self._overrides:
                out.append((d, bool(flag), self.coverage(d)))
        return out
