"""Encryption of personal fields at rest and the keyed hash (blind index) that finds them."""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.domain.errors import IntegrityFailure

_VERSION = b"\x01"


class FieldCipher:
    def __init__(self, key_material: bytes) -> None:
        if len(key_material) != 64:
            raise ValueError("field key must be 64 bytes")
        self._aead = AESGCM(key_material[:32])
        self._index_key = key_material[32:]

    def encrypt(self, plaintext: str, *, context: str) -> bytes:
        """``context`` (e.g. "id_number") is bound as associated data so a ciphertext cannot be moved
        from one column to another unnoticed."""
        nonce = os.urandom(12)
        return _VERSION + nonce + self._aead.encrypt(nonce, plaintext.encode(), context.encode())

    def decrypt(self, blob: bytes, *, context: str) -> str:
        if not blob or blob[:1] != _VERSION:
            raise IntegrityFailure("cipher_version", context=context)
        try:
            return self._aead.decrypt(blob[1:13], blob[13:], context.encode()).decode()
        except InvalidTag as exc:
            raise IntegrityFailure("cipher_tampered", context=context) from exc

    def blind_index(self, value: str, *, context: str) -> str:
        normalised = value.strip().upper()
        mac = hmac.new(self._index_key, f"{context}:{normalised}".encode(), hashlib.sha256)
        return mac.hexdigest()[:40]
