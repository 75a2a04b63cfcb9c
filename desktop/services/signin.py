"""Signing in: every attempt audited, failures slowing the next try, a lock-out after too many in a row.

A refused attempt must leave its trace even though the caller reports it as an error, so the refusal is
*returned* by :func:`attempt_sign_in` (its transaction commits normally) and raised only afterwards by
:func:`sign_in`, which owns its transaction."""

from __future__ import annotations

import math
from contextlib import suppress
from datetime import timedelta
from functools import cache

from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.clock import china_minute
from desktop.db.models import Staff
from desktop.domain.errors import PermissionDenied
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, Permission

# The wait after the n-th failure in a row: none after one typo, then 1, 2, 4, … seconds, at most this.
MAX_DELAY_SECONDS = 30


def delay_after(failures: int) -> timedelta:
    if failures <= 1:
        return timedelta(0)
    return timedelta(seconds=min(2 ** (failures - 2), MAX_DELAY_SECONDS))


def _refuse(ctx: AppContext, session: Session, staff: Staff | None, tried: str, reason: str,
            error: PermissionDenied) -> PermissionDenied:
    audit.record(session, at=ctx.now(), actor_id=staff.id if staff else None, action="login.failed",
                 target_type="staff", target_id=tried, details={"username": tried, "reason": reason})
    return error


def attempt_sign_in(ctx: AppContext, session: Session, username: str, password: str) -> Actor | PermissionDenied:
    """The signed-in actor, or the refusal (already audited in ``session``) for the caller to raise after
    committing."""
    from desktop.services.users import actor_of, password_hasher

    tried = username.strip()
    now = ctx.now()
    rules = ctx.rules(session)
    staff = session.scalar(select(Staff).where(Staff.username == tried))
    if staff is not None and staff.locked_until is not None and staff.locked_until > now:
        until = china_minute(staff.locked_until)
        return _refuse(ctx, session, staff, tried, "locked", PermissionDenied("account_locked", user=tried, until=until))
    if staff is not None and staff.last_failed_at is not None and staff.failed_logins > 0:
        ready = staff.last_failed_at + delay_after(staff.failed_logins)
        if now < ready:
            wait = math.ceil((ready - now).total_seconds())
            return _refuse(ctx, session, staff, tried, "too_soon",
                           PermissionDenied("login_throttled", user=tried, seconds=wait))
    ok = False
    hasher = password_hasher()
    if staff is not None and staff.active:
        try:
            ok = hasher.verify(staff.password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
    else:
        # Same work for an unknown name as for a known one, so timing does not tell which names exist.
        with suppress(VerifyMismatchError, VerificationError, InvalidHashError):
            hasher.verify(_dummy_hash(), password)
    if not ok:
        if staff is None:
            return _refuse(ctx, session, None, tried, "unknown_user", PermissionDenied("login_failed", user=tried))
        staff.failed_logins += 1
        staff.last_failed_at = now
        if staff.failed_logins >= rules.lockout_failures:
            staff.locked_until = now + timedelta(minutes=rules.lockout_minutes)
            audit.record(session, at=now, actor_id=staff.id, action="user.locked", target_type="staff",
                         target_id=staff.id, details={"username": tried, "failures": staff.failed_logins,
                                                      "until": staff.locked_until.isoformat()})
            return _refuse(ctx, session, staff, tried, "wrong_password",
                           PermissionDenied("account_locked", user=tried, until=china_minute(staff.locked_until)))
        reason = "wrong_password" if staff.active else "disabled"
        return _refuse(ctx, session, staff, tried, reason, PermissionDenied("login_failed", user=tried))
    staff.failed_logins = 0
    staff.last_failed_at = None
    staff.locked_until = None
    if hasher.check_needs_rehash(staff.password_hash):
        staff.password_hash = hasher.hash(password)
    audit.record(session, at=now, actor_id=staff.id, action="login", target_type="staff", target_id=staff.id,
                 details={})
    return actor_of(staff)


@cache
def _dummy_hash() -> str:
    from desktop.services.users import password_hasher

    return password_hasher().hash("not the password of anyone")


def sign_in(ctx: AppContext, username: str, password: str) -> Actor:
    """Signs in in a transaction of its own; a refusal is committed (audited, counted) before it is raised."""
    with ctx.db.session() as session:
        outcome = attempt_sign_in(ctx, session, username, password)
    if isinstance(outcome, PermissionDenied):
        raise outcome
    return outcome


def unlock(ctx: AppContext, session: Session, actor: Actor, username: str) -> None:
    """An administrator lifts a lock-out before it ends (audited)."""
    from desktop.services.users import get_by_username

    actor.require(Permission.MANAGE_USERS)
    staff = get_by_username(session, username)
    was = staff.locked_until
    staff.locked_until = None
    staff.failed_logins = 0
    staff.last_failed_at = None
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="user.unlock", target_type="staff",
                 target_id=staff.id, details={"username": username,
                                              "was_locked_until": was.isoformat() if was else None})
