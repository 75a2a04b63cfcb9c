"""重复访 counted from the petitioner's ID, as DOMAIN.md defines it: a visit (or letter, call, online
submission) is a repeat when the same person already had a matter open on it (a later visit on a
registered matter), or had another visit within the repeat window before it (30 days, the current one
included), or the clerk linked its new matter to an earlier one. Linking only refines what the ID
already tells: an imported file has no link column and still counts.

The petitioner's 30-day count is worked out at every visit; the highest one in the period gives the
person's colour (黄 at the yellow threshold, 红 at the red one), counted once per person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from sqlalchemy import and_, case, literal, select, true
from sqlalchemy.orm import Session

from desktop.db.dates import day_number
from desktop.db.models import Matter, Visit
from desktop.db.plain import int_columns
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
    is read too: a visit early in the period may repeat one just before it).

    Counted over arrays rather than visit by visit: a year is 130,000 visits and the report waits."""
    if as_of < start:
        return RepeatCount()
    span = rules.repeat_window_days - 1
    passes = case((and_(true(), *filt.conditions()), 1), else_=0) if not filt.is_empty else literal(1)
    linked = case((Matter.linked_matter_id.is_not(None), 1), else_=0)
    stmt = (select(Visit.id, Visit.matter_id, Visit.petitioner_id, day_number(Visit.occurred_on),
                   day_number(Matter.registered_on), linked, passes)
            .join(Matter, Matter.id == Visit.matter_id)
            .where(Visit.occurred_on.between(start - timedelta(days=span), as_of)))
    columns = int_columns(session.connection(), stmt)
    if columns is None:
        return RepeatCount()
    vid_a, mid_a, pid_a, on_a, reg_a, linked_n, ok_n = columns
    ok_a, linked_a = ok_n.astype(bool), linked_n.astype(bool)
    n = len(vid_a)

    # The person's visits in the window ending with this one (this one included): visits in order of
    # (person, day, id); the window's first one found by a binary search on person and day together.
    by_person = np.lexsort((vid_a, on_a, pid_a))
    key = pid_a[by_person] * _DAY_SPAN + on_a[by_person]
    in_window = np.empty(n, np.int64)
    in_window[by_person] = np.arange(n) - np.searchsorted(key, key - span, side="left") + 1
    # A later visit on a matter already registered: after its registration day, or not its first visit.
    by_matter = np.lexsort((vid_a, on_a, mid_a))
    first_on_matter = np.zeros(n, bool)
    sorted_mid = mid_a[by_matter]
    first_on_matter[by_matter] = np.concatenate(([True], sorted_mid[1:] != sorted_mid[:-1]))
    later_on_matter = (on_a > reg_a) | ~first_on_matter

    in_period = on_a >= start.toordinal()
    repeat = in_period & ok_a & (later_on_matter | (in_window > 1) | linked_a)
    people_in = np.unique(pid_a[in_period], return_inverse=True)
    peak = np.zeros(len(people_in[0]), np.int64)
    np.maximum.at(peak, people_in[1], in_window[in_period])
    highest = dict(zip(people_in[0].tolist(), peak.tolist(), strict=True))
    people = set(np.unique(pid_a[repeat]).tolist())

    r_mid, r_on, r_pid = mid_a[repeat], on_a[repeat], pid_a[repeat]
    matters, index, counts = np.unique(r_mid, return_inverse=True, return_counts=True)
    last = np.zeros(len(matters), np.int64)
    np.maximum.at(last, index, r_on)
    owner = np.zeros(len(matters), np.int64)
    owner[index] = r_pid
    per_matter = {m: (c, date.fromordinal(d))
                  for m, c, d in zip(matters.tolist(), counts.tolist(), last.tolist(), strict=True)}
    levels = [alert_level(c, rules) for p, c in highest.items() if p in people or filt.is_empty]
    return RepeatCount(int(repeat.sum()), frozenset(per_matter), frozenset(people),
                       sum(1 for v in levels if v is AlertLevel.YELLOW), sum(1 for v in levels if v is AlertLevel.RED),
                       per_matter, highest, dict(zip(matters.tolist(), owner.tolist(), strict=True)))


_DAY_SPAN = 10_000_000  # more than any date's ordinal: person and day packed into one sortable number
