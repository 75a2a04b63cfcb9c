"""Bringing a database made before the keyed chain under it, once, at ``reception init``.

Such a database's audit chain is plain SHA-256 (anyone could recompute it). It is checked as it was; only an
intact one is taken over: every hash is recomputed with the audit key, and every tracked row's current state is
audited (``row.state``), so from then on edits are found. A broken old chain is refused, never laundered."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.db.models import AuditEntry, AuditHead
from desktop.domain.errors import IntegrityFailure
from desktop.services import audit, row_state

_COLUMNS = (AuditEntry.seq, AuditEntry.at, AuditEntry.actor_id, AuditEntry.action, AuditEntry.target_type,
            AuditEntry.target_id, AuditEntry.details, AuditEntry.prev_hash, AuditEntry.hash)


def _payload(seq, at, actor_id, action, target_type, target_id, details) -> str:  # type: ignore[no-untyped-def]
    return json.dumps([seq, at.isoformat(timespec="microseconds"), actor_id, action, target_type, target_id, details],
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def take_over(session: Session, key: bytes) -> int:
    """Checks the unkeyed chain and re-keys it; returns the entries re-keyed."""
    rows = session.execute(select(*_COLUMNS).order_by(AuditEntry.seq)).all()
    prev = audit.GENESIS
    for expected, (seq, at, actor_id, action, tt, tid, details, prev_hash, digest) in enumerate(rows, start=1):
        plain = hashlib.sha256(f"{prev}|{_payload(seq, at, actor_id, action, tt, tid, details)}".encode()).hexdigest()
        if seq != expected or prev_hash != prev or plain != digest:
            raise IntegrityFailure("legacy_chain_broken", seq=seq)
        prev = digest
    head = session.get(AuditHead, 1)
    if head is not None and (head.last_seq, head.last_hash) != (len(rows), prev):
        raise IntegrityFailure("legacy_chain_broken", seq=head.last_seq)
    base, prev = audit._mac(key), audit.GENESIS
    for seq, at, actor_id, action, tt, tid, details, _, _ in rows:
        digest = audit._digest(base, prev, _payload(seq, at, actor_id, action, tt, tid, details), None)
        # The details are written again too: in the canonical text the keyed chain hashes (audit_verify).
        session.execute(update(AuditEntry).where(AuditEntry.seq == seq).values(prev_hash=prev, hash=digest,
                                                                               details=details))
        prev = digest
    if head is not None:
        head.last_hash = prev
    for name, table in row_state.TRACKED.items():
        row_state.touch(session, name, session.scalars(select(table.c.id)))
    session.flush()
    return len(rows)
