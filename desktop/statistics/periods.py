"""The periods the office reports on: a month, a quarter, a year, or any custom range of days.

A period is a closed range of calendar days. ``parse_period`` reads what people type on the
command line (``2026-10``, ``2026-Q3``, ``2026``); :meth:`ReportPeriod.previous` is the period the
dashboard compares with (the month, quarter or year before; for a custom range, the same number of
days just before it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from desktop.domain.errors import ValidationError

__all__ = ["PeriodKind", "ReportPeriod", "month_starts", "months_back", "parse_period"]


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    CUSTOM = "custom"


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


@dataclass(frozen=True)
class ReportPeriod:
    kind: PeriodKind
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError("period_invalid", field="period", start=str(self.start), end=str(self.end))

    # --- constructors -------------------------------------------------------------------
    @classmethod
    def month(cls, year: int, month: int) -> ReportPeriod:
        return cls(PeriodKind.MONTH, date(year, month, 1), _month_end(year, month))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> ReportPeriod:
        if not 1 <= quarter <= 4:
            raise ValidationError("period_invalid", field="period", quarter=quarter)
        first = 3 * (quarter - 1) + 1
        return cls(PeriodKind.QUARTER, date(year, first, 1), _month_end(year, first + 2))

    @classmethod
    def year_of(cls, year: int) -> ReportPeriod:
        return cls(PeriodKind.YEAR, date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def custom(cls, start: date, end: date) -> ReportPeriod:
        return cls(PeriodKind.CUSTOM, start, end)

    # --- what it is ---------------------------------------------------------------------
    @property
    def key(self) -> str:
        """Stable text form: ``2026-10``, ``2026-Q3``, ``2026``, ``2026-10-01..2026-10-15``."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind is PeriodKind.YEAR:
            return f"{self.start.year}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label_zh(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.start.year}年{self.start.month}月"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.start.year}年第{'一二三四'[(self.start.month - 1) // 3]}季度"
        if self.kind is PeriodKind.YEAR:
            return f"{self.start.year}年"
        s, e = self.start, self.end
        return f"{s.year}年{s.month}月{s.day}日至{e.year}年{e.month}月{e.day}日"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    def previous(self) -> ReportPeriod:
        y, m = self.start.year, self.start.month
        if self.kind is PeriodKind.MONTH:
            return ReportPeriod.month(*_add_months(y, m, -1))
        if self.kind is PeriodKind.QUARTER:
            py, pm = _add_months(y, m, -3)
            return ReportPeriod.quarter(py, (pm - 1) // 3 + 1)
        if self.kind is PeriodKind.YEAR:
            return ReportPeriod.year_of(y - 1)
        return ReportPeriod.custom(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the period touches, in order."""
        return month_starts(self.start, self.end)


def month_starts(start: date, end: date) -> list[tuple[int, int]]:
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = _add_months(y, m, 1)
    return out


def months_back(year: int, month: int, count: int) -> list[tuple[int, int]]:
    """The ``count`` months ending with (year, month), oldest first."""
    return [_add_months(year, month, -i) for i in range(count - 1, -1, -1)]


_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_QUARTER = re.compile(r"(\d{4})-?[Qq]([1-4])")
_YEAR = re.compile(r"(\d{4})")


def parse_period(text: str) -> ReportPeriod:
    """``2026-10`` (month), ``2026-Q3`` (quarter), ``2026`` (year), ``2026-10-01..2026-10-15``."""
    s = (text or "").strip()
    try:
        if ".." in s:
            a, b = s.split("..", 1)
            return ReportPeriod.custom(date.fromisoformat(a.strip()), date.fromisoformat(b.strip()))
        if m := _QUARTER.fullmatch(s):
            return ReportPeriod.quarter(int(m[1]), int(m[2]))
        if (m := _MONTH.fullmatch(s)) and 1 <= int(m[2]) <= 12:
            return ReportPeriod.month(int(m[1]), int(m[2]))
        if m := _YEAR.fullmatch(s):
            return ReportPeriod.year_of(int(m[1]))
    except ValueError:
        pass
    raise ValidationError("period_invalid", field="period", value=text)
