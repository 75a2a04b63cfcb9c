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
