"""三色预警: the petitioner's visits and letters in the trailing window, and their colour.

The window is ``window_days`` long and ends with ``today`` included: with 30 days, a visit on
``today - 29`` counts and one on ``today - 30`` does not. The caller passes the dates of the
petitioner's earlier visits *and the current one* (DOMAIN.md: "the current one included").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desktop.domain.enums import AlertLevel
from desktop.domain.rules_config import Rules

__all__ = [
    "RepeatAssessment",
    "alert_level",
    "assess_repeat",
    "count_in_window",
    "is_repeat_matter",
    "window_start",
]

# Stable reason codes for the UI / export (words chosen by the language layer).
REASON_NONE = "below_yellow_threshold"
REASON_YELLOW = "yellow_threshold_reached"
REASON_RED = "red_threshold_reached"


@dataclass(frozen=True)
class RepeatAssessment:
    count: int
    level: AlertLevel
    reason_code: str


def window_start(today: date, window_days: int) -> date:
    """First day inside the window (``today - window_days + 1``), for a database query."""
    if window_days < 1:
        raise ValueError("window_days must be at least 1")
    return _as_date(today) - timedelta(days=window_days - 1)


def _as_date(d: date) -> date:
    return d.date() if isinstance(d, datetime) else d


def count_in_window(dates: Iterable[date], today: date, window_days: int) -> int:
    """How many of ``dates`` fall in the trailing window ending ``today`` (dates after ``today``
    are not counted). Date-times count by their date (China time is the caller's job)."""
    today = _as_date(today)
    first = window_start(today, window_days)
    return sum(1 for d in dates if first <= _as_date(d) <= today)


def alert_level(count: int, rules: Rules) -> AlertLevel:
    if count >= rules.red_threshold:
        return AlertLevel.RED
    if count >= rules.yellow_threshold:
        return AlertLevel.YELLOW
    return AlertLevel.GREEN


def assess_repeat(dates: Iterable[date], today: date, rules: Rules) -> RepeatAssessment:
    """Count in ``rules.repeat_window_days`` and colour by the thresholds."""
    count = count_in_window(dates, today, rules.repeat_window_days)
    level = alert_level(count, rules)
    reason = {AlertLevel.RED: REASON_RED, AlertLevel.YELLOW: REASON_YELLOW}.get(level, REASON_NONE)
    return RepeatAssessment(count, level, reason)


def is_repeat_matter(visits_on_matter: int, rules: Rules) -> bool:
    """重复访 in the monthly analysis: ``rules.repeat_matter_visits`` (3) or more on one matter."""
    return visits_on_matter >= rules.repeat_matter_visits
