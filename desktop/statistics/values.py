"""The computed numbers: counts and rates keyed by the names of ``catalog.FIGURES``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop.domain.enums import Category
from desktop.statistics.catalog import FIGURES, Unit
from desktop.statistics.periods import ReportPeriod

__all__ = ["UNCATEGORISED", "FigureSet", "Rate", "category_cells", "change_text", "format_value", "growth", "growth_text"]


UNCATEGORISED = "none"  # the key of matters not yet given a category (no Category value is "none")


def category_cells(categories: Mapping[str, Any]) -> dict[Category | None, tuple[int, int]]:
    """An intake by category (as :attr:`FigureSet.categories` or an archive's JSON holds it) keyed by the
    Category itself (None: uncategorised). ValueError or TypeError on a key or cell this program never writes."""
    out: dict[Category | None, tuple[int, int]] = {}
    for key, (received, resolved) in categories.items():
        if type(received) is not int or type(resolved) is not int:
            raise TypeError(f"not a count: {received!r}, {resolved!r}")
        out[None if key == UNCATEGORISED else Category(key)] = (received, resolved)
    return out


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        """None when there is nothing to divide by (shown as "—", never as 0% or 100%)."""
        if self.denominator == 0:
            return None
        return 100.0 * self.numerator / self.denominator

    def __str__(self) -> str:
        p = self.percent
        return "—" if p is None else f"{p:.1f}%"


def format_value(value: int | Rate) -> str:
    return str(value)


@dataclass(frozen=True)
class FigureSet:
    """Every figure of one period and filter. ``as_of`` is the day "by the end of the period" means:
    the period's last day, or today while the period is still running."""

    period: ReportPeriod
    as_of: date
    values: Mapping[str, int | Rate]
    provisional: frozenset[str] = field(default_factory=frozenset)  # figures that may still change (90 days)
    # The period's intake by category (its value, or UNCATEGORISED): (received, resolved). A closed month's
    # archive keeps them, and later trends chart the month from there (None: not counted, or not archived).
    categories: Mapping[str, tuple[int, int]] | None = None

    def __post_init__(self) -> None:
        missing = set(FIGURES) - set(self.values)
        if missing:  # a figure added to the catalogue must be computed too
            raise ValueError(f"figures not computed: {sorted(missing)}")

    def count(self, key: str) -> int:
        v = self.values[key]
        assert isinstance(v, int), key
        return v

    def rate(self, key: str) -> Rate:
        v = self.values[key]
        assert isinstance(v, Rate), key
        return v

    def number(self, key: str) -> float | None:
        """A plain number for charts and comparisons: the count, or the rate in percent."""
        v = self.values[key]
        return v.percent if isinstance(v, Rate) else float(v)

    def display(self, key: str) -> str:
        return str(self.values[key])

    def as_json(self) -> dict[str, object]:
        """Plain values for the month's archive: counts, and rates as [numerator, denominator]."""
        return {"period": self.period.key, "as_of": self.as_of.isoformat(),
                "values": {k: [v.numerator, v.denominator] if isinstance(v, Rate) else v
                           for k, v in sorted(self.values.items())},
                "provisional": sorted(self.provisional),
                **({} if self.categories is None else
                   {"categories": {k: list(v) for k, v in sorted(self.categories.items())}})}

    def change(self, key: str, previous: FigureSet) -> float | None:
        """This period minus the previous one (percentage points for rates); None if either is undefined."""
        a, b = self.number(key), previous.number(key)
        if a is None or b is None:
            return None
        return a - b


def growth(key: str, current: FigureSet, other: FigureSet) -> float | None:
    """同比 / 环比 as the office writes them: a count's change in percent of the other period ("同比下降
    12.6%"), a rate's in percentage points. None when the other period has nothing to compare with."""
    a, b = current.number(key), other.number(key)
    if a is None or b is None:
        return None
    if FIGURES[key].unit is Unit.RATE:
        return a - b
    return None if b == 0 else 100.0 * (a - b) / b


def change_text(figure_key: str, delta: float | None, lang: str = "zh") -> str:
    """"+3", "−1.2 个百分点", "—": how the window and the report print a change."""
    if delta is None:
        return "—"
    if FIGURES[figure_key].unit is Unit.RATE:
        return f"{delta:+.1f} {'pp' if lang == 'en' else '个百分点'}".replace("-", "−")
    return f"{delta:+.0f}".replace("-", "−")


def growth_text(figure_key: str, value: float | None, lang: str = "zh") -> str:
    """"+12.6%" for a count, "−1.2 个百分点" for a rate, "—" when there is nothing to compare."""
    if value is None:
        return "—"
    if FIGURES[figure_key].unit is Unit.RATE:
        return change_text(figure_key, value, lang)
    return f"{value:+.1f}%".replace("-", "−")
