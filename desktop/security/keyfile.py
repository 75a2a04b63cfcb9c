"""The installation's secrets, kept in files outside the database and readable by their owner only.

- ``field.key``: 64 random bytes: the first 32 encrypt personal fields (AES-256-GCM), the last 32 key
  the blind index (HMAC-SHA256), so knowing index values never helps decrypt and vice versa.
- ``signing.key``: the Ed25519 key that signs recording manifests and document claims.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from desktop import paths
from desktop.domain.errors import IntegrityFailure

FIELD_KEY_BYTES = 64


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def _read_private(path: Path) -> bytes:
    mode = path.stat().st_mode
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        # A key others can read is no longer a secret; tighten rather than refuse to start.
        path.chmod(0o600)
    return path.read_bytes()


class KeyStore:
    """Loads (creating on first use) the installation's keys from one directory."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or paths.keys_dir()

    @property
    def field_key_path(self) -> Path:
        return self.directory / "field.key"

    @property
    def signing_key_path(self) -> Path:
        return self.directory / "signing.key"

    def field_key(self, *, create: bool = True) -> bytes:
        path = self.field_key_path
        if not path.exists():
            if not create:
                raise IntegrityFailure("key_missing", path=str(path))
            _write_private(path, secrets.token_bytes(FIELD_KEY_BYTES))
        data = _read_private(path)
        if len(data) != FIELD_KEY_BYTES:
            raise IntegrityFailure("key_corrupt", path=str(path))
        return data

    def signing_key(self) -> Ed25519PrivateKey:
        path = self.signing_key_path
        if not path.exists():
            key = Ed25519PrivateKey.generate()
            pem = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            _write_private(path, pem)
        loaded = serialization.load_pem_private_key(_read_private(path), password=None)
        if not isinstance(loaded, Ed25519PrivateKey):
            raise IntegrityFailure("key_corrupt", path=str(path))
        return loaded

    def verify_key(self) -> Ed25519PublicKey:
        return self.signing_key().public_key()

    def public_key_pem(self) -> str:
        return self.verify_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()
