"""What the prevention screens offer to pick from, as plain values (screens never read ORM rows)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Staff, Village


def village_names(session: Session) -> list[str]:
    return list(session.scalars(select(Village.name).order_by(Village.name)))


def active_staff(session: Session) -> list[tuple[int, str]]:
    """(id, display name) of every active staff member, in the order they were added."""
    return [(sid, name) for sid, name in session.execute(
        select(Staff.id, Staff.display_name).where(Staff.active.is_(True)).order_by(Staff.id))]
