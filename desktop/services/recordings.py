"""Sealed interview recordings as records: registered with the hash from their signed manifest, entered
into the audit chain, and shown only to roles entitled to them (every viewing audited)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Recording
from desktop.domain.errors import ValidationError
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.intake import matter_by_number
from desktop.services.permissions import Actor, Permission


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
    audit.record(session, at=ctx.now(), actor_id=actor.id if actor else None, action="recording.seal",
                 target_type="matter", target_id=matter.case_number,
                 details={"recording": row.id, "sha256": sha, "file": mp4.name, "recovered": row.recovered,
                          "duration_seconds": row.duration_seconds})
    return row


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
                       problems: list[str]) -> dict[str, object]:
    """Registers a recording a crash left unfinished, once ``recording`` has repaired and sealed it (the
    file work is the caller's), with its matter; audits what was found either way. Returns the entry."""
    import json

    from desktop.domain.errors import NotFound

    entry: dict[str, object] = {"path": str(path), "original": str(original), "ok": ok, "frames": frames,
                                "seconds": seconds, "problems": list(problems), "case_number": None}
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
