"""Large reads straight from the driver.

SQLAlchemy builds a ``Row`` for each row it returns; for a year of visits (130,000 rows of seven
integers) that cost more than the query itself, and more again to take the rows apart into columns.
:func:`plain_rows` returns the driver's own tuples; :func:`int_columns` turns them into one integer array
per column."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import numpy as np
from sqlalchemy import Connection
from sqlalchemy.sql import Select

__all__ = ["int_columns", "plain_rows"]


def plain_rows(connection: Connection, stmt: Select[Any], chunk: int = 1000) -> Iterator[tuple[Any, ...]]:
    """``stmt``'s rows as the driver returns them, without SQLAlchemy's result processing: only for columns
    the driver gives as meant on every database (integers, text, NULL); read dates as ``day_number``.

    Taken ``chunk`` rows at a time: a list of every row would live through the caller's whole loop, be moved
    to the collector's oldest generation on the way, and bring on a full collection (tens of milliseconds
    over every object of the program) at nearly every dashboard refresh."""
    result = connection.execute(stmt)
    try:
        cursor = result.cursor
        while rows := cursor.fetchmany(chunk):
            yield from rows
    finally:
        result.close()


def int_columns(connection: Connection, stmt: Select[Any]) -> list[np.ndarray] | None:
    """Each column of ``stmt``'s result as an int64 array, or None when there is no row. Every column must
    come back from the driver as a whole number, never NULL (write ``coalesce`` or a ``case`` in the
    statement). Read in chunks, as :func:`plain_rows`: no list of every row outlives a collection."""
    width = len(stmt.selected_columns)
    flat = np.fromiter(itertools.chain.from_iterable(plain_rows(connection, stmt)), np.int64)
    if not len(flat):
        return None
    table = flat.reshape(-1, width)
    return [table[:, i] for i in range(width)]
