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
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

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


def manifest_path_for(mp4: str | Path) -> Path:
    p = Path(mp4)
    return p.with_name(p.name + ".manifest.json")


def journal_path_for(mp4: str | Path) -> Path:
    p = Path(mp4)
    return p.with_name(p.name + ".journal.jsonl")


def public_key_hex(key: Ed25519PublicKey) -> str:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


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


def write_manifest(mp4: str | Path, manifest: dict[str, Any]) -> Path:
    """Write the (signed) manifest beside ``mp4`` and make both read-only: the sealed master."""
    path = manifest_path_for(mp4)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)
    make_read_only(path)
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

    def as_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "ok": self.ok, "problems": [str(p) for p in self.problems],
                "details": self.details}


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
    mpath = manifest_path_for(mp4)
    if not mpath.is_file():
        res.problems.append(Problem.MANIFEST_MISSING)
        return res
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
        assert isinstance(manifest, dict)
    except (ValueError, AssertionError, OSError):
        res.problems.append(Problem.MANIFEST_UNREADABLE)
        return res
    res.manifest = manifest
    if (p := verify_signature(manifest, public_key)) is not None:
        res.problems.append(p)
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
