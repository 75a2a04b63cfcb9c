"""Whose villages and grids a user answers for. A grid worker sees and reports only their grid, a village
secretary only their village; every other role works township-wide."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Staff, StaffArea, Village
from desktop.domain.enums import Role
from desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, Permission

LOCAL_ROLES = frozenset({Role.GRID_WORKER, Role.VILLAGE_SECRETARY})


@dataclass(frozen=True)
class Area:
    village_id: int
    grid: str  # "" = the whole village


@dataclass(frozen=True)
class Scope:
    """``areas`` None: township-wide."""

    areas: tuple[Area, ...] | None

    @property
    def township_wide(self) -> bool:
        return self.areas is None

    def village_ids(self) -> set[int] | None:
        return None if self.areas is None else {a.village_id for a in self.areas}

    def covers(self, village_id: int | None, grid: str) -> bool:
        if self.areas is None:
            return True
        return any(a.village_id == village_id and (not a.grid or a.grid == grid) for a in self.areas)


def scope_of(session: Session, actor: Actor) -> Scope:
    if not actor.roles or not actor.roles <= LOCAL_ROLES:
        return Scope(None)
    rows = session.execute(select(StaffArea.village_id, StaffArea.grid).where(StaffArea.staff_id == actor.id))
    # A village secretary answers for the whole village whatever grid was written down.
    whole = Role.VILLAGE_SECRETARY in actor.roles
    return Scope(tuple(Area(v, "" if whole else g) for v, g in rows))


def require_area(scope: Scope, village_id: int | None, grid: str, actor: Actor) -> None:
    if not scope.covers(village_id, grid):
        raise PermissionDenied("outside_own_area", user=actor.username)


def village_named(session: Session, name: str, field: str = "village") -> Village:
    village = session.scalar(select(Village).where(Village.name == name.strip()))
    if village is None:
        raise ValidationError("village_not_found", field=field, village=name)
    return village


def add_village(ctx: AppContext, session: Session, actor: Actor, name: str) -> Village:
    actor.require(Permission.MANAGE_SETTINGS)
    name = name.strip()
    if not name or len(name) > 100:
        raise ValidationError("required", field="village")
    village = session.scalar(select(Village).where(Village.name == name))
    if village is None:
        village = Village(name=name)
        session.add(village)
        session.flush()
        audit.record(session, at=ctx.now(), actor_id=actor.id, action="village.add", target_type="village",
                     target_id=village.id, details={"name": name})
    return village


def assign_area(ctx: AppContext, session: Session, actor: Actor, username: str, village: str,
                grid: str = "") -> StaffArea:
    """Gives a grid worker their grid (or a village secretary their village)."""
    actor.require(Permission.MANAGE_USERS)
    staff = session.scalar(select(Staff).where(Staff.username == username))
    if staff is None:
        raise NotFound("user_not_found", user=username)
    v = village_named(session, village)
    area = session.scalar(select(StaffArea).where(StaffArea.staff_id == staff.id, StaffArea.village_id == v.id,
                                                  StaffArea.grid == grid.strip()))
    if area is not None:  # assigning twice is not an error
        return area
    area = StaffArea(staff_id=staff.id, village_id=v.id, grid=grid.strip())
    session.add(area)
    session.flush()
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="staff.area", target_type="staff",
                 target_id=staff.username, details={"village": v.name, "grid": area.grid})
    return area
