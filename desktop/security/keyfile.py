"""The installation's secrets, kept in files outside the database and readable by their owner only.

- ``field.key``: 64 random bytes: the first 32 encrypt personal fields (AES-256-GCM), the last 32 key
  the blind index (HMAC-SHA256), so knowing index values never helps decrypt and vice versa.
- ``signing.key``: the Ed25519 key that signs recording manifests and document claims.
- ``audit.key``: 32 random bytes keying the audit chain (HMAC-SHA256), so the chain cannot be forged or
  recomputed from the database alone.

A key is created only by :meth:`KeyStore.create_missing`, which the installation's initialisation calls on
an empty database. Loading never creates: a missing key raises :class:`KeyMissing`, since a new key would
silently orphan everything the old one protected (duplicate petitioners, an unverifiable chain).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from enum import StrEnum
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from desktop import paths
from desktop.domain.errors import IntegrityFailure

FIELD_KEY_BYTES = 64
AUDIT_KEY_BYTES = 32


class KeyKind(StrEnum):
    FIELD = "field"
    SIGNING = "signing"
    AUDIT = "audit"


class KeyMissing(IntegrityFailure):
    """A key file the database depends on is not there; ``details['path']`` names it. Restore the keys
    folder from a backup (``reception restore``); a new key would not open the old data."""

    code = "key_missing"


class KeyMismatch(IntegrityFailure):
    """The key file is not the one this database was initialised with (its fingerprint differs)."""

    code = "key_mismatch"


def write_private(path: Path, data: bytes, *, replace: bool = False) -> None:
    """Writes an owner-only file (0600) in an owner-only folder (0700); atomically when replacing."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not replace:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _read_private(path: Path) -> bytes:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise KeyMissing(path=str(path)) from None
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        # A key others can read is no longer a secret; tighten rather than refuse to start.
        path.chmod(0o600)
    return path.read_bytes()


def fingerprint_of(material: bytes) -> str:
    """A public name for a secret: SHA-256 over a fixed prefix and the key bytes (not reversible)."""
    return hashlib.sha256(b"reception-room key fingerprint\x00" + material).hexdigest()


class KeyStore:
    """Loads the installation's keys from one directory; creates them only when told to."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or paths.keys_dir()

    def path(self, kind: KeyKind) -> Path:
        return self.directory / f"{kind.value}.key"

    @property
    def field_key_path(self) -> Path:
        return self.path(KeyKind.FIELD)

    @property
    def signing_key_path(self) -> Path:
        return self.path(KeyKind.SIGNING)

    @property
    def audit_key_path(self) -> Path:
        return self.path(KeyKind.AUDIT)

    @property
    def anchor_path(self) -> Path:
        """The audit chain's anchor (latest sequence number and hash, keyed), beside the keys."""
        return self.directory / "audit.anchor"

    def exists(self, kind: KeyKind) -> bool:
        return self.path(kind).exists()

    def material(self, kind: KeyKind) -> bytes:
        """The key file's bytes, checked for shape. Raises :class:`KeyMissing` if absent."""
        path = self.path(kind)
        data = _read_private(path)
        if kind == KeyKind.FIELD and len(data) != FIELD_KEY_BYTES:
            raise IntegrityFailure("key_corrupt", path=str(path))
        if kind == KeyKind.AUDIT and len(data) != AUDIT_KEY_BYTES:
            raise IntegrityFailure("key_corrupt", path=str(path))
        if kind == KeyKind.SIGNING:
            self._load_signing(data, path)
        return data

    def fingerprint(self, kind: KeyKind) -> str:
        return fingerprint_of(self.material(kind))

    def field_key(self) -> bytes:
        return self.material(KeyKind.FIELD)

    def audit_key(self) -> bytes:
        return self.material(KeyKind.AUDIT)

    def signing_key(self) -> Ed25519PrivateKey:
        path = self.signing_key_path
        return self._load_signing(_read_private(path), path)

    @staticmethod
    def _load_signing(data: bytes, path: Path) -> Ed25519PrivateKey:
        try:
            loaded = serialization.load_pem_private_key(data, password=None)
        except ValueError:
            raise IntegrityFailure("key_corrupt", path=str(path)) from None
        if not isinstance(loaded, Ed25519PrivateKey):
            raise IntegrityFailure("key_corrupt", path=str(path))
        return loaded

    def verify_key(self) -> Ed25519PublicKey:
        return self.signing_key().public_key()

    def public_key_pem(self) -> str:
        return self.verify_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()

    def create_missing(self) -> list[KeyKind]:
        """Creates every key kind whose file is absent (never overwrites one); returns the kinds made.
        Only the installation's initialisation of an empty database may call this."""
        made = []
        for kind in KeyKind:
            if self.exists(kind):
                continue
            write_private(self.path(kind), self.new_material(kind))
            made.append(kind)
        return made

    @staticmethod
    def new_material(kind: KeyKind) -> bytes:
        if kind == KeyKind.FIELD:
            return secrets.token_bytes(FIELD_KEY_BYTES)
        if kind == KeyKind.AUDIT:
            return secrets.token_bytes(AUDIT_KEY_BYTES)
        return Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
