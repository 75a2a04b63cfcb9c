"""Sealed interview recordings as records: registered with the hash from their signed manifest, entered
into the audit chain, and shown only to roles entitled to them (every viewing audited).

The hash entered in the audit chain at sealing is what a recording is later checked against: the row's
own ``sha256`` could be updated together with a re-signed manifest, the chain entry cannot without
breaking the chain."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop import paths
from desktop.db.models import AuditEntry, Matter, Recording, Setting
from desktop.domain.errors import IntegrityFailure, ValidationError
from desktop.security.keyfile import KeyStore
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.intake import matter_by_number
from desktop.services.permissions import Actor, Permission

SEAL_ACTION = "recording.seal"
TIME_ZONE_SETTING = "office.time_zone"
DEFAULT_TIME_ZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class SealedRecording:
    """A registered recording as the checks and screens see it."""

    id: int
    case_number: str
    path: Path
    sha256: str  # as stored with the row
    sealed_sha256: str | None  # as entered in the audit chain at sealing (None: no entry)
    test_signal: bool


@dataclass(frozen=True)
class MatterRecordings:
    """What the interview step needs: how many sealed recordings, and how many of them are evidence."""

    sealed: int
    evidence: int  # not from a test signal (synthetic or file sources)


@dataclass(frozen=True)
class RecorderProfile:
    """What a recording at this office burns into its picture and writes into its manifest."""

    office: str  # the office's display name
    time_zone: str  # IANA name: the overlay's clock and the manifest's times


def recorder_profile(session: Session) -> RecorderProfile:
    from desktop.services.office import load_profile

    stored = session.get(Setting, TIME_ZONE_SETTING)
    return RecorderProfile(load_profile(session).display_name, stored.value if stored else DEFAULT_TIME_ZONE)


def office_key_fingerprint(keys: KeyStore) -> str | None:
    """The office's public-key fingerprint to publish (None while the installation has no key)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    if not keys.signing_key_path.exists():
        return None
    # The same figure as recording.manifest.fingerprint: SHA-256 of the key's DER form.
    digest = hashes.Hash(hashes.SHA256())
    digest.update(keys.verify_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo))
    return digest.finalize().hex()


def in_progress_dir() -> Path:
    """Where every recording in progress is registered, wherever its file is, so recovery finds it."""
    return paths.data_dir() / "recordings-in-progress"


def _existing_signing_key(keys: KeyStore) -> None:
    if not keys.signing_key_path.exists():  # never a new key: that would make every seal unverifiable
        raise IntegrityFailure("signing_key_missing", path=str(keys.signing_key_path))


def office_public_key(keys: KeyStore) -> Ed25519PublicKey:
    """The office's verification key; a missing key file is an error, never a reason to make a new one."""
    _existing_signing_key(keys)
    return keys.verify_key()


def office_signing_key(keys: KeyStore) -> Ed25519PrivateKey:
    _existing_signing_key(keys)
    return keys.signing_key()


def register_sealed(ctx: AppContext, session: Session, actor: Actor | None, case_number: str, mp4: Path,
                    manifest_path: Path, manifest: dict[str, Any]) -> Recording:
    """Called once a recording is sealed (or recovered and sealed); the manifest's SHA-256 joins the chain."""
    matter = matter_by_number(session, case_number)
    sha = (manifest.get("file") or {}).get("sha256")
    if not sha:
        raise ValidationError("manifest_invalid", field="manifest", path=str(manifest_path))
    row = Recording(matter_id=matter.id, path=str(mp4), manifest_path=str(manifest_path), sha256=sha,
                    duration_seconds=float(manifest.get("duration_seconds") or 0.0),
                    recovered=manifest.get("status") == "recovered_after_interruption", sealed_at=ctx.now(),
                    manifest={k: v for k, v in manifest.items() if k not in ("file",)})
    session.add(row)
    session.flush()
    audit.record(session, at=ctx.now(), actor_id=actor.id if actor else None, action=SEAL_ACTION,
                 target_type="matter", target_id=matter.case_number,
                 details={"recording": row.id, "sha256": sha, "file": mp4.name, "recovered": row.recovered,
                          "duration_seconds": row.duration_seconds,
                          "test_signal": bool(manifest.get("test_signal"))})
    return row


