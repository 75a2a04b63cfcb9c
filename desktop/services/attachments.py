"""Evidence files kept by content hash: stored once, named by their SHA-256, never overwritten."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop import paths
from desktop.db.models import Attachment
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.permissions import Actor


def blob_path(sha256: str, root: Path | None = None) -> Path:
    base = root or paths.attachments_dir()
    return base / sha256[:2] / sha256


def store_file(source: Path, root: Path | None = None) -> tuple[str, int]:
    digest = hashlib.sha256()
    with open(source, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    sha = digest.hexdigest()
    target = blob_path(sha, root)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".part")
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)  # atomic: a half-copied file never carries the final name
        target.chmod(0o444)
    return sha, target.stat().st_size


def attach(ctx: AppContext, session: Session, actor: Actor, matter_id: int, case_number: str,
           source: Path, description: str = "") -> Attachment:
    sha, size = store_file(source)
    existing = session.scalar(select(Attachment).where(Attachment.matter_id == matter_id, Attachment.sha256 == sha))
    if existing is not None:
        return existing
    row = Attachment(matter_id=matter_id, sha256=sha, filename=Path(source).name, size=size, added_at=ctx.now(),
                     added_by_id=actor.id, description=description.strip())
    session.add(row)
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="matter.attach", target_type="matter",
                 target_id=case_number, details={"sha256": sha, "filename": row.filename, "size": size})
    return row


def verify_blobs(session: Session, root: Path | None = None) -> list[tuple[str, str]]:
    """(sha256, problem) for every attachment whose stored file is missing or no longer matches."""
    problems = []
    for sha in sorted(set(session.scalars(select(Attachment.sha256)))):
        path = blob_path(sha, root)
        if not path.exists():
            problems.append((sha, "missing"))
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != sha:
            problems.append((sha, "altered"))
    return problems
