"""The append-only audit chain. Each entry's hash is an HMAC-SHA256, keyed with ``audit.key`` (outside the
database), over its content and the previous hash: an altered, inserted or deleted entry breaks the chain
from that point on, and without the key nobody can forge an entry or compute the chain again after an edit.
The latest (sequence number, hash) is also anchored in a file beside the key (``audit_anchor``)."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import AuditEntry, AuditHead
from desktop.security.keyfile import KeyMissing
from desktop.services.audit_anchor import ChainKeys

GENESIS = "0" * 64
INFO_KEY = "audit_chain"  # Session.info entry holding the ChainKeys of the open database
_TIP = "audit_tip"  # Session.info entry: the chain tip this transaction moved to


def chain_keys(session: Session) -> ChainKeys:
    keys = session.info.get(INFO_KEY)
    if keys is None:
        # Never append an unkeyed entry: the database was opened without its audit key (not initialised).
        raise KeyMissing(path="audit.key")
    return keys


def _mac(key: bytes):  # type: ignore[no-untyped-def]
    return hmac.new(key, digestmod=hashlib.sha256)


def _digest(base, prev_hash: str, payload: str, row_hash: str | None) -> str:  # type: ignore[no-untyped-def]
    mac = base.copy()
    mac.update((f"{prev_hash}|{payload}" if row_hash is None else f"{prev_hash}|{payload}|{row_hash}").encode())
    return mac.hexdigest()


def entry_hash(prev_hash: str, seq: int, at: datetime, actor_id: int | None, action: str,
               target_type: str, target_id: str, details: dict[str, Any], *, key: bytes,
               row_hash: str | None = None) -> str:
    payload = json.dumps(
        [seq, at.isoformat(timespec="microseconds"), actor_id, action, target_type, target_id, details],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str,
    )
    return _digest(_mac(key), prev_hash, payload, row_hash)


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


def _moved(session: Session, seq: int, digest: str) -> None:
    session.info[_TIP] = (seq, digest)


def record(session: Session, *, at: datetime, actor_id: int | None, action: str, target_type: str = "",
           target_id: str | int = "", details: dict[str, Any] | None = None,
           row_hash: str | None = None) -> AuditEntry:
    """Appends one entry inside the caller's transaction (it commits or rolls back with the change)."""
    key = chain_keys(session).key
    head = _head(session)
    seq = head.last_seq + 1
    # Round-trip the details through JSON so the hash covers exactly what the database will give back.
    clean = json.loads(json.dumps(details or {}, ensure_ascii=False, default=str))
    at = at.astimezone(UTC)
    digest = entry_hash(head.last_hash, seq, at, actor_id, action, target_type, str(target_id), clean, key=key,
                        row_hash=row_hash)
    entry = AuditEntry(seq=seq, at=at, actor_id=actor_id, action=action, target_type=target_type,
                       target_id=str(target_id), details=clean, prev_hash=head.last_hash, hash=digest,
                       row_hash=row_hash)
    session.add(entry)
    head.last_seq = seq
    head.last_hash = digest
    _moved(session, seq, digest)
    return entry


# One encoder each, made once: json.dumps with options builds a new encoder per call, which is most of
# its cost for small values. Same options as ``entry_hash`` and as json.dumps(details, ensure_ascii=False).
_PAYLOAD = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
_DETAILS = _PAYLOAD  # as the engine stores JSON (db.database.canonical_json): the stored text is what is hashed
_STRING = json.encoder.encode_basestring  # a JSON string literal, as ensure_ascii=False writes it
ENTRY_COLUMNS = ("seq", "at", "actor_id", "action", "target_type", "target_id", "details", "prev_hash", "hash",
                 "row_hash")


def record_many(session: Session, *, at: datetime, actor_id: int | None,
                entries: Iterable[tuple[Any, ...]], encoded: bool = False) -> int:
    """Appends many entries at once (bulk import): (action, target_type, target_id, details[, row_hash]).
    ``details`` must hold plain JSON values (str, int, float, bool, None, lists and dicts of them).
    ``encoded``: the entries come in :meth:`ChainAppender.rows_encoded`'s form instead (one shape of
    details already encoded, as the row states of a 100,000-row import are)."""
    from desktop.services.bulk import insert_rows

    entries = list(entries)
    if not entries:
        return 0
    chain = ChainAppender(session, at=at, actor_id=actor_id)
    rows = chain.rows_encoded(entries) if encoded else chain.rows(entries)
    insert_rows(session, AuditEntry.__table__, ENTRY_COLUMNS, rows)
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
        self._mac = _mac(chain_keys(session).key)

    def rows(self, entries: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """Entries are (action, target_type, target_id, details) with an optional fifth: the row hash."""
        seq, prev, stamp, stored_at, actor_id = self.seq, self.last_hash, self._stamp, self._stored_at, self._actor_id
        base, digest_of = self._mac, _digest
        out = []
        for action, target_type, target_id, details, *more in entries:
            seq += 1
            target = str(target_id)
            row_hash = more[0] if more else None
            payload = _PAYLOAD([seq, stamp, actor_id, action, target_type, target, details])
            digest = digest_of(base, prev, payload, row_hash)
            out.append((seq, stored_at, actor_id, action, target_type, target, _DETAILS(details), prev, digest,
                        row_hash))
            prev = digest
        self.seq, self.last_hash = seq, prev
        return out

    def rows_encoded(self, entries: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """:meth:`rows` for entries whose details come already encoded: (action, target_type, target_id,
        details as ``entry_hash`` encodes them (sorted keys, no spaces, UTF-8), an older second form no longer
        used[, row hash]). The first form is also what is stored. For a bulk writer with one shape of details:
        string formatting instead of a JSON encoding per entry (the hashes are the same, tests hold them so)."""
        seq, prev, stored_at, actor_id = self.seq, self.last_hash, self._stored_at, self._actor_id
        head = f"{_STRING(self._stamp)},{'null' if actor_id is None else int(actor_id)},"
        base, digest_of, string = self._mac, _digest, _STRING
        out = []
        for action, target_type, target_id, hashed, _older, *more in entries:
            seq += 1
            row_hash = more[0] if more else None
            payload = f"[{seq},{head}{string(action)},{string(target_type)},{string(target_id)},{hashed}]"
            digest = digest_of(base, prev, payload, row_hash)
            out.append((seq, stored_at, actor_id, action, target_type, target_id, hashed, prev, digest, row_hash))
            prev = digest
        self.seq, self.last_hash = seq, prev
        return out

    def finish(self) -> None:
        self._head.last_seq, self._head.last_hash = self.seq, self.last_hash
        _moved(self._session, self.seq, self.last_hash)
        self._session.flush()




# Checking lives beside (audit_verify); these names stay importable from here for existing callers.
from desktop.services.audit_verify import ChainProblem, verify_chain  # noqa: E402, F401
