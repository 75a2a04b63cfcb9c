"""The monthly random callback draw (镇纪委每月随机回访 20% 的持卡人), as a pure, re-checkable rule.

The population is the tracking cards (matters) closed in the previous month, less the cards already
drawn earlier in the same quarter. The sample is the ``ceil(percent × population / 100)`` cards with the
smallest keyed BLAKE2b(card) with the key SHA-256(seed) — a keyed shuffle that does not depend on Python's ``random`` module
or version, so anyone holding the seed and the population can re-check the draw years later.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from desktop.domain.errors import ValidationError

__all__ = ["Draw", "draw_sample", "month_bounds", "new_seed", "parse_month", "previous_month", "quarter_of",
           "sample_size"]


def new_seed() -> str:
    return secrets.token_hex(16)


def sample_size(population: int, percent: int) -> int:
    """``percent`` % of ``population``, rounded up (20% of 11 is 3), never more than the population."""
    if population < 0 or not 0 < percent <= 100:
        raise ValidationError("sample_percent_invalid", field="percent", percent=percent)
    return min(population, -(-population * percent // 100))


def _ranker(seed: str):  # type: ignore[no-untyped-def]
    key = hashlib.sha256(seed.encode()).digest()
    return lambda card: hashlib.blake2b(card.encode(), key=key, digest_size=16).digest()


@dataclass(frozen=True)
class Draw:
    seed: str
    percent: int
    population: tuple[str, ...]  # sorted cards (tracking numbers) the sample was drawn from
    sample: tuple[str, ...]  # in draw order


def draw_sample(cards: Iterable[str], already_drawn: Iterable[str], percent: int, seed: str) -> Draw:
    """The same (cards, already_drawn, percent, seed) always give the same sample."""
    if not seed:
        raise ValidationError("seed_required", field="seed")
    excluded = set(already_drawn)
    population = tuple(sorted(set(cards) - excluded))
    n = sample_size(len(population), percent)
    ranked = sorted(population, key=_ranker(seed))
    return Draw(seed=seed, percent=percent, population=population, sample=tuple(ranked[:n]))


def parse_month(text: str) -> date:
    """``2026-11`` → 2026-11-01; a clear refusal otherwise."""
    try:
        year, month = (int(p) for p in text.strip().split("-"))
        return date(year, month, 1)
    except (ValueError, AttributeError):
        raise ValidationError("month_invalid", field="month", value=text) from None


def previous_month(first: date) -> date:
    return date(first.year - 1, 12, 1) if first.month == 1 else date(first.year, first.month - 1, 1)


def month_bounds(first: date) -> tuple[date, date]:
    """First and last day of the month starting at ``first``."""
    nxt = date(first.year + 1, 1, 1) if first.month == 12 else date(first.year, first.month + 1, 1)
    return first, date.fromordinal(nxt.toordinal() - 1)


def quarter_of(first: date) -> str:
    return f"{first.year}-Q{(first.month - 1) // 3 + 1}"
