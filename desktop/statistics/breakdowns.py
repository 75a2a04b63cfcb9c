"""Matters received (and resolved) by category, department, village and month; the top 3 types
of the period and the types that stayed in the top 3 for three months or more running."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from operator import attrgetter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Department, Matter, Village
from desktop.domain.enums import Category, Channel
from desktop.statistics.asof import MatterState, grouped_resolved
from desktop.statistics.filters import StatFilter
from desktop.statistics.periods import ReportPeriod, month_starts, months_back

__all__ = ["CATEGORY_ZH", "CHANNEL_ZH", "STREAK_MONTHS", "TOP_N", "Breakdown", "Streak", "TopType", "TrendPoint",
           "by_department", "by_village", "category_months", "top_types", "trend"]

TOP_N = 3
STREAK_MONTHS = 3  # "top 3 for three months running"
TREND_MONTHS = 12

CATEGORY_ZH = {Category.LEGAL: "涉法涉诉类", Category.LIVELIHOOD: "民生类", Category.DISPUTE: "矛盾纠纷类",
               Category.POLICY: "政策咨询类", Category.LEGACY: "历史遗留类"}
CHANNEL_ZH = {Channel.VISIT: "来访", Channel.LETTER: "来信", Channel.ONLINE: "网上", Channel.PHONE: "电话"}
_CATEGORY_ORDER = list(Category)


@dataclass(frozen=True)
class Breakdown:
    ref: Any  # Category value, department id or village id; None for "not set"
    label: str
    received: int
    resolved: int


@dataclass(frozen=True)
class TrendPoint:
    year: int
    month: int
    received: int
    resolved: int  # of those received in the month, resolved by the month's end (or today)

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def label_zh(self) -> str:
        return f"{self.year}年{self.month}月"


@dataclass(frozen=True)
class TopType:
    rank: int
    category: Category
    received: int
    share: float | None  # percent of all received in the period
    streak: int  # months running (ending with the period's last month begun) in the monthly top 3
    tied: bool = False  # 并列: as many received as another type on the list

    @property
    def flagged(self) -> bool:
        return self.streak >= STREAK_MONTHS


@dataclass(frozen=True)
class Streak:
    category: Category
    first: tuple[int, int]
    last: tuple[int, int]
    months: int


def _grouped(session: Session, key: Any, period: ReportPeriod, filt: StatFilter, as_of: date,
             known_by: datetime | None = None) -> list[Any]:
    return grouped_resolved(session, key, period.start, period.end, filt.conditions(), as_of, known_by)


def by_category(session: Session, period: ReportPeriod, filt: StatFilter, as_of: date,
                known_by: datetime | None = None) -> list[Breakdown]:
    got = {(Category(k) if k else None): (int(n), int(r or 0)) for k, n, r in
           _grouped(session, Matter.category, period, filt, as_of, known_by)}
    return category_rows(got)


def _named(session: Session, model: Any, column: Any, period: ReportPeriod, filt: StatFilter, as_of: date,
           none_label: str, known_by: datetime | None = None) -> list[Breakdown]:
    return _labelled(session, model, _grouped(session, column, period, filt, as_of, known_by), none_label)


def _labelled(session: Session, model: Any, counts: list[tuple[Any, int, int]], none_label: str) -> list[Breakdown]:
    ids = [k for k, _, _ in counts if k is not None]
    names = dict(session.execute(select(model.id, model.name).where(model.id.in_(ids))).all()) if ids else {}
    rows = [Breakdown(k, names.get(k, none_label) if k is not None else none_label, int(n), int(r or 0))
            for k, n, r in counts]
    rows.sort(key=lambda b: (-b.received, b.ref is None, b.label))
    return rows


def by_department(session: Session, period: ReportPeriod, filt: StatFilter, as_of: date,
                  known_by: datetime | None = None) -> list[Breakdown]:
    return _named(session, Department, Matter.department_id, period, filt, as_of, "未交办", known_by)


def by_village(session: Session, period: ReportPeriod, filt: StatFilter, as_of: date,
               known_by: datetime | None = None) -> list[Breakdown]:
    return _named(session, Village, Matter.village_id, period, filt, as_of, "未填村（社区）", known_by)


def from_cohort(session: Session, cohort: list[MatterState]
                ) -> tuple[list[Breakdown], list[Breakdown], list[Breakdown]]:
    """By category, department and village, added up from the period's cohort as already read (the
    states the figures were counted from), so the breakdowns cost no query of their own."""
    resolved = [m for m in cohort if m.resolved]
    tallies = []
    for field in ("category", "department_id", "village_id"):
        key = attrgetter(field)
        got, done = Counter(map(key, cohort)), Counter(map(key, resolved))
        tallies.append({k: [n, done[k]] for k, n in got.items()})
    cats, depts, villages = tallies
    by_cat = category_rows({k: (n, r) for k, (n, r) in cats.items()})
    return (by_cat, _labelled(session, Department, [(k, n, r) for k, (n, r) in depts.items()], "未交办"),
            _labelled(session, Village, [(k, n, r) for k, (n, r) in villages.items()], "未填村（社区）"))


def window_months(period: ReportPeriod, today: date) -> list[tuple[int, int]]:
    """The months charted and ranked: the period's months, or the 12 ending with it if it is shorter;
    never a month that has not begun (a running quarter or year shows its months so far)."""
    months = period.months()
    if len(months) < TREND_MONTHS:
        months = months_back(period.end.year, period.end.month, TREND_MONTHS)
    now = (today.year, today.month)
    return [ym for ym in months if ym <= now]


def category_months(session: Session, months: list[tuple[int, int]], filt: StatFilter,
                    today: date, closed: Mapping[str, datetime] | None = None,
                    known: Mapping[str, dict[Category | None, tuple[int, int]]] | None = None
                    ) -> dict[tuple[int, int], dict[Category | None, tuple[int, int]]]:
    """(year, month) → category → (received, resolved by that month's end or today); a closed month
    (``closed``: period key → closing time) as it was known when it was closed, as its figures are.
    ``known`` (period key → cells) gives months already counted: the closed months' archives, the
    report's own month.

    One small query per other month: each is a range on the registration-date index, and a dozen of
    them cost less than one query over the whole window grouped by an expression of the date."""
    out: dict[tuple[int, int], dict[Category | None, tuple[int, int]]] = {}
    for ym in months:
        month = ReportPeriod.month(*ym)
        if month.start > today:
            out[ym] = {}
            continue
        if known is not None and month.key in known:
            out[ym] = dict(known[month.key])
            continue
        rows = grouped_resolved(session, Matter.category, month.start, month.end, filt.conditions(),
                                min(month.end, today), (closed or {}).get(month.key))
        out[ym] = {(Category(c) if c else None): (n, r) for c, n, r in rows}
    return out


def category_rows(cells: dict[Category | None, tuple[int, int]]) -> list[Breakdown]:
    rows = [Breakdown(c.value, CATEGORY_ZH[c], *cells[c]) for c in _CATEGORY_ORDER if c in cells]
    if None in cells:
        rows.append(Breakdown(None, "未分类", *cells[None]))
    return rows


def trend(grid: dict[tuple[int, int], dict[Category | None, tuple[int, int]]],
          months: list[tuple[int, int]]) -> list[TrendPoint]:
    return [TrendPoint(y, m, sum(v[0] for v in grid.get((y, m), {}).values()),
                       sum(v[1] for v in grid.get((y, m), {}).values())) for y, m in months]


def _ranked(counts: dict[Category, int]) -> list[Category]:
    """Most received first, with every type tied with the third (并列: a tie is never broken silently);
    tied types are listed in the catalogue's order, so the list never depends on the database."""
    present = sorted((c for c in _CATEGORY_ORDER if counts.get(c, 0) > 0),
                     key=lambda c: (-counts[c], _CATEGORY_ORDER.index(c)))
    if len(present) <= TOP_N:
        return present
    third = counts[present[TOP_N - 1]]
    return [c for c in present if counts[c] >= third]


def _ranks(cats: list[Category], counts: dict[Category, int]) -> list[tuple[int, bool]]:
    """Competition ranking (1, 2, 2, 4): (rank, tied) for each of ``cats`` in order."""
    out = []
    for c in cats:
        rank = 1 + sum(1 for o in cats if counts[o] > counts[c])
        out.append((rank, sum(1 for o in cats if counts[o] == counts[c]) > 1))
    return out


def top_types(period_counts: list[Breakdown], grid: dict[tuple[int, int], dict[Category | None, tuple[int, int]]],
              period: ReportPeriod, today: date | None = None) -> tuple[list[TopType], list[Streak]]:
    """The period's top 3 (ties for third all shown) with their current streak, and every run of 3+
    months in the monthly top 3 that reaches into the period. Only months that have begun are in
    ``grid``; the running month counts once something was received in it (an empty week-old month
    does not end a streak)."""
    counts = {Category(b.ref): b.received for b in period_counts if b.ref is not None}
    total = sum(b.received for b in period_counts)
    months = sorted(grid)
    monthly_top = {ym: set(_ranked({c: v[0] for c, v in grid[ym].items() if c is not None})) for ym in months}
    last_month = (period.end.year, period.end.month)
    upto = [ym for ym in months if ym <= last_month]
    if upto and today is not None and upto[-1] == (today.year, today.month) and not grid[upto[-1]]:
        upto.pop()

    def current_streak(cat: Category) -> int:
        n = 0
        for ym in reversed(upto):
            if cat not in monthly_top[ym]:
                break
            n += 1
        return n

    ranked = _ranked(counts)
    tops = [TopType(rank, c, counts[c], 100.0 * counts[c] / total if total else None, current_streak(c), tied)
            for c, (rank, tied) in zip(ranked, _ranks(ranked, counts), strict=True)]
    in_period = set(month_starts(period.start, period.end))
    streaks: list[Streak] = []
    for cat in _CATEGORY_ORDER:
        run: list[tuple[int, int]] = []
        for ym in [*upto, None]:
            if ym is not None and cat in monthly_top[ym] and (not run or _next(run[-1]) == ym):
                run.append(ym)
                continue
            if len(run) >= STREAK_MONTHS and any(x in in_period for x in run):
                streaks.append(Streak(cat, run[0], run[-1], len(run)))
            run = [ym] if ym is not None and cat in monthly_top[ym] else []
    streaks.sort(key=lambda s: (-s.months, _CATEGORY_ORDER.index(s.category)))
    return tops, streaks


def _next(ym: tuple[int, int]) -> tuple[int, int]:
    y, m = ym
    return (y + 1, 1) if m == 12 else (y, m + 1)
