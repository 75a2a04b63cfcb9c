"""Which keys a database belongs to. Keys are made only when an empty database is initialised
(``reception init`` or the first-start dialog); afterwards every start checks that each key file is there
and is the one whose fingerprint the database holds, before anything is read or written with it."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from desktop.db.models import AuditEntry, InstallationKey, Matter, Petitioner, Staff
from desktop.domain.errors import IntegrityFailure
from desktop.security.keyfile import KeyKind, KeyMismatch, KeyMissing, KeyStore, write_private


class NotInitialised(IntegrityFailure):
    """The database holds data but no key fingerprints (made before keys were registered): ``reception init``
    registers the key files that are there (it never makes new ones for such a database)."""

    code = "keys_not_registered"


def registered(session: Session) -> dict[str, str]:
    return {k.kind: k.fingerprint for k in session.scalars(select(InstallationKey))}


def holds_data(session: Session) -> bool:
    """Whether anything a key protects or vouches for is stored (defaults seeded by init do not count)."""
    return any(session.scalar(select(exists().select_from(t))) for t in (Staff, Petitioner, Matter, AuditEntry))


def check(session: Session, keys: KeyStore) -> bool:
    """Raises :class:`KeyMissing` / :class:`KeyMismatch` naming the key file; returns whether the database is
    initialised (False: an empty database waiting for ``init``)."""
    stored = registered(session)
    if not stored:
        if holds_data(session):
            raise NotInitialised(path=str(keys.directory))
        return False
    for kind in KeyKind:
        fingerprint = stored.get(kind.value)
        if fingerprint is None:
            raise NotInitialised(path=str(keys.path(kind)))
        try:
            matches = keys.fingerprint(kind) == fingerprint
        except KeyMissing:
            if not _rotation_left_it(keys, kind, fingerprint):
                raise
            continue
        if not matches and not _rotation_left_it(keys, kind, fingerprint):
            raise KeyMismatch(path=str(keys.path(kind)))
    return True


def _rotation_left_it(keys: KeyStore, kind: KeyKind, fingerprint: str) -> bool:
    """A key rotation that died after its commit left the new key as ``.next``: put it in place."""
    if kind != KeyKind.FIELD:
        return False
    from desktop.services.key_rotation import finish_interrupted

    return finish_interrupted(keys, fingerprint)


def initialise(session: Session, keys: KeyStore, *, now) -> list[KeyKind]:  # type: ignore[no-untyped-def]
    """Registers the installation's keys in the database; creates key files only for an empty database.

    - already registered: checks them (nothing new);
    - empty database: makes whatever key files are absent, then records every fingerprint;
    - a database with data but no fingerprints (made before this check existed): records the key files that
      are there, and refuses with :class:`KeyMissing` if the field or signing key is absent (a new key would
      open nothing); makes the audit key it never had and takes its intact old chain over (legacy_chain).
    """
    if registered(session):
        check(session, keys)
        return []
    made: list[KeyKind] = []
    legacy = holds_data(session)
    if legacy:
        for kind in (KeyKind.FIELD, KeyKind.SIGNING):
            if not keys.exists(kind):
                raise KeyMissing(path=str(keys.path(kind)))
        if not keys.exists(KeyKind.AUDIT):
            # The one key such a database never had: making it orphans nothing (its chain is re-keyed below).
            write_private(keys.audit_key_path, KeyStore.new_material(KeyKind.AUDIT))
            made.append(KeyKind.AUDIT)
    else:
        from desktop.services import audit_anchor

        anchored = audit_anchor.peek(keys)
        if anchored is not None and anchored > 0:
            # The key folder belongs to a database that had audit entries: this empty one replaced it.
            raise IntegrityFailure("database_replaced", path=str(keys.anchor_path), seq=anchored)
        made = keys.create_missing()
    for kind in KeyKind:
        session.add(InstallationKey(kind=kind.value, fingerprint=keys.fingerprint(kind), created_at=now))
    session.flush()
    if legacy:
        from desktop.services import legacy_chain

        legacy_chain.take_over(session, keys.audit_key())
    return made
