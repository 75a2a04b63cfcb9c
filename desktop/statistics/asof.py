"""Each matter as it stood on a past day, read from its status history (``matter_status_history``),
never from its status today: a matter closed in October and reopened by a review in November is still
resolved in October's figures.

:func:`states` answers for a set of matters (named by SQL conditions on ``Matter`` and, optionally, a
set of candidate ids) in one query: the latest change dated by ``as_of`` (ties broken by the order of
writing), its handling due date as it stood then, the last closing day and the first day handling
started. ``known_by`` leaves out changes written after that moment: a closed month is counted from what
was known when it was closed, and a later backdated entry becomes a correction of the next report.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import String, case, func, null, select, true, type_coerce
from sqlalchemy.orm import Session, aliased

from desktop.db.dates import Days, day_number
from desktop.db.models import Matter, MatterStatusChange
from desktop.db.plain import plain_rows
from desktop.domain.enums import Category, Channel, MatterStatus

__all__ = ["OPEN_CLOCK", "RESOLVED", "MatterState", "current_states", "grouped_resolved", "iter_states", "make_state",
           "states"]

S = MatterStatus
# 化解: closed with the answer or letter (or terminated after a review that upheld it), and not reopened
# with a changed outcome; a review still pending leaves the closing standing.
RESOLVED = frozenset({S.CLOSED, S.TERMINATED, S.UNDER_REVIEW})
# Open with a running clock: a matter in one of these can become overdue.
OPEN_CLOCK = frozenset(s for s in S if s not in RESOLVED and s is not S.PAUSED)


class MatterState(NamedTuple):  # a tuple: a year's cohort builds 100,000 of them
    id: int
    status: MatterStatus
    due: date | None  # the handling due date as it stood on as_of
    closed_on: date | None  # the last closing day by as_of, while resolved
    started_on: date | None  # the first day it was assigned or closed (handling started)
    registered_on: date
    category: Category | None
    channel: Channel
    restricted: bool
    group_size: int
    assign_due: date
    petitioner_id: int
    linked_matter_id: int | None
    village_id: int | None
    department_id: int | None
    # Worked out once when read (a year's figures ask each matter several hundred thousand times in all):
    resolved: bool = False  # in RESOLVED on as_of
    on_time: bool = False  # resolved on or before its limit (answered on the spot: no limit, on time)


def make_state(mid: int, status: MatterStatus, due: date | None, closed_on: date | None, started_on: date | None,
               *rest: Any) -> MatterState:
    """A :class:`MatterState` with ``resolved`` and ``on_time`` filled in from the status and dates."""
    resolved = status in RESOLVED
    closed = closed_on if resolved else None
    on_time = resolved and (due is None or (closed is not None and closed <= due))
    return MatterState(mid, status, due, closed, started_on, *rest, resolved, on_time)


H = MatterStatusChange
_CLOSING = (S.CLOSED.value,)
_STARTED = (S.ASSIGNED.value, S.CLOSED.value)


def _by(as_of: date, known_by: datetime | None, alias: Any) -> list[Any]:
    """The history rows counted on ``as_of``: dated by then and, for a closed month, written by its closing."""
    where = [alias.changed_on <= as_of]
    if known_by is not None:
        where.append(alias.recorded_at <= known_by)
    return where


def _latest_id(as_of: date, known_by: datetime | None) -> Any:
    """Each matter's latest change by ``as_of`` (ties broken by the order of writing), as a correlated
    subquery: one seek down the (matter, day, id) index per matter. A window over the whole history sorts
    every row twice and took three times as long on a year of 100,000 matters."""
    last = aliased(H)
    return (select(last.id).where(last.matter_id == Matter.id, *_by(as_of, known_by, last))
            .order_by(last.changed_on.desc(), last.id.desc()).limit(1).correlate(Matter).scalar_subquery())


def _day(fn: Any, statuses: tuple[str, ...], as_of: date, known_by: datetime | None) -> Any:
    c = aliased(H)
    return (select(fn(c.changed_on)).where(c.matter_id == Matter.id, c.status.in_(statuses),
                                           *_by(as_of, known_by, c))
            .correlate(Matter).scalar_subquery())


def states(session: Session, conditions: list[Any], as_of: date, known_by: datetime | None = None,
           candidates: Any = None, stood: tuple[frozenset[MatterStatus], date] | None = None) -> list[MatterState]:
    """The state on ``as_of`` of every matter meeting ``conditions`` (on ``Matter``; and in ``candidates``,
    a subquery of matter ids, when given) that had been registered by then. ``stood`` (statuses, day)
    keeps only the matters that stood in one of those statuses with a handling limit on or before that
    day, asked in SQL so the others never become states."""
    return list(iter_states(session, conditions, as_of, known_by, candidates, stood))


def iter_states(session: Session, conditions: list[Any], as_of: date, known_by: datetime | None = None,
                candidates: Any = None, stood: tuple[frozenset[MatterStatus], date] | None = None,
                started: bool = True) -> Iterator[MatterState]:
    """:func:`states` one at a time, for a caller that tallies them instead of keeping them. ``started``
    False leaves ``started_on`` None (one seek less per matter, for a caller that never asks it)."""
    where = list(conditions)
    if candidates is not None:
        where.append(Matter.id.in_(candidates))
    status, due, latest, on = _latest_change(session, as_of, known_by)
    if stood is not None:
        where += [status.in_([s.value for s in stood[0]]), due <= stood[1]]
    return _read(session, select(
        Matter.id, type_coerce(status, String), day_number(due),
        day_number(_day(func.max, _CLOSING, as_of, known_by)),
        day_number(_day(func.min, _STARTED, as_of, known_by)) if started else null(),
        *_matter_columns(),
    ).select_from(Matter).join(latest, on).where(*where))


def _latest_change(session: Session, as_of: date, known_by: datetime | None) -> tuple[Any, Any, Any, Any]:
    """(status, handling due, what to join, on what) for each matter's latest change by ``as_of``.
    PostgreSQL reads it as a LATERAL subquery: joined on the id a correlated subquery returns, it hashed the
    whole history table first (a month's older matters: 74 ms, 23 ms as LATERAL). SQLite has no LATERAL and
    seeks the row by that id (one index seek per matter)."""
    if session.connection().dialect.name == "postgresql":
        last = aliased(H)
        lateral = (select(last.status.label("status"), last.handling_due.label("handling_due"))
                   .where(last.matter_id == Matter.id, *_by(as_of, known_by, last))
                   .order_by(last.changed_on.desc(), last.id.desc()).limit(1).lateral("latest"))
        return lateral.c.status, lateral.c.handling_due, lateral, true()
    return H.status, H.handling_due, H, H.id == _latest_id(as_of, known_by)


def current_states(session: Session, conditions: list[Any]) -> list[MatterState]:
    """Every matter meeting ``conditions`` as its own row holds it now: status and handling due date, without
    the closing and start days (only for figures of today that need neither)."""
    return list(_read(session, select(Matter.id, type_coerce(Matter.status, String),
                                      day_number(Matter.handling_due), null(), null(), *_matter_columns())
                      .where(*conditions)))


def _matter_columns() -> list[Any]:
    return [day_number(Matter.registered_on), type_coerce(Matter.category, String),
            type_coerce(Matter.channel, String), Matter.restricted, Matter.group_size, day_number(Matter.assign_due),
            Matter.petitioner_id, Matter.linked_matter_id, Matter.village_id, Matter.department_id]


def _read(session: Session, stmt: Any) -> Iterator[MatterState]:
    """Rows of (id, status, due, closing day, start day, *the matter's columns) as states. Enums are read as
    their plain text and dates as day numbers, both mapped once per distinct value, and the rows taken as
    the driver's tuples (no SQLAlchemy row each): a year is 100,000 rows."""
    statuses, cats, channels, day = _STATUS, _CATEGORY, _CHANNEL, Days()
    for (mid, status, due, closed, started, reg, cat, channel, restricted, group, assign_due, pid, linked,
         village, dept) in plain_rows(session.connection(), stmt):
        yield make_state(mid, statuses[status], day[due], day[closed], day[started], day[reg], cats[cat],
                         channels[channel], bool(restricted), group, day[assign_due], pid, linked, village, dept)


_STATUS = {s.value: s for s in MatterStatus}
_CATEGORY: dict[str | None, Category | None] = {None: None, **{c.value: c for c in Category}}
_CHANNEL = {c.value: c for c in Channel}


def grouped_resolved(session: Session, key: Any, start: date, end: date, conditions: list[Any], as_of: date,
                     known_by: datetime | None = None) -> list[tuple[Any, int, int]]:
    """(key, received, resolved by ``as_of``) for the matters registered in [start, end], grouped by
    ``key`` (a Matter column) and added up in SQL: the monthly trend and the breakdowns."""
    resolved = func.sum(case((H.status.in_([s.value for s in RESOLVED]), 1), else_=0))
    stmt = (select(key, func.count(), resolved).select_from(Matter)
            .join(H, H.id == _latest_id(as_of, known_by))
            .where(Matter.registered_on.between(start, end), *conditions).group_by(key))
    return [(k, int(n), int(r or 0)) for k, n, r in session.connection().execute(stmt)]
