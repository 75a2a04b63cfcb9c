"""Large reads straight from the driver.

SQLAlchemy builds a ``Row`` for each row it returns; for a year of visits (130,000 rows of seven
integers) that cost more than the query itself, and more again to take the rows apart into columns.
:func:`plain_rows` returns the driver's own tuples; :func:`int_columns` turns them into one integer array
per column."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from sqlalchemy import Connection
from sqlalchemy.sql import Select

__all__ = ["int_columns", "plain_rows"]


def _fetch(connection: Connection, stmt: Select[Any]) -> tuple[list[tuple[Any, ...]], int]:
    result = connection.execute(stmt)
    try:
        return result.cursor.fetchall(), len(result.cursor.description)  # the driver's tuples: no Row objects
    finally:
        result.close()


def plain_rows(connection: Connection, stmt: Select[Any]) -> list[tuple[Any, ...]]:
    """``stmt``'s rows as the driver returns them, without SQLAlchemy's result processing: only for columns
    the driver gives as meant on every database (integers, text, NULL); read dates as ``day_number``."""
    return _fetch(connection, stmt)[0]


def int_columns(connection: Connection, stmt: Select[Any]) -> list[np.ndarray] | None:
    """Each column of ``stmt``'s result as an int64 array, or None when there is no row. Every column must
    come back from the driver as a whole number, never NULL (write ``coalesce`` or a ``case`` in the
    statement)."""
    rows, width = _fetch(connection, stmt)
    if not rows:
        return None
    table = np.fromiter(itertools.chain.from_iterable(rows), np.int64, len(rows) * width).reshape(len(rows), width)
    return [table[:, i] for i in range(width)]
