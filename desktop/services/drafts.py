"""The intake wizard's unsaved work (``IntakeDraft``), kept so a crash or power cut loses nothing.

The payload holds what the clerk typed, ID and phone numbers included, so it is stored encrypted with
the installation's field key, like the petitioners' own columns; the row keeps only ``{"v", "blob"}``."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.db.models import IntakeDraft
from desktop.domain.errors import IntegrityFailure
from desktop.services.context import AppContext

CONTEXT = "intake_draft"
VERSION = 1


@dataclass(frozen=True)
class Draft:
    id: int
    staff_id: int
    payload: dict[str, Any]
    updated_at: datetime


def _seal(ctx: AppContext, payload: dict[str, Any]) -> dict[str, Any]:
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    blob = ctx.cipher.encrypt(text, context=CONTEXT)
    return {"v": VERSION, "blob": base64.b64encode(blob).decode("ascii")}


def _open(ctx: AppContext, stored: dict[str, Any]) -> dict[str, Any]:
    blob = base64.b64decode(stored["blob"])
    return json.loads(ctx.cipher.decrypt(blob, context=CONTEXT))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def save(ctx: AppContext, session: Session, staff_id: int, payload: dict[str, Any],
         draft_id: int | None = None) -> int:
    """Creates or overwrites the draft; returns its id (keep it for the next save)."""
    row = session.get(IntakeDraft, draft_id) if draft_id is not None else None
    if row is None or row.staff_id != staff_id:
        row = IntakeDraft(staff_id=staff_id, payload={}, updated_at=ctx.now())
        session.add(row)
    row.payload = _seal(ctx, payload)
    row.updated_at = ctx.now()
    session.flush()
    return row.id


def latest(ctx: AppContext, session: Session, staff_id: int) -> Draft | None:
    """The staff member's most recent draft that can still be read (an unreadable one is skipped)."""
    stmt = (select(IntakeDraft).where(IntakeDraft.staff_id == staff_id)
            .order_by(IntakeDraft.updated_at.desc(), IntakeDraft.id.desc()))
    for row in session.scalars(stmt):
        try:
            payload = _open(ctx, row.payload)
        except (KeyError, ValueError, TypeError, IntegrityFailure):
            continue  # a damaged draft must not block the clerk's start
        return Draft(row.id, row.staff_id, payload, _aware(row.updated_at))
    return None


def discard(session: Session, draft_id: int) -> None:
    session.execute(delete(IntakeDraft).where(IntakeDraft.id == draft_id))


def abandon(ctx: AppContext, session: Session, staff_id: int, draft_id: int) -> bool:
    """The clerk gives up an unfinished registration: the draft (personal data) is deleted, and that it
    was deleted is audited. Only the clerk's own draft; returns whether one was deleted."""
    from desktop.services import audit

    gone = session.execute(delete(IntakeDraft).where(IntakeDraft.id == draft_id, IntakeDraft.staff_id == staff_id))
    if not gone.rowcount:
        return False
    audit.record(session, at=ctx.now(), actor_id=staff_id, action="draft.discard", target_type="draft",
                 target_id=str(draft_id))
    return True


def count(session: Session, staff_id: int) -> int:
    return len(list(session.scalars(select(IntakeDraft.id).where(IntakeDraft.staff_id == staff_id))))
