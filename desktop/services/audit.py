"""The append-only audit chain. Each entry's hash covers its content and the previous hash, so an
altered, inserted or deleted entry breaks the chain from that point on."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def entry_hash(prev_hash: str, seq: int, at: datetime, actor_id: int | None, action: str,
               target_type: str, target_id: str, details: dict[str, Any]) -> str:
    payload = json.dumps(
        [seq, at.isoformat(timespec="microseconds"), actor_id, action, target_type, target_id, details],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str,
    )
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()


def _head(session: Session) -> AuditHead:
    stmt = select(AuditHead).where(AuditHead.id == 1).with_for_update()
    head = session.execute(stmt).scalar_one_or_none()
    if head is None and session.get_bind().dialect.name == "postgresql":
        # The very first entries of a new database may come from two desks at once: create the tip once.
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(AuditHead.__table__).values(id=1, last_seq=0, last_hash=GENESIS)
                        .on_conflict_do_nothing(index_elements=["id"]))
        head = session.execute(stmt).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=1, last_seq=0, last_hash=GENESIS)
        session.add(head)
        session.flush()
    return head


def record(session: Session, *, at: datetime, actor_id: int | None, action: str, target_type: str = "",
           target_id: str | int = "", details: dict[str, Any] | None = None) -> AuditEntry:
    """Appends one entry inside the caller's transaction (it commits or rolls back with the change)."""
    head = _head(session)
    seq = head.last_seq + 1
    # Round-trip the details through JSON so the hash covers exactly what the database will give back.
    clean = json.loads(json.dumps(details or {}, ensure_ascii=False, default=str))
    at = at.astimezone(UTC)
    digest = entry_hash(head.last_hash, seq, at, actor_id, action, target_type, str(target_id), clean)
    entry = AuditEntry(seq=seq, at=at, actor_id=actor_id, action=action, target_type=target_type,
                       target_id=str(target_id), details=clean, prev_hash=head.last_hash, hash=digest)
    session.add(entry)
    head.last_seq = seq
    head.last_hash = digest
    return entry


# One encoder each, made once: json.dumps with options builds a new encoder per call, which is most of
# its cost for small values. Same options as ``entry_hash`` and as json.dumps(details, ensure_ascii=False).
_PAYLOAD = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
_DETAILS = json.JSONEncoder(ensure_ascii=False).encode
_STRING = json.encoder.encode_basestring  # a JSON string literal, as ensure_ascii=False writes it
ENTRY_COLUMNS = ("seq", "at", "actor_id", "action", "target_type", "target_id", "details", "prev_hash", "hash")


def record_many(session: Session, *, at: datetime, actor_id: int | None,
                entries: Iterable[tuple[str, str, str, dict[str, Any]]]) -> int:
    """Appends many entries at once (bulk import): (action, target_type, target_id, details).
    ``details`` must hold plain JSON values (str, int, float, bool, None, lists and dicts of them)."""
    from desktop.services.bulk import insert_rows

    entries = list(entries)
    if not entries:
        return 0
    chain = ChainAppender(session, at=at, actor_id=actor_id)
    insert_rows(session, AuditEntry.__table__, ENTRY_COLUMNS, chain.rows(entries))
    chain.finish()
    return len(entries)


class ChainAppender:
    """:func:`record_many` in three steps, for a bulk writer that inserts on another thread: read the head
    (locking it), make the rows (no database work: ``ENTRY_COLUMNS`` tuples in the driver's form), then,
    once the rows are written, move the head. Same entries and hashes as :func:`record`."""

    def __init__(self, session: Session, *, at: datetime, actor_id: int | None) -> None:
        from desktop.services.bulk import driver_values

        self._session = session
        self._head = _head(session)
        self.seq, self.last_hash = self._head.last_seq, self._head.last_hash
        at = at.astimezone(UTC)
        self._stamp = at.isoformat(timespec="microseconds")
        self._stored_at = driver_values(session.connection().dialect.name).moment(at)
        self._actor_id = actor_id

    def rows(self, entries: Iterable[tuple[str, str, str, dict[str, Any]]]) -> list[tuple[Any, ...]]:
        seq, prev, stamp, stored_at, actor_id = self.seq, self.last_hash, self._stamp, self._stored_at, self._actor_id
        sha256 = hashlib.sha256
        out = []
        for action, target_type, target_id, details in entries:
            seq += 1
            target = str(target_id)
            payload = _PAYLOAD([seq, stamp, actor_id, action, target_type, target, details])
            digest = sha256(f"{prev}|{payload}".encode()).hexdigest()
            out.append((seq, stored_at, actor_id, action, target_type, target, _DETAILS(details), prev, digest))
            prev = digest
        self.seq, self.last_hash = seq, prev
        return out

    def rows_encoded(self, entries: Iterable[tuple[str, str, str, str, str]]) -> list[tuple[Any, ...]]:
        """:meth:`rows` for entries whose details come already encoded, twice: (action, target_type,
        target_id, details as ``entry_hash`` encodes them (sorted keys, no spaces), details as stored
        (``json.dumps(details, ensure_ascii=False)``)). For a bulk writer with one shape of details: string
        formatting instead of two JSON encodings per entry (the hashes are the same, tests hold them so)."""
        seq, prev, stored_at, actor_id = self.seq, self.last_hash, self._stored_at, self._actor_id
        head = f"{_STRING(self._stamp)},{'null' if actor_id is None else int(actor_id)},"
        sha256, string = hashlib.sha256, _STRING
        out = []
        for action, target_type, target_id, hashed, stored in entries:
            seq += 1
            payload = f"[{seq},{head}{string(action)},{string(target_type)},{string(target_id)},{hashed}]"
            digest = sha256(f"{prev}|{payload}".encode()).hexdigest()
            out.append((seq, stored_at, actor_id, action, target_type, target_id, stored, prev, digest))
            prev = digest
        self.seq, self.last_hash = seq, prev
        return out

    def finish(self) -> None:
        self._head.last_seq, self._head.last_hash = self.seq, self.last_hash
        self._session.flush()


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str  # "altered", "missing", "reordered", "head_mismatch"


def verify_chain(session: Session, batch: int = 5000) -> tuple[int, list[ChainProblem]]:
    """Returns (entries checked, problems). Streams the log so a large chain needs little memory."""
    problems: list[ChainProblem] = []
    prev = GENESIS
    expected_seq = 1
    checked = 0
    stmt = select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=batch)
    for entry in session.scalars(stmt):
        checked += 1
        if entry.seq != expected_seq:
            problems.append(ChainProblem(expected_seq, "missing"))
            expected_seq = entry.seq
        if entry.prev_hash != prev:
            problems.append(ChainProblem(entry.seq, "reordered"))
        digest = entry_hash(entry.prev_hash, entry.seq, entry.at, entry.actor_id, entry.action,
                            entry.target_type, entry.target_id, entry.details)
        if digest != entry.hash:
            problems.append(ChainProblem(entry.seq, "altered"))
        prev = entry.hash
        expected_seq += 1
        session.expunge(entry)
    head = session.get(AuditHead, 1)
    if head is not None and (head.last_seq != expected_seq - 1 or head.last_hash != prev):
        problems.append(ChainProblem(head.last_seq, "head_mismatch"))
    return checked, problems
