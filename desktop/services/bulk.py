"""Fast multi-row INSERT for bulk import: rows are built as tuples already in the form the driver stores
and go to the driver several rows per statement, with ids taken up front.

SQLAlchemy's own executemany builds a parameter dict per row through every column's processor, which was
most of the cost of importing 100,000 rows; the values and the SQL are the same."""

from __future__ import annotations

import contextlib
import queue
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import chain, islice
from typing import Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session

CHUNK = 5000


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


class _Statements:
    """The INSERT texts for one table and column list, on one connection."""

    def __init__(self, session: Session, table: Table, columns: Sequence[str]) -> None:
        conn = session.connection()
        dialect = conn.dialect
        if dialect.paramstyle not in ("qmark", "format", "pyformat"):
            raise NotImplementedError(dialect.paramstyle)
        self.dbapi_conn = conn.connection.dbapi_connection
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        quote = dialect.identifier_preparer.quote
        self.head = (f"INSERT INTO {dialect.identifier_preparer.format_table(table)} "
                     f"({', '.join(quote(c) for c in columns)}) VALUES ")
        self.one = f"({', '.join([mark] * len(columns))})"
        self.per = max(1, min(ROWS_PER_STATEMENT, _max_parameters(self.dbapi_conn) // len(columns)))
        self.many = self.head + ", ".join([self.one] * self.per)

    def batches(self, chunk: Sequence[Sequence[Any]]) -> list[tuple[str, list[Any]]]:
        """(statement, parameter sets) for the driver's executemany: full groups of ``per`` rows flattened
        into one statement each, and the rest one row per statement."""
        flat, per = chain.from_iterable, self.per
        full = len(chunk) - len(chunk) % per
        out: list[tuple[str, list[Any]]] = []
        if full:
            out.append((self.many, [tuple(flat(chunk[i:i + per])) for i in range(0, full, per)]))
        if full < len(chunk):
            out.append((self.head + self.one, list(chunk[full:])))
        return out


def insert_rows(session: Session, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Inserts tuples already in the driver's form (see :class:`DriverValues`), in ``columns`` order: several
    rows per statement through the driver's executemany, with no per-value work in Python."""
    session.flush()  # rows added through the ORM first: ours may refer to them
    statements = _Statements(session, table, columns)
    cursor = statements.dbapi_conn.cursor()
    try:
        it = iter(rows)
        while chunk := list(islice(it, CHUNK)):
            for sql, params in statements.batches(chunk):
                cursor.executemany(sql, params)
    finally:
        cursor.close()


class BackgroundWriter:
    """Runs bulk INSERTs on a second thread while this one prepares the next rows (2 cores: the database
    driver lets go of the interpreter while it works). Statements run in the order given, on the session's
    own connection and transaction; the caller must not use the session until :meth:`close` returns.
    An error in a statement is raised again by :meth:`close` (later rows are then dropped)."""

    def __init__(self, session: Session) -> None:
        session.flush()
        self._session = session
        self._statements: dict[tuple[str, tuple[str, ...]], _Statements] = {}
        self._queue: queue.Queue[list[tuple[str, list[Any]]] | None] = queue.Queue(maxsize=8)
        self._error: BaseException | None = None
        self._cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        self._switch = sys.getswitchinterval()
        # The writer waits for the interpreter after each statement (a few ms); the default 5 ms hand-over
        # would leave it idle half the time.
        sys.setswitchinterval(0.0005)
        self._thread = threading.Thread(target=self._run, name="bulk-writer", daemon=True)
        self._thread.start()

    def insert(self, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        key = (table.name, tuple(columns))
        statements = self._statements.get(key)
        if statements is None:
            statements = self._statements[key] = _Statements(self._session, table, columns)
        for start in range(0, len(rows), CHUNK):
            self._queue.put(statements.batches(rows[start:start + CHUNK]))

    def _run(self) -> None:
        while (work := self._queue.get()) is not None:
            if self._error is None:
                try:
                    for sql, params in work:
                        self._cursor.executemany(sql, params)
                except BaseException as exc:  # noqa: BLE001  (handed to the caller's thread)
                    self._error = exc

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()
        sys.setswitchinterval(self._switch)
        self._cursor.close()
        if self._error is not None:
            raise self._error

    def __enter__(self) -> BackgroundWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if exc_type is None:
            self.close()
            return
        with contextlib.suppress(BaseException):  # the caller's own error is the one to report
            self.close()


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
