"""Large reads of plain numbers straight from the driver.

SQLAlchemy builds a ``Row`` for each row it returns; for a year of visits (130,000 rows of seven
integers) that cost more than the query itself, and more again to take the rows apart into columns.
:func:`int_columns` takes the driver's own tuples and turns them into one integer array per column."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from sqlalchemy import Connection
from sqlalchemy.sql import Select

__all__ = ["int_columns"]


def int_columns(connection: Connection, stmt: Select[Any]) -> list[np.ndarray] | None:
    """Each column of ``stmt``'s result as an int64 array, or None when there is no row. Every column must
    come back from the driver as a whole number, never NULL (write ``coalesce`` or a ``case`` in the
    statement): no result processing is applied."""
    result = connection.execute(stmt)
    try:
        rows = result.cursor.fetchall()  # the driver's tuples: no Row objects built
        width = len(result.cursor.description)
    finally:
        result.close()
    if not rows:
        return None
    table = np.fromiter(itertools.chain.from_iterable(rows), np.int64, len(rows) * width).reshape(len(rows), width)
    return [table[:, i] for i in range(width)]
