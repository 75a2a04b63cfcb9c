"""The office's keys: present in this desk's key folder and the ones whose fingerprints the database holds."""

from __future__ import annotations

from pathlib import Path

from desktop.domain.errors import DomainError
from desktop.selfcheck.result import CheckResult, Status


def check_keys(url: str, key_folder: Path) -> CheckResult:
    from desktop.db.database import Database
    from desktop.security.keyfile import KeyMismatch, KeyMissing, KeyStore
    from desktop.services import installation

    keys = KeyStore(key_folder)
    db = Database.open(url, migrate=False)
    try:
        with db.read() as session:
            initialised = installation.check(session, keys)
    except KeyMissing as error:
        return CheckResult("keys", Status.FAIL, "doctor_keys_missing", {"path": error.details.get("path")}, True)
    except KeyMismatch as error:
        return CheckResult("keys", Status.FAIL, "doctor_keys_wrong", {"path": error.details.get("path")}, True)
    except DomainError as error:
        return CheckResult("keys", Status.FAIL, "doctor_keys_unregistered",
                           {"path": error.details.get("path", str(key_folder))}, True)
    finally:
        db.dispose()
    if not initialised:
        return CheckResult("keys", Status.FAIL, "doctor_keys_unregistered", {"path": str(key_folder)}, True)
    return CheckResult("keys", Status.OK, "doctor_keys_ok", {"path": str(key_folder)}, True)


def check_backup(url: str, key_folder: Path) -> CheckResult:
    """The last good automatic backup's age, against the setting that warns about it."""
    from desktop.security.keyfile import KeyStore
    from desktop.services import backup_schedule
    from desktop.services.context import AppContext

    ctx = AppContext.open(url, keys=KeyStore(key_folder), migrate=False)
    try:
        with ctx.db.read() as session:
            state = backup_schedule.status(ctx, session)
            limit = ctx.rules(session).warn_after_days
    finally:
        ctx.close()
    if not state.folder:
        return CheckResult("backup", Status.WARN, "doctor_backup_none")
    if state.age is None:
        return CheckResult("backup", Status.WARN, "doctor_backup_never", {"folder": state.folder})
    hours = int(state.age.total_seconds() // 3600)
    details = {"days": hours // 24, "hours": hours % 24, "folder": state.folder, "limit": limit}
    return CheckResult("backup", Status.WARN if state.warn else Status.OK,
                       "doctor_backup_old" if state.warn else "doctor_backup_ok", details)
