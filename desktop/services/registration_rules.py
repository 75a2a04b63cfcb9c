"""The registration rules the desk (``intake.register`` / ``add_visit``) and the bulk importer share, so
a matter is registered the same way whichever door it came in by: the petitioner's village (a new name
adds the village) and grid, a group visit's representatives, the 三色预警 of each visit with the highest
colour kept, and the leader's reception day an in-person visit joins.

Each rule is a plain function of values the caller has already read, so the importer applies it to
100,000 rows without a query per row and the desk with the row it just stored."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from desktop.domain.enums import AlertLevel, Channel, MatterStatus
from desktop.domain.errors import ValidationError
from desktop.domain.idnumber import parse_resident_id
from desktop.domain.repeat_alert import alert_level
from desktop.domain.rules_config import Rules

__all__ = ["GRID_MAX_LENGTH", "SETTLED", "Warning", "grid_problems", "leader_session_for",
           "representative_problems", "warning"]

GRID_MAX_LENGTH = 64  # the size of Petitioner.grid: longer would fail on PostgreSQL and be kept whole on SQLite


@dataclass(frozen=True)
class Warning:
    count: int  # visits in the window ending with this one, this one included
    level: AlertLevel
    highest_count: int
    highest_level: AlertLevel


# A visit's count is the person's (by ID number), so every matter of theirs still open takes its colour, not
# only the one visited; a settled matter keeps the colours it had.
SETTLED = (MatterStatus.CLOSED, MatterStatus.TERMINATED)


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


def grid_problems(grid: str) -> list[ValidationError]:
    """The grid (网格) a petitioner names, already stripped; blank keeps the one stored."""
    if len(grid) > GRID_MAX_LENGTH:
        return [ValidationError("too_long", field="grid", maximum=GRID_MAX_LENGTH)]
    return []


def representative_problems(representatives: Sequence[tuple[str, str]], group_size: int, rules: Rules,
                            today: date) -> list[ValidationError]:
    """A group visit's representatives as (name, ID number or ""), stripped, those without a name left out:
    at most ``rules.max_representatives`` (Art. 20), no more than the visitors, each name within the name
    limit and each ID number a valid one. Fields are ``representatives`` or ``representatives.<i>.<part>``."""
    problems: list[ValidationError] = []
    if len(representatives) > rules.max_representatives:
        problems.append(ValidationError("too_many_representatives", field="representatives",
                                        maximum=rules.max_representatives, given=len(representatives)))
    if representatives and len(representatives) > group_size:
        problems.append(ValidationError("representatives_exceed_group", field="representatives",
                                        group_size=group_size, given=len(representatives)))
    for i, (name, number) in enumerate(representatives):
        if len(name) > rules.name_max_length:
            problems.append(ValidationError("too_long", field=f"representatives.{i}.name",
                                            maximum=rules.name_max_length))
        if number:
            try:
                parse_resident_id(number, today=today)
            except ValidationError as e:
                problems.append(ValidationError(e.code, field=f"representatives.{i}.id_number", **{
                    k: v for k, v in e.details.items() if k != "field"}))
    return problems
