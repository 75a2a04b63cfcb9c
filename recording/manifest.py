"""The seal: a manifest JSON beside the recording, signed with the installation's Ed25519 key,
and its verification.

The signature covers the canonical JSON (sorted keys, no spaces, UTF-8) of every field except
``signature`` itself, so the manifest stays readable and editable-looking yet any change to it,
or to the file whose SHA-256 it carries, is detected.
"""

from __future__ import annotations

import base64
import json
import os
import stat
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_public_key

from recording.hashing import BLOCK, hash_file

MANIFEST_FORMAT = "reception-room/recording-manifest/1"


class RecordingStatus(StrEnum):
    NORMAL = "normal"
    RECOVERED = "recovered_after_interruption"


class Problem(StrEnum):
    MISSING = "missing"  # the recording file is not there
    MANIFEST_MISSING = "manifest_missing"  # no manifest beside it: unsealed
    MANIFEST_UNREADABLE = "manifest_unreadable"
    UNSIGNED = "unsigned"  # manifest without a signature
    BAD_SIGNATURE = "bad_signature"  # manifest changed, or signed by another key
    ALTERED = "altered"  # file bytes differ from the sealed hash
    WRONG_FILE = "wrong_file"  # the manifest names another recording (a file copied under this name)
    EMPTY = "empty"  # sealed with no picture at all (a crash before the first fragment)


def manifest_path_for(mp4: str | Path) -> Path:
    p = Path(mp4)
    return p.with_name(p.name + ".manifest.json")


def signature_path_for(mp4: str | Path) -> Path:
    """The detached Ed25519 signature of the manifest file's exact bytes (checkable with openssl)."""
    p = Path(mp4)
    return p.with_name(p.name + ".manifest.sig")


EXPORTED_MANIFEST = "manifest.json"  # the names in an export package (``recording.export``)
EXPORTED_SIGNATURE = "manifest.sig"


def find_manifest(mp4: str | Path) -> tuple[Path, Path]:
    """(manifest, detached signature) for ``mp4``: beside it, or as an export package's files."""
    p = Path(mp4)
    own = manifest_path_for(p)
    if not own.is_file() and (p.parent / EXPORTED_MANIFEST).is_file():
        return p.parent / EXPORTED_MANIFEST, p.parent / EXPORTED_SIGNATURE
    return own, signature_path_for(p)


def journal_path_for(mp4: str | Path) -> Path:
    p = Path(mp4)
    return p.with_name(p.name + ".journal.jsonl")


def public_key_hex(key: Ed25519PublicKey) -> str:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def public_key_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)


def fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 of the key's DER form in hex: what ``openssl pkey -pubin -in office.pem -outform DER |
    sha256sum`` prints, and what the office publishes so that a copy of its key can be trusted."""
    digest = hashes.Hash(hashes.SHA256())
    digest.update(key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo))
    return digest.finalize().hex()


def load_public_key(path: str | Path) -> Ed25519PublicKey:
    """An Ed25519 public key from a PEM file (``ValueError`` if it is not one)."""
    key = load_pem_public_key(Path(path).read_bytes())
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def canonical_bytes(manifest: dict[str, Any]) -> bytes:
    body = {k: v for k, v in manifest.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign_manifest(manifest: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    signed = {k: v for k, v in manifest.items() if k != "signature"}
    signed["public_key"] = public_key_hex(key.public_key())
    signed["format"] = MANIFEST_FORMAT
    signed["signature"] = {"algorithm": "Ed25519",
                           "value": base64.b64encode(key.sign(canonical_bytes(signed))).decode("ascii")}
    return signed


def make_read_only(path: str | Path) -> None:
    mode = os.stat(path).st_mode
    os.chmod(path, mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _write_synced(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    if path.exists():
        path.chmod(0o644)
    os.replace(tmp, path)
    make_read_only(path)


def write_manifest(mp4: str | Path, manifest: dict[str, Any], key: Ed25519PrivateKey | None = None) -> Path:
    """Write the (signed) manifest beside ``mp4`` and make both read-only: the sealed master. With
    ``key``, the manifest file's exact bytes are also signed into ``NAME.mp4.manifest.sig``."""
    path = manifest_path_for(mp4)
    data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    _write_synced(path, data)
    if key is not None:
        _write_synced(signature_path_for(mp4), key.sign(data))
    make_read_only(mp4)
    return path


def read_manifest(mp4: str | Path) -> dict[str, Any]:
    return json.loads(manifest_path_for(mp4).read_text(encoding="utf-8"))


@dataclass
class VerificationResult:
    path: Path
    ok: bool
    problems: list[Problem] = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # plain facts, e.g. the altered byte range
    manifest: dict[str, Any] | None = None

    @property
    def test_signal(self) -> bool:
        """Recorded from synthetic or file sources: 测试信号，非证据."""
        return bool((self.manifest or {}).get("test_signal"))

    def as_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "ok": self.ok, "problems": [str(p) for p in self.problems],
                "details": self.details, "test_signal": self.test_signal}


def verify_signature(manifest: dict[str, Any], key: Ed25519PublicKey) -> Problem | None:
    sig = manifest.get("signature")
    if not isinstance(sig, dict) or not sig.get("value"):
        return Problem.UNSIGNED
    try:
        key.verify(base64.b64decode(sig["value"]), canonical_bytes(manifest))
    except (InvalidSignature, ValueError):
        return Problem.BAD_SIGNATURE
    return None


def verify_recording(mp4_path: str | Path, public_key: Ed25519PublicKey) -> VerificationResult:
    """Check one recording against the manifest beside it: present, signed by ``public_key``,
    and byte for byte the file that was sealed. Every problem found is listed."""
    mp4 = Path(mp4_path)
    res = VerificationResult(mp4, ok=False)
    if not mp4.is_file():
        res.problems.append(Problem.MISSING)
    mpath, sigpath = find_manifest(mp4)
    if not mpath.is_file():
        res.problems.append(Problem.MANIFEST_MISSING)
        return res
    try:
        raw = mpath.read_bytes()
        manifest = json.loads(raw.decode("utf-8"))
        assert isinstance(manifest, dict)
    except (ValueError, AssertionError, OSError):
        res.problems.append(Problem.MANIFEST_UNREADABLE)
        return res
    res.manifest = manifest
    p = verify_signature(manifest, public_key)
    if p is None and sigpath.is_file():  # the detached signature must hold too
        try:
            public_key.verify(sigpath.read_bytes(), raw)
        except (InvalidSignature, OSError):
            p = Problem.BAD_SIGNATURE
    if p is not None:
        res.problems.append(p)
    if manifest.get("recording") != mp4.name:
        res.problems.append(Problem.WRONG_FILE)
        res.details.append(f"manifest is for {manifest.get('recording')!r}")
    if not (manifest.get("frames") or {}).get("written"):
        res.problems.append(Problem.EMPTY)
    if mp4.is_file():
        sealed = manifest.get("file", {})
        sha, size, blocks = hash_file(mp4, int(sealed.get("block_size", BLOCK)))
        if sha != sealed.get("sha256") or size != sealed.get("size"):
            res.problems.append(Problem.ALTERED)
            if size != sealed.get("size"):
                res.details.append(f"size {size} != sealed {sealed.get('size')}")
            want = sealed.get("block_sha256") or []
            bs = int(sealed.get("block_size", BLOCK))
            for i, (got, exp) in enumerate(zip(blocks, want, strict=False)):
                if got != exp:
                    res.details.append(f"bytes {i * bs}-{min(size, (i + 1) * bs) - 1} differ")
    res.ok = not res.problems
    return res
