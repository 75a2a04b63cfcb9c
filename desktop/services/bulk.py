"""Fast multi-row INSERT for bulk import: the statement is compiled once and rows go to the driver's
executemany with only the columns that need a conversion converted (enums, dates on SQLite, JSON).

SQLAlchemy's own executemany builds a parameter dict per row through every column's processor, which is
most of the cost of importing 100,000 rows; the values and the SQL are the same."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import chain, islice
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

CHUNK = 5000


def fast_insert(session: Session, table: Table, rows: Sequence[dict[str, Any]], *,
                raw_json: Sequence[str] = ()) -> None:
    """Inserts ``rows`` (all with the same keys). Columns named in ``raw_json`` already hold JSON text."""
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    columns = list(rows[0])
    compiled = insert(table).compile(dialect=dialect, column_keys=columns)
    names = compiled.positiontup if compiled.positional else None
    order = list(names) if names else columns
    procs: list[Callable[[Any], Any] | None] = []
    for name in order:
        if name in raw_json:
            procs.append(None if dialect.name == "sqlite" else _as_json_text)
        else:
            procs.append(table.c[name].type._cached_bind_processor(dialect))
    sql = str(compiled)
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            # Column by column: a converter is called only where the column has one.
            values = [[r[n] for r in chunk] if p is None else list(map(p, (r[n] for r in chunk)))
                      for n, p in zip(order, procs, strict=True)]
            if compiled.positional:
                params: list[Any] = list(zip(*values, strict=True))
            else:
                params = [dict(zip(order, row, strict=True)) for row in zip(*values, strict=True)]
            cursor.executemany(sql, params)
    finally:
        cursor.close()


def _as_json_text(value: Any) -> Any:
    # psycopg sends a str as "unknown", which PostgreSQL casts to the column's json type.
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class DriverValues:
    """Python values in the form the driver stores them, for rows built without SQLAlchemy's per-value
    processors. SQLite keeps dates and times as text (SQLAlchemy's format, so ranges compare as text the
    same way) and booleans as 0/1; PostgreSQL's driver takes them as they are. Enums are their values."""

    date: Callable[[date], Any]
    moment: Callable[[datetime], Any]  # an aware datetime → the UTC column's stored form
    boolean: Callable[[bool], Any]


def _sqlite_moment(value: datetime) -> str:
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _pg_moment(value: datetime) -> datetime:
    return value.astimezone(UTC)


def driver_values(dialect_name: str) -> DriverValues:
    if dialect_name == "sqlite":
        return DriverValues(date=date.isoformat, moment=_sqlite_moment, boolean=int)
    return DriverValues(date=_same, moment=_pg_moment, boolean=bool)


def _same(value: Any) -> Any:
    return value


# Rows per INSERT statement. SQLite checks a CHECK (x IN (...)) constraint against a small table it builds
# once per statement run: row-at-a-time executemany rebuilds it for every row, and the matters table has
# eight such constraints (measured: 2.5 s of CPU for 100,000 matters one row per statement, 1.2 s at 200).
ROWS_PER_STATEMENT = 200


def insert_rows(session: Session, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Inserts tuples already in the driver's form (see :class:`DriverValues`), in ``columns`` order: several
    rows per statement through the driver's executemany, with no per-value work in Python."""
    session.flush()  # rows added through the ORM first: ours may refer to them
    conn = session.connection()
    dialect = conn.dialect
    if dialect.paramstyle not in ("qmark", "format", "pyformat"):
        raise NotImplementedError(dialect.paramstyle)
    dbapi_conn = conn.connection.dbapi_connection
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer.quote
    head = f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    one = f"({', '.join([mark] * len(columns))})"
    per = max(1, min(ROWS_PER_STATEMENT, _max_parameters(dbapi_conn) // len(columns)))
    many = head + ", ".join([one] * per)
    flat = chain.from_iterable
    cursor = dbapi_conn.cursor()  # type: ignore[union-attr]
    try:
        it = iter(rows)
        while chunk := list(islice(it, CHUNK)):
            full = len(chunk) - len(chunk) % per
            if full:
                cursor.executemany(many, [tuple(flat(chunk[i:i + per])) for i in range(0, full, per)])
            if full < len(chunk):
                cursor.executemany(head + one, chunk[full:])
    finally:
        cursor.close()


def _max_parameters(dbapi_conn: Any) -> int:
    if isinstance(dbapi_conn, sqlite3.Connection):
        return dbapi_conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return 65535  # PostgreSQL's protocol limit


def next_ids(session: Session, table: Table, count: int) -> list[int]:
    """``count`` fresh primary keys for ``table``, in increasing order, so rows can refer to each other
    before they are written. SQLite: the rows after the highest id (the caller holds the write lock, as
    every write session does); PostgreSQL: taken from the column's sequence, safe with other writers."""
    if count <= 0:
        return []
    conn = session.connection()
    name = table.name
    if conn.dialect.name == "postgresql":
        got = conn.execute(text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
                           {"t": name, "n": count}).scalars().all()
        return sorted(got)
    top = conn.execute(select(func.max(table.c.id))).scalar() or 0
    return list(range(top + 1, top + 1 + count))
