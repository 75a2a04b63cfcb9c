"""Rates of this module: 积案化解率, 调解成功率, 登记及时率 — exact counts, no rounding until shown."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from desktop.keycases.enums import MediationOutcome

__all__ = ["Ratio", "backlog_resolution", "mediation_success"]


@dataclass(frozen=True)
class Ratio:
    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        """None with nothing to divide by (shown as "—", never 0% or 100%)."""
        return None if self.denominator == 0 else 100.0 * self.numerator / self.denominator

    def __str__(self) -> str:
        p = self.percent
        return "—" if p is None else f"{p:.1f}%"


def backlog_resolution(cases: Iterable[tuple[date, date | None]], year: int, as_of: date) -> Ratio:
    """积案化解率: of the backlog open at the start of ``year`` (``(became_backlog_on, resolved_on)`` with
    became < 1 January and not resolved before it), those resolved from 1 January up to ``as_of``.
    Backlog that arises during the year is not in the base (it is next year's)."""
    start = date(year, 1, 1)
    base = [r for b, r in cases if b < start and (r is None or r >= start)]
    done = sum(1 for r in base if r is not None and r <= as_of)
    return Ratio(done, len(base))


def mediation_success(outcomes: Iterable[MediationOutcome]) -> Ratio:
    """调解成功率 = mediations that reached an agreement ÷ mediations held."""
    outcomes = list(outcomes)
    return Ratio(sum(1 for o in outcomes if o is MediationOutcome.AGREED), len(outcomes))
