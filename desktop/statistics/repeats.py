"""重复访: a matter, together with the matters linked to it, visited (or written about) N times or more.

A clerk links a new visit's matter to an earlier one (``Matter.linked_matter_id``); links may chain
(C → B → A), so every matter belongs to the chain of its root. Most matters are linked to nothing:
those are counted wholly in SQL with ``HAVING``; only matters involved in a link (a small share)
come back to Python, per matter, to be added up by root.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, select, true
from sqlalchemy.orm import Session

from desktop.db.models import Matter, Visit
from desktop.statistics.filters import StatFilter
from desktop.statistics.periods import ReportPeriod

__all__ = ["RepeatChain", "repeat_chains", "roots_of"]


@dataclass(frozen=True)
class RepeatChain:
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


CHUNK = 2000


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)]


def repeat_chains(session: Session, period: ReportPeriod, filt: StatFilter, as_of: date,
                  threshold: int, roots: dict[int, int] | None = None) -> list[RepeatChain]:
    """Chains with ``threshold`` or more visits up to ``as_of``, at least one of them in the period;
    the filter applies to the chain's root matter. Sorted by total visits, most first. ``roots``:
    :func:`roots_of`, when the caller already has it.

    Visits are grouped by matter only (no join: joining every visit to its matter costs more than
    the grouping); what is known about the matters is fetched for the few that qualify."""
    if as_of < period.start:
        return []
    conn = session.connection()  # Core rows: cheaper than ORM rows by the thousand
    in_period = func.sum(case((Visit.occurred_on >= period.start, 1), else_=0))
    per_matter = (select(Visit.matter_id, func.count(Visit.id), in_period, func.max(Visit.occurred_on))
                  .where(Visit.occurred_on <= as_of).group_by(Visit.matter_id))
    touched = select(Visit.matter_id).where(Visit.occurred_on.between(period.start, as_of))
    counts: dict[int, tuple[int, int, date]] = {
        r[0]: (int(r[1]), int(r[2] or 0), r[3])
        for r in conn.execute(per_matter.where(Visit.matter_id.in_(touched)).having(func.count(Visit.id) >= threshold))}

    roots = roots_of(session) if roots is None else roots
    if roots:
        # Chains touched in the period; each member counts, even one under the threshold on its own.
        linked_targets = select(Matter.linked_matter_id).where(Matter.linked_matter_id.is_not(None))
        hit = set(conn.execute(
            select(Visit.matter_id).distinct().join(Matter, Matter.id == Visit.matter_id)
            .where(Visit.occurred_on.between(period.start, as_of),
                   Matter.linked_matter_id.is_not(None) | Matter.id.in_(linked_targets))).scalars())
        wanted = {roots[m] for m in hit if m in roots}
        for ids in _chunks(sorted(m for m, r in roots.items() if r in wanted)):
            for r in conn.execute(per_matter.where(Visit.matter_id.in_(ids))):
                counts[r[0]] = (int(r[1]), int(r[2] or 0), r[3])

    acc: dict[int, list[int]] = {}
    for mid in counts:
        acc.setdefault(roots.get(mid, mid), []).append(mid)
    chosen: dict[int, tuple[list[int], int, int, date]] = {}
    for root, members in acc.items():
        total = sum(counts[m][0] for m in members)
        in_p = sum(counts[m][1] for m in members)
        if total >= threshold and in_p > 0:
            chosen[root] = (members, total, in_p, max(counts[m][2] for m in members))
    if not chosen:
        return []
    involved = sorted({m for members, *_ in chosen.values() for m in members} | set(chosen))
    pids: dict[int, int] = {}
    allowed: set[int] = set()
    passes = and_(true(), *filt.conditions())
    for ids in _chunks(involved):
        for mid, pid, ok in conn.execute(select(Matter.id, Matter.petitioner_id, case((passes, 1), else_=0))
                                         .where(Matter.id.in_(ids))):
            pids[mid] = pid
            if ok:
                allowed.add(mid)
    chains = []
    for root, (members, total, in_p, last) in chosen.items():
        if root not in allowed:
            continue
        ordered = (root, *sorted(m for m in members if m != root))
        chains.append(RepeatChain(root, ordered, frozenset(pids[m] for m in ordered if m in pids), total, in_p, last))
    chains.sort(key=lambda c: (-c.total_visits, -c.visits_in_period, c.root_id))
    return chains
