"""Reading the audit log: for the administrator and the inspector (镇纪委); each reading is itself audited."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.clock import CHINA_TZ
from desktop.db.models import AuditEntry, Staff
from desktop.domain.errors import NotFound
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, Permission


@dataclass(frozen=True)
class LogLine:
    seq: int
    at: datetime  # aware, UTC
    user: str  # user name, "" for the system
    action: str
    target: str  # "type:id" or ""
    details: dict[str, Any]
    row_hash: str | None


def entries(ctx: AppContext, session: Session, actor: Actor, *, since: date | None = None,
            action: str | None = None, user: str | None = None) -> Iterator[LogLine]:
    """Oldest first. ``since`` is a day in the office's time; ``action`` matches exactly or, ending in ``.``
    or ``*``, as a prefix. The reading is recorded before the first line is given."""
    actor.require(Permission.VIEW_AUDIT_LOG)
    names = {s.id: s.username for s in session.scalars(select(Staff))}
    stmt = select(AuditEntry).order_by(AuditEntry.seq)
    if since is not None:
        stmt = stmt.where(AuditEntry.at >= datetime.combine(since, time(0), CHINA_TZ))
    if action:
        prefix = action.rstrip("*")
        stmt = stmt.where(AuditEntry.action.startswith(prefix) if action.endswith(("*", ".")) else
                          AuditEntry.action == action)
    if user:
        staff_id = next((i for i, n in names.items() if n == user), None)
        if staff_id is None:
            raise NotFound("user_not_found", user=user)
        stmt = stmt.where(AuditEntry.actor_id == staff_id)
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="audit.list", details={
        "since": since.isoformat() if since else None, "action": action, "user": user})
    session.flush()
    for e in session.scalars(stmt.execution_options(yield_per=2000)):
        target = f"{e.target_type}:{e.target_id}" if e.target_type or e.target_id else ""
        yield LogLine(e.seq, e.at, names.get(e.actor_id or -1, ""), e.action, target, dict(e.details or {}),
                      e.row_hash)
        session.expunge(e)
