"""Fast multi-row INSERT for bulk import: the statement is compiled once and rows go to the driver's
executemany with only the columns that need a conversion converted (enums, dates on SQLite, JSON).

SQLAlchemy's own executemany builds a parameter dict per row through every column's processor, which is
most of the cost of importing 100,000 rows; the values and the SQL are the same."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table, insert
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
