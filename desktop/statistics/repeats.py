"""重复访: a matter, together with the matters linked to it, visited (or written about) N times or more.

A clerk links a new visit's matter to an earlier one (``Matter.linked_matter_id``); links may chain
(C → B → A), so every matter belongs to the chain of its root. Visits are counted per matter in SQL
and added up by root in Python (links are few).

How the counting goes depends on the period's share of all visits: a month is a small share, so only
the matters visited in it (and their chains) are counted, each on the (matter, date) index; a year is
most of them, so every visit is read once. Both give the same numbers.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import and_, case, func, or_, select, true
from sqlalchemy.orm import Session

from desktop.db.models import Matter, Visit
from desktop.statistics.filters import StatFilter
from desktop.statistics.periods import ReportPeriod
from desktop.statistics.sqltools import id_rows, unindexed, wide_visit_range

__all__ = ["RepeatChain", "repeat_chains", "roots_of", "touched_matters"]


class RepeatChain(NamedTuple):  # a tuple: tens of thousands are built for a year
    root_id: int
    member_ids: tuple[int, ...]  # the root first
    petitioner_ids: frozenset[int]
    total_visits: int  # up to as_of
    visits_in_period: int
    last_visit: date


def roots_of(session: Session) -> dict[int, int]:
    """matter id → root id, for every matter involved in a link (linking or linked to)."""
    parent = dict(session.connection().execute(select(Matter.id, Matter.linked_matter_id)
                                               .where(Matter.linked_matter_id.is_not(None))).all())
    roots: dict[int, int] = {}
    for start in list(parent) + list(set(parent.values())):
        seen = {start}
        node = start
        while node in parent and parent[node] not in seen:  # a cycle (bad data) stops at the loop
            node = parent[node]
            seen.add(node)
        roots[start] = node
    return roots


def _narrow(session: Session, touched: dict[int, tuple[int, date]], as_of: date, roots: dict[int, int],
            passes: Any) -> tuple[dict[int, tuple[int, int, date | None]], dict[int, tuple[int, int]]]:
    """Per matter (total up to ``as_of``, in the period, last visit in the period), for the matters
    visited in the period (``touched``: id → (visits, last visit) in the period up to ``as_of``) and
    every member of their chains, each matter's visits counted on the (matter, date) index; and, read
    on the same row, its (petitioner, 1 if it passes the filter else 0)."""
    wanted = {roots[m] for m in touched if m in roots}
    members = [m for m, r in roots.items() if r in wanted]
    ids = id_rows(session, [*touched, *members])
    total = (select(func.count()).where(Visit.matter_id == ids.c.id, Visit.occurred_on <= as_of)
             .correlate(ids).scalar_subquery())
    counts: dict[int, tuple[int, int, date | None]] = {}
    info: dict[int, tuple[int, int]] = {}
    stmt = select(ids.c.id, total, Matter.petitioner_id, case((passes, 1), else_=0)).join(Matter, Matter.id == ids.c.id)
    for mid, n, pid, ok in session.connection().execute(stmt):
        n_in, last = touched.get(mid, (0, None))
        counts[mid] = (int(n), n_in, last)
        info[mid] = (pid, ok)
    return counts, info


def touched_matters(session: Session, start: date, as_of: date) -> dict[int, tuple[int, date]]:
    """matter id → (visits, last visit) in [start, as_of], through the date index."""
    return {m: (int(n), last) for m, n, last in session.connection().execute(
        select(Visit.matter_id, func.count(), func.max(Visit.occurred_on))
        .where(Visit.occurred_on.between(start, as_of)).group_by(Visit.matter_id))}


def _wide(session: Session, start: date, as_of: date, threshold: int) -> dict[int, tuple[int, int, date | None]]:
    """The same numbers in one pass over every visit up to ``as_of`` (a long period holds most of them):
    grouped along the (matter, date) index, which holds every column needed. Returned: the matters that
    qualify on their own, and every matter involved in a link."""
    in_period = func.sum(case((Visit.occurred_on >= start, 1), else_=0))
    linked = or_(Visit.matter_id.in_(select(Matter.id).where(Matter.linked_matter_id.is_not(None))),
                 Visit.matter_id.in_(select(Matter.linked_matter_id).where(Matter.linked_matter_id.is_not(None))))
    stmt = (select(Visit.matter_id, func.count(), in_period, func.max(Visit.occurred_on))
            .where(unindexed(Visit.occurred_on) <= as_of).group_by(Visit.matter_id)
            .having(or_(and_(in_period > 0, func.count() >= threshold), linked)))
    return {m: (int(n), int(n_in or 0), last if n_in else None) for m, n, n_in, last in session.connection().execute(stmt)}


def repeat_chains(session: Session, period: ReportPeriod, filt: StatFilter, as_of: date,
                  threshold: int, roots: dict[int, int] | None = None, *,
                  touched: dict[int, tuple[int, date]] | None = None) -> list[RepeatChain]:
    """Chains with ``threshold`` or more visits up to ``as_of``, at least one of them in the period;
    the filter applies to the chain's root matter. Sorted by total visits, most first. ``roots``:
    :func:`roots_of`, when the caller already has it; ``touched``: :func:`touched_matters` of the period,
    when the caller already read the period's visits (then the period is not read again).

    A chain's last visit is its latest visit in the period: a member not visited in the period was
    last visited before it."""
    if as_of < period.start:
        return []
    roots = roots_of(session) if roots is None else roots
    passes = and_(true(), *filt.conditions())
    info: dict[int, tuple[int, int]] | None = None
    if touched is None and wide_visit_range(session, period.start, as_of):
        counts = _wide(session, period.start, as_of, threshold)
    else:
        if touched is None:
            touched = touched_matters(session, period.start, as_of)
        counts, info = _narrow(session, touched, as_of, roots, passes)

    # Most matters are linked to nothing: each is a chain of its own, judged alone.
    chosen: dict[int, tuple[tuple[int, ...], int, int, date]] = {
        m: ((m,), total, in_p, last) for m, (total, in_p, last) in counts.items()
        if m not in roots and total >= threshold and in_p > 0 and last is not None}
    acc: dict[int, list[int]] = {}
    for mid in counts.keys() & roots.keys():
        if counts[mid][0]:
            acc.setdefault(roots[mid], []).append(mid)
    for root, members in acc.items():
        total = sum(counts[m][0] for m in members)
        in_p = sum(counts[m][1] for m in members)
        if total >= threshold and in_p > 0:
            ordered = (root, *sorted(m for m in members if m != root))
            chosen[root] = (ordered, total, in_p, max(d for m in members if (d := counts[m][2]) is not None))
    if not chosen:
        return []
    if info is None or not chosen.keys() <= info.keys():  # a root with no visits by then is not in info
        ids = id_rows(session, {m for members, *_ in chosen.values() for m in members} | chosen.keys())
        info = {mid: (pid, ok) for mid, pid, ok in session.connection().execute(
            select(Matter.id, Matter.petitioner_id, case((passes, 1), else_=0)).join(ids, ids.c.id == Matter.id))}
    pids = {m: pid for m, (pid, _) in info.items()}
    allowed = {m for m, (_, ok) in info.items() if ok}
    chains = [RepeatChain(root, ordered, frozenset(pids[m] for m in ordered if m in pids), total, in_p, last)
              for root, (ordered, total, in_p, last) in chosen.items() if root in allowed]
    chains.sort(key=lambda c: (-c.total_visits, -c.visits_in_period, c.root_id))
    return chains
