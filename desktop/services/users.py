"""Staff accounts: creation, sign-in, roles. Passwords are hashed with argon2id."""

from __future__ import annotations

from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import Department, Staff, StaffRole
from desktop.domain.enums import Role
from desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, Permission

# argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): the library default (64 MiB, 4 lanes)
# takes most of a second on a 2-core desk PC, and every CLI command signs in.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError("password_too_short", field="password", minimum=MIN_PASSWORD_LENGTH)
    return _hasher.hash(password)


def actor_of(staff: Staff) -> Actor:
    return Actor(id=staff.id, username=staff.username, display_name=staff.display_name, roles=staff.role_set)


def count_staff(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Staff)) or 0


def create_staff(ctx: AppContext, session: Session, actor: Actor | None, *, username: str, display_name: str,
                 password: str, roles: Iterable[Role], department: str | None = None,
                 phone: str | None = None) -> Staff:
    """``actor`` is None only for the very first administrator, created by ``init``/the setup dialog."""
    if actor is None:
        if count_staff(session):
            raise PermissionDenied("permission_denied", permission=Permission.MANAGE_USERS.value)
    else:
        actor.require(Permission.MANAGE_USERS)
    username = username.strip()
    if not username or len(username) > 64:
        raise ValidationError("username_invalid", field="username")
    if session.scalar(select(Staff).where(Staff.username == username)):
        raise ValidationError("username_taken", field="username", username=username)
    role_set = sorted(set(roles))
    if not role_set:
        raise ValidationError("roles_empty", field="roles")
    dept_id = None
    if department:
        dept = session.scalar(select(Department).where(Department.name == department))
        if dept is None:
            raise NotFound("department_not_found", department=department)
        dept_id = dept.id
    staff = Staff(username=username, display_name=display_name.strip() or username,
                  password_hash=hash_password(password), department_id=dept_id, phone=phone,
                  created_at=ctx.now(), roles=[StaffRole(role=r) for r in role_set])
    session.add(staff)
    session.flush()
    audit.record(session, at=ctx.now(), actor_id=actor.id if actor else staff.id, action="user.create",
                 target_type="staff", target_id=staff.id,
                 details={"username": username, "roles": [r.value for r in role_set]})
    return staff


def authenticate(ctx: AppContext, session: Session, username: str, password: str) -> Actor:
    """Checks the password; every attempt, good or bad, is audited."""
    staff = session.scalar(select(Staff).where(Staff.username == username.strip()))
    ok = False
    if staff is not None and staff.active:
        try:
            ok = _hasher.verify(staff.password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
    if not ok:
        if staff is not None:
            staff.failed_logins += 1
        audit.record(session, at=ctx.now(), actor_id=staff.id if staff else None, action="login.failed",
                     target_type="staff", target_id=username, details={})
        raise PermissionDenied("login_failed", user=username)
    assert staff is not None
    staff.failed_logins = 0
    if _hasher.check_needs_rehash(staff.password_hash):
        staff.password_hash = _hasher.hash(password)
    audit.record(session, at=ctx.now(), actor_id=staff.id, action="login", target_type="staff",
                 target_id=staff.id, details={})
    return actor_of(staff)


def set_active(ctx: AppContext, session: Session, actor: Actor, username: str, active: bool) -> Staff:
    actor.require(Permission.MANAGE_USERS)
    staff = get_by_username(session, username)
    if staff.id == actor.id and not active:
        raise ValidationError("cannot_disable_self", field="username")
    staff.active = active
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="user.enable" if active else "user.disable",
                 target_type="staff", target_id=staff.id, details={"username": username})
    return staff


def set_roles(ctx: AppContext, session: Session, actor: Actor, username: str, roles: Iterable[Role]) -> Staff:
    actor.require(Permission.MANAGE_USERS)
    staff = get_by_username(session, username)
    wanted = set(roles)
    if not wanted:
        raise ValidationError("roles_empty", field="roles")
    staff.roles[:] = [r for r in staff.roles if r.role in wanted]
    for role in sorted(wanted - staff.role_set):
        staff.roles.append(StaffRole(role=role))
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="user.roles", target_type="staff",
                 target_id=staff.id, details={"roles": sorted(r.value for r in wanted)})
    return staff


def change_password(ctx: AppContext, session: Session, actor: Actor, username: str, password: str) -> None:
    staff = get_by_username(session, username)
    if staff.id != actor.id:
        actor.require(Permission.MANAGE_USERS)
    staff.password_hash = hash_password(password)
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="user.password", target_type="staff",
                 target_id=staff.id, details={})


def get_by_username(session: Session, username: str) -> Staff:
    staff = session.scalar(select(Staff).where(Staff.username == username))
    if staff is None:
        raise NotFound("user_not_found", user=username)
    return staff


def list_staff(session: Session, role: Role | None = None, *, active_only: bool = False) -> list[Staff]:
    stmt = select(Staff).order_by(Staff.id)
    if role is not None:
        stmt = stmt.join(StaffRole).where(StaffRole.role == role)
    if active_only:
        stmt = stmt.where(Staff.active.is_(True))
    return list(session.scalars(stmt).unique())


def first_admin(session: Session) -> Staff | None:
    return session.scalar(
        select(Staff).join(StaffRole).where(StaffRole.role == Role.ADMIN, Staff.active.is_(True)).order_by(Staff.id)
    )
