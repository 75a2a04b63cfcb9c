"""Checking the stored record: the keyed audit chain, the desk's anchor and the audited rows."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import AuditEntry, AuditHead
from desktop.services import audit, audit_anchor, row_state


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str  # "altered", "missing", "reordered", "head_mismatch"


@dataclass(frozen=True)
class Problem:
    """One thing found wrong; ``code`` names it (CLI words in desktop/cli/commands/verify.py)."""

    code: str
    details: dict[str, object] = field(default_factory=dict)


@dataclass
class Report:
    entries: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    anchor_seq: int | None = None
    problems: list[Problem] = field(default_factory=list)


def audit_tip(session: Session) -> tuple[int, str]:
    head = session.get(AuditHead, 1)
    return (head.last_seq, head.last_hash) if head is not None else (0, audit.GENESIS)


# The details as stored text (PostgreSQL's json keeps its input text): hashed as they are, never re-encoded.
_SQL = ("SELECT seq, at, actor_id, action, target_type, target_id, CAST(details AS TEXT), prev_hash, hash, "
        "row_hash FROM audit_log ORDER BY seq")


def _moment(raw: object) -> str:
    """The entry's time as ``record`` hashed it, from the driver's value (SQLite text, PostgreSQL aware)."""
    at = raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw))
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return at.isoformat(timespec="microseconds")


def _scan(session: Session, key: bytes, states: dict[tuple[str, str], str | None] | None,
          batch: int) -> tuple[int, list[ChainProblem]]:
    """One pass over the log: chain problems, and the last audited state of each tracked row. Reads the
    driver's values directly: a million entries go through here, and SQLAlchemy's per-value processing was
    most of the time."""
    problems: list[ChainProblem] = []
    prev, expected_seq, checked = audit.GENESIS, 1, 0
    base, digest_of, string = audit._mac(key), audit._digest, audit._STRING
    compare, state_action = hmac.compare_digest, row_state.ACTION
    last_raw: object = None
    stamp = ""
    rows = session.connection().exec_driver_sql(
        _SQL, execution_options={"stream_results": True, "max_row_buffer": batch})
    for seq, raw_at, actor_id, action, target_type, target_id, details, prev_hash, digest, row_hash in rows:
        checked += 1
        if seq != expected_seq:
            problems.append(ChainProblem(expected_seq, "missing"))
            expected_seq = seq
        if prev_hash != prev:
            problems.append(ChainProblem(seq, "reordered"))
        if raw_at != last_raw:  # bulk writers give many entries one moment: convert it once
            stamp, last_raw = string(_moment(raw_at)), raw_at
        # = audit._PAYLOAD([seq, at, actor_id, action, target_type, target_id, details]) as record() hashed it
        payload = (f"[{seq},{stamp},{'null' if actor_id is None else actor_id},{string(action)},"
                   f"{string(target_type)},{string(target_id)},{details}]")
        if not compare(digest_of(base, prev_hash, payload, row_hash), digest):
            problems.append(ChainProblem(seq, "altered"))
        if states is not None and action == state_action:
            states[(target_type, target_id)] = row_hash
        prev = digest
        expected_seq += 1
    head = session.get(AuditHead, 1)
    if head is not None and (head.last_seq != expected_seq - 1 or head.last_hash != prev):
        problems.append(ChainProblem(head.last_seq, "head_mismatch"))
    return checked, problems


def verify_chain(session: Session, batch: int = 5000) -> tuple[int, list[ChainProblem]]:
    """Returns (entries checked, problems) of the keyed chain. Streams the log so a large chain needs
    little memory."""
    checked, problems = _scan(session, audit.chain_keys(session).key, None, batch)
    return checked, problems


def verify_all(session: Session, batch: int = 5000) -> Report:
    """The chain, the anchor and every audited row; the desk's anchor moves to the tip when all is well."""
    keys = audit.chain_keys(session)
    report = Report()
    states: dict[tuple[str, str], str | None] = {}
    report.entries, chain_problems = _scan(session, keys.key, states, batch)
    report.problems += [Problem(f"chain_{p.problem}", {"seq": p.seq}) for p in chain_problems]
    report.problems += _check_anchor(session, keys, report)
    for table_name in row_state.TRACKED:
        count = 0
        seen: set[str] = set()
        for row_id, digest in row_state.current_hashes(session, table_name):
            count += 1
            ident = str(row_id)
            seen.add(ident)
            if (table_name, ident) not in states:
                report.problems.append(Problem("row_unaudited", {"table": table_name, "id": row_id}))
            elif states[(table_name, ident)] != digest:
                report.problems.append(Problem("row_altered", {"table": table_name, "id": row_id}))
        for (table, ident), digest in states.items():
            if table == table_name and digest is not None and ident not in seen:
                report.problems.append(Problem("row_deleted", {"table": table_name, "id": ident}))
        report.rows[table_name] = count
    if not report.problems:
        seq, digest = audit_tip(session)
        audit_anchor.advance(keys.anchor_path, keys.key, seq, digest)
    return report


def _check_anchor(session: Session, keys: audit_anchor.ChainKeys, report: Report) -> list[Problem]:
    anchor = audit_anchor.read(keys.anchor_path, keys.key)
    if anchor is None:
        return [Problem("anchor_missing", {"path": str(keys.anchor_path)})]
    if not anchor.genuine:
        return [Problem("anchor_forged", {"path": str(keys.anchor_path)})]
    report.anchor_seq = anchor.seq
    stored_max = session.scalar(select(func.max(AuditEntry.seq))) or 0
    if anchor.seq > stored_max:
        return [Problem("behind_anchor", {"anchor": anchor.seq, "stored": stored_max})]
    if anchor.seq == 0:
        return []
    at_anchor = session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == anchor.seq))
    if at_anchor != anchor.hash:
        return [Problem("anchor_mismatch", {"seq": anchor.seq})]
    return []
