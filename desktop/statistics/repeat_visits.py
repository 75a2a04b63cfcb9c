"""重复访 counted from the petitioner's ID, as DOMAIN.md defines it: a visit (or letter, call, online
submission) is a repeat when the same person already had a matter open on it (a later visit on a
registered matter), or had another visit within the repeat window before it (30 days, the current one
included), or the clerk linked its new matter to an earlier one. Linking only refines what the ID
already tells: an imported file has no link column and still counts.

The petitioner's 30-day count is worked out at every visit; the highest one in the period gives the
person's colour (黄 at the yellow threshold, 红 at the red one), counted once per person.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, select, true
from sqlalchemy.orm import Session

from desktop.db.models import Matter, Visit
from desktop.domain.enums import AlertLevel
from desktop.domain.repeat_alert import alert_level
from desktop.domain.rules_config import Rules
from desktop.statistics.filters import StatFilter

__all__ = ["RepeatCount", "count_repeats"]


@dataclass(frozen=True)
class RepeatCount:
    visits: int = 0  # repeat visits in the period
    matter_ids: frozenset[int] = frozenset()  # matters with a repeat visit in the period
    petitioner_ids: frozenset[int] = frozenset()
    yellow: int = 0  # people whose highest 30-day count in the period is yellow (not red)
    red: int = 0
    per_matter: dict[int, tuple[int, date]] = field(default_factory=dict)  # matter → (repeat visits, last)
    highest: dict[int, int] = field(default_factory=dict)  # petitioner → highest 30-day count in the period
    owner: dict[int, int] = field(default_factory=dict)  # matter → its petitioner (orders the list unread)


def count_repeats(session: Session, start: date, as_of: date, filt: StatFilter, rules: Rules) -> RepeatCount:
    """The repeat visits dated in [start, as_of] whose matter passes ``filt`` (the window before ``start``
    is read too: a visit early in the period may repeat one just before it)."""
    if as_of < start:
        return RepeatCount()
    window = rules.repeat_window_days
    span = timedelta(days=window - 1)
    passes = case((and_(true(), *filt.conditions()), 1), else_=0)
    stmt = (select(Visit.id, Visit.matter_id, Visit.petitioner_id, Visit.occurred_on, Matter.registered_on,
                   Matter.linked_matter_id, passes)
            .join(Matter, Matter.id == Visit.matter_id)
            .where(Visit.occurred_on.between(start - span, as_of)))
    by_person: dict[int, list[tuple[date, int, int, date, int | None, int]]] = defaultdict(list)
    for vid, mid, pid, on, reg, linked, ok in session.connection().execute(stmt):
        by_person[pid].append((on, vid, mid, reg, linked, ok))
    seen_matter: set[int] = set()  # matters whose registering visit has been met (visits read in order)
    n = 0
    matters: dict[int, list[Any]] = {}
    owner: dict[int, int] = {}
    people: set[int] = set()
    highest: dict[int, int] = {}
    for pid, visits in by_person.items():
        visits.sort()
        lo = 0
        for i, (on, _vid, mid, reg, linked, ok) in enumerate(visits):
            while visits[lo][0] < on - span:
                lo += 1
            in_window = i - lo + 1  # this one included
            later_on_matter = on > reg or mid in seen_matter
            seen_matter.add(mid)
            if on < start:
                continue
            highest[pid] = max(highest.get(pid, 0), in_window)
            if not ok:
                continue
            if later_on_matter or in_window > 1 or linked is not None:
                n += 1
                people.add(pid)
                got = matters.setdefault(mid, [0, on])
                owner[mid] = pid
                got[0] += 1
                got[1] = max(got[1], on)
    levels = [alert_level(c, rules) for p, c in highest.items() if p in people or filt.is_empty]
    return RepeatCount(n, frozenset(matters), frozenset(people), sum(1 for v in levels if v is AlertLevel.YELLOW),
                       sum(1 for v in levels if v is AlertLevel.RED), {m: (c, d) for m, (c, d) in matters.items()},
                       highest, owner)

