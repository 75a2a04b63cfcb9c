"""The registration rules the desk (``intake.register`` / ``add_visit``) and the bulk importer share, so
a matter is registered the same way whichever door it came in by: the petitioner's village (a new name
adds the village), the 三色预警 of each visit with the highest colour kept, and the leader's reception
day an in-person visit joins.

Each rule is a plain function of values the caller has already read, so the importer applies it to
100,000 rows without a query per row and the desk with the row it just stored."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from desktop.domain.enums import AlertLevel, Channel
from desktop.domain.repeat_alert import alert_level
from desktop.domain.rules_config import Rules

__all__ = ["Warning", "leader_session_for", "warning"]


@dataclass(frozen=True)
class Warning:
    count: int  # visits in the window ending with this one, this one included
    level: AlertLevel
    highest_count: int
    highest_level: AlertLevel


def warning(count: int, highest_before: int, rules: Rules) -> Warning:
    """The colour of a visit's count, and the highest the matter has reached with it."""
    top = max(count, highest_before)
    return Warning(count, alert_level(count, rules), top, alert_level(top, rules))


def leader_session_for(channel: Channel, day: date, sessions: Iterable[tuple[int, int]],
                       leader_id: int | None = None) -> int | None:
    """The leader's session (id) an in-person visit on ``day`` joins: ``sessions`` are that day's
    (session id, leader id). Only 来访 is received by a leader; with several leaders sitting and none
    named, nothing is chosen (the desk asks)."""
    if channel != Channel.VISIT:
        return None
    candidates = [sid for sid, lid in sessions if leader_id is None or lid == leader_id]
    return candidates[0] if len(candidates) == 1 else None
