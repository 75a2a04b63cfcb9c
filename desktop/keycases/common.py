"""Small look-ups the key-case services share."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.clock import CHINA_TZ
from desktop.db.models import Department, Staff, StaffRole
from desktop.domain.enums import Role
from desktop.domain.errors import ValidationError


def text(value: str, field: str, *, required: bool = True, maximum: int = 4000) -> str:
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise ValidationError("required", field=field)
    if len(cleaned) > maximum:
        raise ValidationError("too_long", field=field, maximum=maximum)
    return cleaned


def staff_or_error(session: Session, staff_id: int, field: str, roles: frozenset[Role] | None = None) -> Staff:
    staff = session.get(Staff, staff_id)
    if staff is None or not staff.active:
        raise ValidationError("staff_invalid", field=field)
    if roles is not None:
        have = set(session.scalars(select(StaffRole.role).where(StaffRole.staff_id == staff_id)))
        if not have & roles:
            raise ValidationError("staff_invalid", field=field)
    return staff


def names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Staff.id, Staff.display_name)).all())


def departments(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Department.id, Department.name)).all())


def end_of_day(day: date) -> datetime:
    """The last instant of an office day (China time)."""
    return datetime.combine(day, time(23, 59, 59), CHINA_TZ)
