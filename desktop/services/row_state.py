"""Tamper-evident rows: every transaction that changes a matter, petitioner, staff member or role appends a
``row.state`` entry to the audit chain holding the row's new content hash, so ``reception verify`` can
recompute the current rows and name any whose content no longer matches its last audited state (a direct
UPDATE, INSERT or DELETE in the database).

ORM changes are collected after each flush; writers that use Core statements (bulk import, handover) call
:func:`touch`. The entries are written just before the transaction commits, from the rows as the database
holds them then; after the commit the desk's anchor file moves to the new chain tip."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Table, event
from sqlalchemy.orm import Session

from desktop.db.models import Matter, Petitioner, Staff, StaffRole

TRACKED: dict[str, Table] = {m.__tablename__: m.__table__ for m in (Matter, Petitioner, Staff, StaffRole)}
_CLASSES = (Matter, Petitioner, Staff, StaffRole)
ACTION = "row.state"
_TOUCHED = "row_state_touched"
_BATCH = 900
# The two shapes of a row.state entry's details, as the chain encodes them ({} / {"deleted": true}).
_KEPT, _DELETED = "{}", '{"deleted":true}'


def _plain(value: Any) -> Any:
    """JSON for the driver values JSON has no form for. Times become UTC so two desks whose connections
    use different time zones see the same content."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)  # SQLite gives naive UTC back
        return aware.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return str(value)


_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_plain).encode


def content_hash(table_name: str, row: Iterable[Any]) -> str:
    """SHA-256 over the table name and every column's stored value, in the table's column order. The values
    are the driver's own (no SQLAlchemy type processing), read the same way at write time and at verify time."""
    return hashlib.sha256(_ENCODE([table_name, list(row)]).encode()).hexdigest()


def _select_sql(session: Session, table: Table) -> str:
    quote = session.get_bind().dialect.identifier_preparer.quote
    return f"SELECT {', '.join(quote(c.name) for c in table.columns)} FROM {quote(table.name)}"


def current_hashes(session: Session, table_name: str, ids: Iterable[int] | None = None
                   ) -> Iterator[tuple[int, str]]:
    """(id, content hash) of the table's rows (all of them, or those with the given ids)."""
    table = TRACKED[table_name]
    conn = session.connection()
    sql = _select_sql(session, table)
    at_id = [c.name for c in table.columns].index("id")
    if ids is None:
        batches = [f"{sql} ORDER BY id"]
    else:
        wanted = sorted({int(i) for i in ids})
        batches = [f"{sql} WHERE id IN ({', '.join(map(str, wanted[i:i + _BATCH]))}) ORDER BY id"
                   for i in range(0, len(wanted), _BATCH)]
    for stmt in batches:
        for row in conn.exec_driver_sql(stmt, execution_options={"stream_results": True, "max_row_buffer": 5000}):
            yield row[at_id], content_hash(table_name, row)


def touch(session: Session, table_name: str, ids: Iterable[int]) -> None:
    """Marks rows changed by Core statements so their new state is audited at commit."""
    session.info.setdefault(_TOUCHED, {}).setdefault(table_name, set()).update(ids)


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _flush_context: Any) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(obj, _CLASSES) or obj.id is None:
            continue
        if obj in session.new or obj in session.deleted or session.is_modified(obj, include_collections=False):
            touch(session, obj.__tablename__, (obj.id,))


@event.listens_for(Session, "before_commit")
def _write_states(session: Session) -> None:
    from desktop.services import audit

    if audit.INFO_KEY not in session.info:
        return  # a database not initialised yet (no audit key): nothing is audited there either
    session.flush()
    touched: dict[str, set[int]] = session.info.pop(_TOUCHED, {})
    if not touched:
        return
    entries: list[tuple[Any, ...]] = []
    for table_name in sorted(touched):
        ids = touched[table_name]
        found = dict(current_hashes(session, table_name, ids))
        for row_id in sorted(ids):
            digest = found.get(row_id)
            entries.append((ACTION, table_name, str(row_id), _KEPT if digest is not None else _DELETED, None, digest))
    audit.record_many(session, at=session.info[audit.INFO_KEY].now(), actor_id=None, entries=entries,
                      encoded=True)


@event.listens_for(Session, "after_commit")
def _anchor(session: Session) -> None:
    from desktop.services import audit, audit_anchor

    tip = session.info.pop(audit._TIP, None)
    keys = session.info.get(audit.INFO_KEY)
    if tip is not None and keys is not None:
        audit_anchor.advance(keys.anchor_path, keys.key, tip[0], tip[1])


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    from desktop.services import audit

    session.info.pop(_TOUCHED, None)
    session.info.pop(audit._TIP, None)
