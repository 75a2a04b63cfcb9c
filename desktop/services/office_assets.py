"""The office's seal image and signing certificate, uploaded by the administrator.

Kept as files under ``data_dir()/office/`` (they are the office's, not any matter's, and a backup of
the data folder carries them). The PKCS#12 passphrase is stored encrypted with the field key, never
in clear. This service only stores and reads bytes: composing a self-signed certificate is the
caller's business (the CLI or the UI, which may use ``printing``)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from desktop import paths
from desktop.domain.errors import ValidationError
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, Permission

SEAL_FILE = "seal.png"
P12_FILE = "certificate.p12"
PASS_FILE = "certificate.pass"
PASS_CONTEXT = "office_certificate"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_SEAL_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Certificate:
    pkcs12: bytes
    passphrase: str


def office_dir() -> Path:
    path = paths.data_dir() / "office"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _write(path: Path, data: bytes, mode: int = 0o600) -> None:
    # Write beside, then rename: a crash never leaves half a certificate.
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def _audit(ctx: AppContext, session: Session, actor: Actor, action: str, **details: object) -> None:
    audit.record(session, at=ctx.now(), actor_id=actor.id, action=action, target_type="office",
                 target_id="assets", details=dict(details))


def set_seal_image(ctx: AppContext, session: Session, actor: Actor, png: bytes) -> str:
    """Stores the seal (PNG, transparent background expected); returns its SHA-256."""
    actor.require(Permission.MANAGE_SETTINGS)
    if not png.startswith(_PNG_MAGIC):
        raise ValidationError("not_png", field="seal")
    if len(png) > MAX_SEAL_BYTES:
        raise ValidationError("file_too_large", field="seal", limit=MAX_SEAL_BYTES)
    digest = hashlib.sha256(png).hexdigest()
    _write(office_dir() / SEAL_FILE, png, 0o644)
    _audit(ctx, session, actor, "office.seal_image", sha256=digest, size=len(png))
    return digest


def seal_image() -> bytes | None:
    path = office_dir() / SEAL_FILE
    return path.read_bytes() if path.is_file() else None


def set_certificate(ctx: AppContext, session: Session, actor: Actor, pkcs12: bytes, passphrase: str, *,
                    self_signed: bool = False) -> str:
    """Stores the PKCS#12 and its passphrase (encrypted); returns the file's SHA-256.

    The caller checks that the passphrase opens the file before handing it over.
    """
    actor.require(Permission.MANAGE_SETTINGS)
    if not pkcs12:
        raise ValidationError("required", field="pkcs12")
    digest = hashlib.sha256(pkcs12).hexdigest()
    _write(office_dir() / P12_FILE, pkcs12)
    _write(office_dir() / PASS_FILE, ctx.cipher.encrypt(passphrase, context=PASS_CONTEXT))
    _audit(ctx, session, actor, "office.certificate", sha256=digest, self_signed=self_signed)
    return digest


def certificate(ctx: AppContext) -> Certificate | None:
    """The office's certificate, or None when the administrator has not set one."""
    p12, pw = office_dir() / P12_FILE, office_dir() / PASS_FILE
    if not (p12.is_file() and pw.is_file()):
        return None
    return Certificate(p12.read_bytes(), ctx.cipher.decrypt(pw.read_bytes(), context=PASS_CONTEXT))


def remove_certificate(ctx: AppContext, session: Session, actor: Actor) -> bool:
    actor.require(Permission.MANAGE_SETTINGS)
    removed = False
    for name in (P12_FILE, PASS_FILE):
        path = office_dir() / name
        if path.exists():
            path.unlink()
            removed = True
    if removed:
        _audit(ctx, session, actor, "office.certificate_removed")
    return removed
