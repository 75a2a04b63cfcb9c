"""Date arithmetic in SQL that both databases understand: SQLite keeps dates as ISO text and adds days
with ``date(x, '+N days')``; PostgreSQL adds an integer to a date. Statistics use it to compare a visit
with a window that starts at each matter's own closing day, without reading every visit into Python."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

__all__ = ["Days", "add_days", "day_number"]


class add_days(FunctionElement):  # noqa: N801 - reads like the SQL function it stands for
    """``add_days(column, n)``: the date ``n`` (a whole number, 0 or more) days after ``column``."""

    type = Date()
    inherit_cache = True  # the day count is a clause (a literal column), so it is part of the cache key

    def __init__(self, expr: Any, days: int) -> None:
        if int(days) != days or days < 0:
            raise ValueError(f"add_days needs a whole number of days, 0 or more: {days!r}")
        super().__init__(expr, literal_column(str(int(days))))


@compiles(add_days, "sqlite")
def _sqlite(element: add_days, compiler: Any, **kw: Any) -> str:
    expr, days = element.clauses
    return f"date({compiler.process(expr, **kw)}, '+{compiler.process(days, **kw)} days')"


@compiles(add_days)
def _default(element: add_days, compiler: Any, **kw: Any) -> str:
    expr, days = element.clauses
    return f"(({compiler.process(expr, **kw)}) + {compiler.process(days, **kw)})"


class day_number(FunctionElement):  # noqa: N801 - reads like the SQL function it stands for
    """The date's ordinal as Python counts it (``date.toordinal()``), as a plain integer from the database:
    a year of visits read as numbers skips parsing 100,000 date strings."""

    type = Integer()
    inherit_cache = True


@compiles(day_number, "sqlite")
def _sqlite_day(element: day_number, compiler: Any, **kw: Any) -> str:
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) - 1721424.5 AS INTEGER)"


@compiles(day_number)
def _default_day(element: day_number, compiler: Any, **kw: Any) -> str:
    return f"(({compiler.process(element.clauses, **kw)}) - DATE '0001-01-01' + 1)"


class Days(dict[int | None, date | None]):
    """Day numbers (as :class:`day_number` reads them) to dates, each made once: a year's rows name only a
    few hundred distinct days."""

    def __missing__(self, key: int | None) -> date | None:
        value = None if key is None else date.fromordinal(key)
        self[key] = value
        return value
