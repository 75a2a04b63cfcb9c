"""The encrypted container of a backup: a passphrase-derived key (scrypt) and AES-256-GCM over 1 MiB
chunks, each with its own nonce (a random prefix, the chunk's number and a last-chunk flag), so a reordered,
dropped, truncated or altered chunk is detected, and gigabytes of recordings never sit in memory at once.

Layout: header (magic, salt, scrypt cost, nonce prefix, key check) then chunks, each a 4-byte length and
the ciphertext. The header is the associated data of every chunk."""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from desktop.domain.errors import IntegrityFailure, ValidationError

MAGIC = b"RRBACKUP\x01"
CHUNK = 1 << 20
_SCRYPT_LOG2_N, _SCRYPT_R, _SCRYPT_P = 15, 8, 1  # about 32 MiB and a tenth of a second
_HEADER = struct.Struct(">9s16sBBB7s32s")
_LEN = struct.Struct(">I")
MIN_PASSPHRASE = 8


def _keys(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> tuple[bytes, bytes]:
    if log2_n > 20 or r > 16 or p > 4:  # a forged header must not make us allocate gigabytes
        raise IntegrityFailure("backup_damaged", what="header")
    material = Scrypt(salt=salt, length=64, n=1 << log2_n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return material[:32], material[32:]


def _check_value(check_key: bytes, salt: bytes) -> bytes:
    return hmac.new(check_key, b"reception-backup-key-check" + salt, hashlib.sha256).digest()


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", counter, 1 if last else 0)


def check_passphrase(passphrase: str | None) -> str:
    if passphrase is None or not passphrase.strip():
        raise ValidationError("backup_passphrase_required", field="passphrase")
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValidationError("backup_passphrase_weak", field="passphrase", minimum=MIN_PASSPHRASE)
    return passphrase


class EncryptingWriter:
    """A write-only file object: what is written comes out encrypted in ``sink``; ``close`` seals it."""

    def __init__(self, sink: BinaryIO, passphrase: str) -> None:
        salt, prefix = os.urandom(16), os.urandom(7)
        key, check_key = _keys(passphrase, salt, _SCRYPT_LOG2_N, _SCRYPT_R, _SCRYPT_P)
        self._header = _HEADER.pack(MAGIC, salt, _SCRYPT_LOG2_N, _SCRYPT_R, _SCRYPT_P, prefix,
                                    _check_value(check_key, salt))
        self._aead, self._prefix, self._sink = AESGCM(key), prefix, sink
        self._buffer = bytearray()
        self._counter = 0
        self._closed = False
        sink.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:  # keep at least one byte back: the last chunk is flagged as such
            self._emit(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes, *, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._prefix, self._counter, last), plain, self._header)
        self._sink.write(_LEN.pack(len(sealed)) + sealed)
        self._counter += 1

    def close(self) -> None:
        if not self._closed:
            self._emit(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True


class DecryptingReader:
    """A read-only file object over an encrypted backup. A wrong passphrase is told apart from damage by the
    header's key check; any altered, missing or extra chunk raises ``backup_damaged``."""

    def __init__(self, source: BinaryIO, passphrase: str) -> None:
        header = source.read(_HEADER.size)
        if len(header) < _HEADER.size or not header.startswith(MAGIC):
            raise ValidationError("backup_not_a_backup", field="file")
        _, salt, log2_n, r, p, prefix, check = _HEADER.unpack(header)
        key, check_key = _keys(passphrase, salt, log2_n, r, p)
        if not hmac.compare_digest(check, _check_value(check_key, salt)):
            raise ValidationError("backup_wrong_passphrase", field="passphrase")
        self._aead, self._prefix, self._header, self._source = AESGCM(key), prefix, header, source
        self._counter = 0
        self._plain = b""
        self._offset = 0
        self._done = False

    def _next_chunk(self) -> None:
        raw_len = self._source.read(_LEN.size)
        if len(raw_len) < _LEN.size:
            raise IntegrityFailure("backup_damaged", what="truncated")
        (length,) = _LEN.unpack(raw_len)
        if length > CHUNK + 16:
            raise IntegrityFailure("backup_damaged", what=f"chunk {self._counter}")
        sealed = self._source.read(length)
        if len(sealed) < length:
            raise IntegrityFailure("backup_damaged", what="truncated")
        for last in (False, True):
            try:
                plain = self._aead.decrypt(_nonce(self._prefix, self._counter, last), sealed, self._header)
            except InvalidTag:
                continue
            self._counter += 1
            self._plain, self._offset = plain, 0
            if last:
                if self._source.read(1):
                    raise IntegrityFailure("backup_damaged", what="data after the end")
                self._done = True
            return
        raise IntegrityFailure("backup_damaged", what=f"chunk {self._counter}")

    def read(self, size: int = -1) -> bytes:
        out = bytearray()
        while size < 0 or len(out) < size:
            if self._offset >= len(self._plain):
                if self._done:
                    break
                self._next_chunk()
                continue
            take = len(self._plain) - self._offset if size < 0 else min(size - len(out), len(self._plain) - self._offset)
            out += self._plain[self._offset:self._offset + take]
            self._offset += take
        return bytes(out)

    @property
    def finished(self) -> bool:
        return self._done and self._offset >= len(self._plain)
