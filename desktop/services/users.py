"""Staff accounts: creation, password rules, roles. Passwords are hashed with argon2id; signing in is in
``desktop.services.signin``."""

from __future__ import annotations

from collections.abc import Iterable

from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import Department, Staff, StaffRole
from desktop.domain.enums import Role
from desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from desktop.domain.rules_config import Rules
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, Permission

# argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): the library default (64 MiB, 4 lanes)
# takes most of a second on a 2-core desk PC, and every CLI command signs in.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
MIN_PASSWORD_LENGTH = Rules().password_min_length  # the default; the setting decides


def password_hasher() -> PasswordHasher:
    return _hasher


def check_password(rules: Rules, username: str, password: str) -> None:
    """Refuses a password naming the rule it breaks (each a setting where it has a number)."""
    if not password.strip():
        raise ValidationError("password_blank", field="password")
    if len(password) < rules.password_min_length:
        raise ValidationError("password_too_short", field="password", minimum=rules.password_min_length)
    if len(password) > rules.password_max_length:
        raise ValidationError("password_too_long", field="password", maximum=rules.password_max_length)
    if password.strip().casefold() == username.strip().casefold():
        raise ValidationError("password_is_username", field="password")


def hash_password(password: str, *, username: str = "", rules: Rules | None = None) -> str:
    check_password(rules or Rules(), username, password)
    return _hasher.hash(password)


def _check_inspector_grant(actor: Actor | None, confirmed_by: Actor | None, target_id: int | None,
                           before: frozenset[Role], after: frozenset[Role]) -> None:
    """Separation of duties: access to accusations (the inspector's role) is never granted by one
    administrator alone, not to themselves and not to an account they create; a second administrator
    confirms it."""
    if Role.INSPECTOR not in after or Role.INSPECTOR in before:
        return
    ok = (confirmed_by is not None and confirmed_by.can(Permission.MANAGE_USERS)
          and (actor is None or confirmed_by.id != actor.id) and confirmed_by.id != target_id)
    if not ok:
        raise PermissionDenied("inspector_needs_second_admin", field="roles", role=Role.INSPECTOR.value)


def actor_of(staff: Staff) -> Actor:
    return Actor(id=staff.id, username=staff.username, display_name=staff.display_name, roles=staff.role_set)


def count_staff(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Staff)) or 0


def create_staff(ctx: AppContext, session: Session, actor: Actor | None, *, username: str, display_name: str,
                 password: str, roles: Iterable[Role], department: str | None = None,
                 phone: str | None = None, confirmed_by: Actor | None = None) -> Staff:
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
    _check_inspector_grant(actor, confirmed_by, None, frozenset(), frozenset(role_set))
    rules = ctx.rules(session)
    check_password(rules, username, password)
    dept_id = None
    if department:
        dept = session.scalar(select(Department).where(Department.name == department))
        if dept is None:
            raise NotFound("department_not_found", department=department)
        dept_id = dept.id
    staff = Staff(username=username, display_name=display_name.strip() or username,
                  password_hash=_hasher.hash(password), department_id=dept_id, phone=phone,
                  created_at=ctx.now(), roles=[StaffRole(role=r) for r in role_set])
    session.add(staff)
    session.flush()
    audit.record(session, at=ctx.now(), actor_id=actor.id if actor else staff.id, action="user.create",
                 target_type="staff", target_id=staff.id,
                 details={"username": username, "roles": [r.value for r in role_set],
                          "confirmed_by": confirmed_by.username if confirmed_by else None})
    return staff


def authenticate(ctx: AppContext, session: Session, username: str, password: str) -> Actor:
    """Signs in inside the caller's transaction. A refusal raised here rolls back with that transaction,
    and its audit entry and failure count with it: where a refusal may happen, use ``signin.sign_in`` or
    ``signin.attempt_sign_in``."""
    from desktop.services.signin import attempt_sign_in

    outcome = attempt_sign_in(ctx, session, username, password)
    if isinstance(outcome, PermissionDenied):
        raise outcome
    return outcome


def set_active(ctx: AppContext, session: Session, actor: Actor, username: str, active: bool) -> Staff:
    actor.require(Permission.MANAGE_USERS)
    staff = get_by_username(session, username)
    if staff.id == actor.id and not active:
        raise ValidationError("cannot_disable_self", field="username")
    staff.active = active
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="user.enable" if active else "user.disable",
                 target_type="staff", target_id=staff.id, details={"username": username})
    return staff


def set_roles(ctx: AppContext, session: Session, actor: Actor, username: str, roles: Iterable[Role], *,
              confirmed_by: Actor | None = None) -> Staff:
    actor.require(Permission.MANAGE_USERS)
    staff = get_by_username(session, username)
    wanted = set(roles)
    if not wanted:
        raise ValidationError("roles_empty", field="roles")
    before = staff.role_set
    _check_inspector_grant(actor, confirmed_by, staff.id, before, frozenset(wanted))
    staff.roles[:] = [r for r in staff.roles if r.role in wanted]
    for role in sorted(wanted - staff.role_set):
        staff.roles.append(StaffRole(role=role))
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="user.roles", target_type="staff",
                 target_id=staff.id, details={"username": username, "before": sorted(r.value for r in before),
                                              "after": sorted(r.value for r in wanted),
                                              "confirmed_by": confirmed_by.username if confirmed_by else None})
    return staff


def change_password(ctx: AppContext, session: Session, actor: Actor, username: str, password: str) -> None:
    staff = get_by_username(session, username)
    if staff.id != actor.id:
        actor.require(Permission.MANAGE_USERS)
    staff.password_hash = hash_password(password, username=staff.username, rules=ctx.rules(session))
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
