"""The office's keys: present in this desk's key folder and the ones the database was written with."""

from __future__ import annotations

from pathlib import Path

from desktop.domain.errors import DomainError
from desktop.selfcheck.result import CheckResult, Status


def check_keys(url: str, key_folder: Path) -> CheckResult:
    from sqlalchemy import select

    from desktop.db.database import Database
    from desktop.db.models import Petitioner
    from desktop.security.fields import FieldCipher
    from desktop.security.keyfile import KeyStore
    from desktop.services.petitioners import ID_CONTEXT

    keys = KeyStore(key_folder)
    try:
        cipher = FieldCipher(keys.field_key(create=False))
    except DomainError as error:
        return CheckResult("keys", Status.FAIL, "doctor_keys_missing",
                           {"path": error.details.get("path", str(key_folder))}, True)
    if not keys.signing_key_path.exists():
        return CheckResult("keys", Status.FAIL, "doctor_keys_missing", {"path": str(keys.signing_key_path)}, True)
    db = Database.open(url, migrate=False)
    try:
        with db.read() as session:
            sample = session.scalars(select(Petitioner.id_cipher).where(Petitioner.id_cipher.is_not(None))
                                     .limit(1)).first()
    finally:
        db.dispose()
    if sample is not None:
        try:
            cipher.decrypt(sample, context=ID_CONTEXT)
        except DomainError:
            return CheckResult("keys", Status.FAIL, "doctor_keys_wrong", {"path": str(key_folder)}, True)
    return CheckResult("keys", Status.OK, "doctor_keys_ok", {"path": str(key_folder)}, True)
