"""重复访: a matter, together with the matters linked to it, visited (or written about) N times or more.

A clerk links a new visit's matter to an earlier one (``Matter.linked_matter_id``); links may chain
(C → B → A), so every matter belongs to the chain of its root. Most matters are linked to nothing:
those are counted wholly in SQL with ``HAVING``; only matters involved in a link (a small share)
come back to Python, per matter, to be added up by root.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
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
    parent = dict(session.execute(select(Matter.id, Matter.linked_matter_id)
                                  .where(Matter.linked_matter_id.is_not(None))).tuples().all())
    roots: dict[int, int] = {}
    for start in list(parent) + list(set(parent.values())):
        seen = {start}
        node = start
        while node in parent and parent[node] not in seen:  # a cycle (bad data) stops at the loop
            node = parent[node]
            seen.add(node)
        roots[start] = node
    return roots


def _per_matter(period: ReportPeriod, as_of: date) -> list[Any]:
    in_period = case((Visit.occurred_on >= period.start, 1), else_=0)
    return [Matter.id, Matter.petitioner_id, func.count(Visit.id), func.sum(in_period), func.max(Visit.occurred_on)]


def repeat_chains(session: Session, period: ReportPeriod, filt: StatFilter, as_of: date,
                  threshold: int) -> list[RepeatChain]:
    """Chains with ``threshold`` or more visits up to ``as_of``, at least one of them in the period;
    the filter applies to the chain's root matter. Sorted by total visits, most first."""
    linked_targets = select(Matter.linked_matter_id).where(Matter.linked_matter_id.is_not(None))
    base = (select(*_per_matter(period, as_of)).select_from(Visit).join(Matter, Matter.id == Visit.matter_id)
            .where(Visit.occurred_on <= as_of).group_by(Matter.id, Matter.petitioner_id))
    alone = base.where(Matter.linked_matter_id.is_(None), Matter.id.not_in(linked_targets), *filt.conditions())
    alone = alone.having(func.count(Visit.id) >= threshold, func.sum(case((Visit.occurred_on >= period.start, 1),
                                                                          else_=0)) > 0)
    chains = [RepeatChain(r[0], (r[0],), frozenset({r[1]}), int(r[2]), int(r[3] or 0), r[4])
              for r in session.execute(alone)]

    roots = roots_of(session)
    if roots:
        involved = base.where((Matter.linked_matter_id.is_not(None)) | Matter.id.in_(linked_targets))
        acc: dict[int, dict[str, Any]] = {}
        for mid, pid, total, in_p, last in session.execute(involved):
            a = acc.setdefault(roots.get(mid, mid), {"members": [], "pids": set(), "total": 0, "in_p": 0,
                                                     "last": last})
            a["members"].append(mid)
            a["pids"].add(pid)
            a["total"] += int(total)
            a["in_p"] += int(in_p or 0)
            a["last"] = max(a["last"], last)
        keep = {r: a for r, a in acc.items() if a["total"] >= threshold and a["in_p"] > 0}
        if keep and not filt.is_empty:
            allowed = set(session.scalars(select(Matter.id).where(Matter.id.in_(sorted(keep)), *filt.conditions())))
            keep = {r: a for r, a in keep.items() if r in allowed}
        for root, a in keep.items():
            members = (root, *sorted(m for m in a["members"] if m != root))
            chains.append(RepeatChain(root, members, frozenset(a["pids"]), a["total"], a["in_p"], a["last"]))
    chains.sort(key=lambda c: (-c.total_visits, -c.visits_in_period, c.root_id))
    return chains
