"""The visits of a short period, per matter, read once for two figures.

The visits figure (来访来信总次数, group visits) and the repeat matters (重复访) both need the
period's visits; for a month those are a small share of all visits, found through the date index
with a look-up per visit, which is the costly part. :func:`period_visits` reads them once, grouped
by matter, and both figures are added up from its rows. (A long period is read differently: see
:func:`desktop.statistics.sqltools.wide_visit_range`.)
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from desktop.db.models import Matter, Visit
from desktop.statistics.catalog import GROUP_VISIT_MIN_PEOPLE
from desktop.statistics.filters import StatFilter
from desktop.statistics.sqltools import id_rows

__all__ = ["MatterVisits", "period_visits", "visit_totals"]


class MatterVisits(NamedTuple):
    upto: int  # visits from the period's start to as_of
    last: date | None  # the latest of those
    visits: int  # visits in the whole period
    groups: int  # of which group visits
    group_people: int  # their headcount


def period_visits(session: Session, start: date, end: date, as_of: date) -> dict[int, MatterVisits]:
    """matter id → its visits in [start, end] (only matters with at least one)."""
    by_then = Visit.occurred_on <= as_of
    group = Visit.headcount >= GROUP_VISIT_MIN_PEOPLE
    stmt = (select(Visit.matter_id, func.sum(case((by_then, 1), else_=0)), func.max(case((by_then, Visit.occurred_on))),
                   func.count(), func.sum(case((group, 1), else_=0)), func.sum(case((group, Visit.headcount), else_=0)))
            .where(Visit.occurred_on.between(start, end)).group_by(Visit.matter_id))
    return {m: MatterVisits(int(u or 0), last, int(n), int(g or 0), int(p or 0))
            for m, u, last, n, g, p in session.connection().execute(stmt)}


def visit_totals(session: Session, rows: dict[int, MatterVisits], filt: StatFilter) -> dict[str, int]:
    """The visits figures from :func:`period_visits`' rows, for the matters that pass the filter."""
    if not filt.is_empty and rows:
        ids = id_rows(session, rows)
        keep = set(session.scalars(select(Matter.id).join(ids, ids.c.id == Matter.id).where(*filt.conditions())))
        rows = {m: r for m, r in rows.items() if m in keep}
    elif not filt.is_empty:
        rows = {}
    return {"visits": sum(r.visits for r in rows.values()), "group_visits": sum(r.groups for r in rows.values()),
            "group_people": sum(r.group_people for r in rows.values())}
