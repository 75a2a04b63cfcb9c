"""Small SQL pieces the statistics share, written once for SQLite and PostgreSQL.

- :func:`id_rows`: a list of ids as a one-column table bound as ONE parameter (``json_each`` on
  SQLite, ``unnest`` of an array on PostgreSQL). Tens of thousands of ids as ``IN (?, ?, …)`` cost
  more to compile and bind than the query costs to run, and PostgreSQL plans a long ``= ANY`` as a
  sequential scan where a probe per id through the index is ten times faster.
- :func:`wide_visit_range`: whether a range of days holds so large a share of all visits that
  one pass over every visit beats looking up the range's visits one by one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Integer, column, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql import bindparam
from sqlalchemy.sql.functions import FunctionElement

from desktop.db.models import Visit

__all__ = ["dialect_of", "id_rows", "unindexed", "wide_visit_range"]

# A range holding more than 1/WIDE_SHARE of the visits is read in one pass (see wide_visit_range).
WIDE_SHARE = 8


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


def id_rows(session: Session, ids: Iterable[int], name: str = "ids") -> Any:
    """A FROM-able of one integer column ``id`` holding ``ids``."""
    values = sorted(set(ids))
    if dialect_of(session) == "postgresql":
        fn = func.unnest(bindparam(f"{name}_array", values, type_=ARRAY(Integer)))
        return fn.table_valued(column("id", Integer)).render_derived(name=name)
    each = func.json_each(bindparam(f"{name}_json", json.dumps(values))).table_valued(
        column("value", Integer), name=name)
    return select(each.c.value.label("id")).subquery(name)


class unindexed(FunctionElement):  # noqa: N801 - used like a SQL function: unindexed(Visit.occurred_on)
    """A column SQLite's planner must not use an index for (``+col``): a range covering most of a
    table is read faster straight from the table than through the index and a look-up per row.
    Other databases get the plain column (PostgreSQL weighs that itself, from its statistics)."""

    inherit_cache = True

    def __init__(self, col: Any) -> None:
        super().__init__(col)
        self.type = col.type


@compiles(unindexed)
def _plain(element: unindexed, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(unindexed, "sqlite")
def _no_index(element: unindexed, compiler: Any, **kw: Any) -> str:
    return "+" + compiler.process(element.clauses, **kw)


def wide_visit_range(session: Session, start: date, end: date) -> bool:
    """True when [start, end] holds more than 1/WIDE_SHARE of all visits.

    Both numbers are cheap: the range is counted on the date index alone, and the whole table is
    estimated from the span of its ids (ids only grow; deletions are rare), so deciding costs far
    less than a wrong choice."""
    # Two scalar subqueries: SQLite answers min() or max() alone from the index, both at once by a scan.
    lo, hi = session.execute(select(select(func.min(Visit.id)).scalar_subquery(),
                                    select(func.max(Visit.id)).scalar_subquery())).one()
    if lo is None:
        return False
    span = int(hi) - int(lo) + 1
    in_range = session.scalar(select(func.count()).select_from(Visit).where(Visit.occurred_on.between(start, end)))
    return int(in_range or 0) * WIDE_SHARE > span