def _sealed_hashes(session: Session) -> dict[int, str]:
    """Recording id → the SHA-256 the audit chain recorded when it was sealed (the first entry counts)."""
    found: dict[int, str] = {}
    for details in session.scalars(select(AuditEntry.details).where(AuditEntry.action == SEAL_ACTION)
                                   .order_by(AuditEntry.seq)):
        rid, sha = (details or {}).get("recording"), (details or {}).get("sha256")
        if isinstance(rid, int) and isinstance(sha, str):
            found.setdefault(rid, sha)
    return found


def _view(row: Recording, case_number: str, hashes: dict[int, str]) -> SealedRecording:
    return SealedRecording(row.id, case_number, Path(row.path), row.sha256, hashes.get(row.id),
                           bool((row.manifest or {}).get("test_signal")))


def all_sealed(session: Session) -> list[SealedRecording]:
    hashes = _sealed_hashes(session)
    rows = session.execute(select(Recording, Matter.case_number).join(Matter, Matter.id == Recording.matter_id)
                           .order_by(Recording.id))
    return [_view(row, case, hashes) for row, case in rows]


def find_by_file(session: Session, mp4: Path) -> SealedRecording | None:
    """The registered recording this file claims to be: same path, else same file name (an exported copy)."""
    found = all_sealed(session)
    for rec in found:
        if rec.path == mp4 or rec.path.resolve() == mp4.resolve():
            return rec
    return next((rec for rec in found if rec.path.name == mp4.name), None)


def for_interview(session: Session, case_number: str) -> MatterRecordings:
    rows = list(session.scalars(select(Recording).join(Matter, Matter.id == Recording.matter_id)
                                .where(Matter.case_number == case_number)))
    evidence = sum(1 for r in rows if not (r.manifest or {}).get("test_signal"))
    return MatterRecordings(len(rows), evidence)


def list_for_matter(session: Session, actor: Actor, case_number: str) -> list[Recording]:
    actor.require(Permission.VIEW_RECORDINGS)
    matter = matter_by_number(session, case_number)
    return list(session.scalars(select(Recording).where(Recording.matter_id == matter.id).order_by(Recording.id)))


def log_viewing(ctx: AppContext, session: Session, actor: Actor, recording_id: int, seconds_watched: float) -> None:
    """Who watched which recording, when and for how long."""
    actor.require(Permission.VIEW_RECORDINGS)
    rec = session.get(Recording, recording_id)
    if rec is None:
        raise ValidationError("not_found", field="recording", what=recording_id)
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="recording.view", target_type="recording",
                 target_id=rec.id, details={"seconds": round(seconds_watched, 1), "sha256": rec.sha256})


def log_export(ctx: AppContext, session: Session, actor: Actor, recording_id: int, out_dir: Path) -> None:
    actor.require(Permission.VIEW_RECORDINGS)
    rec = session.get(Recording, recording_id)
    if rec is None:
        raise ValidationError("not_found", field="recording", what=recording_id)
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="recording.export", target_type="recording",
                 target_id=rec.id, details={"out": str(out_dir), "sha256": rec.sha256})


def register_recovered(ctx: AppContext, session: Session, *, path: Path, original: Path,
                       manifest_path: Path | None, ok: bool, frames: int, seconds: float,
                       problems: list[str], empty: bool = False, torn_end: bool = False) -> dict[str, object]:
    """Registers a recording a crash left unfinished, once ``recording`` has repaired and sealed it (the
    file work is the caller's), with its matter; audits what was found either way. Returns the entry."""
    import json

    from desktop.domain.errors import NotFound

    entry: dict[str, object] = {"path": str(path), "original": str(original), "ok": ok, "empty": empty,
                                "torn_end": torn_end, "frames": frames, "seconds": seconds,
                                "problems": list(problems), "case_number": None}
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path is not None else {}
    case = manifest.get("case_number") or ""
    entry["case_number"] = case
    registered = False
    if ok and case:
        try:
            register_sealed(ctx, session, None, case, path, manifest_path or Path(""), manifest)
            registered = True
        except NotFound:
            registered = False
    audit.record(session, at=ctx.now(), actor_id=None, action="recording.recovered",
                 target_type="matter" if case else "recording", target_id=case or path.name,
                 details={**entry, "registered": registered})
    return entry
