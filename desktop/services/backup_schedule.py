"""Automatic daily backups: into the folder the settings name (``backup.folder``), keeping the newest
``backup.keep``, with the passphrase an administrator chose once (kept owner-only in the keys folder, so
an unattended backup needs no one at the keyboard). The age of the last good backup is shown in the window,
with a warning past ``backup.warn_after_days``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.db.models import Setting
from desktop.domain.errors import ValidationError
from desktop.services import audit
from desktop.services.backup import create_backup
from desktop.services.backup_stream import check_passphrase
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, Permission

FOLDER_KEY = "backup.folder"
PASSPHRASE_FILE = "backup.passphrase"
PREFIX, SUFFIX = "reception-", ".rrbk"
EVERY = timedelta(days=1)


@dataclass(frozen=True)
class BackupStatus:
    folder: str  # "" when automatic backups are not set up
    last_good: datetime | None
    age: timedelta | None
    warn: bool  # no good backup, or the last one older than the setting


def _folder(session: Session) -> str:
    row = session.get(Setting, FOLDER_KEY)
    return row.value if row else ""


def _backups(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob(f"{PREFIX}*{SUFFIX}") if p.is_file()), key=lambda p: p.stat().st_mtime)


def status(ctx: AppContext, session: Session) -> BackupStatus:
    folder = _folder(session)
    found = _backups(Path(folder)) if folder else []
    last = datetime.fromtimestamp(found[-1].stat().st_mtime, UTC) if found else None
    age = ctx.now() - last if last else None
    limit = timedelta(days=ctx.rules(session).warn_after_days)
    return BackupStatus(folder, last, age, age is None or age > limit)


def configure(ctx: AppContext, session: Session, actor: Actor, folder: Path, passphrase: str,
              keep: int | None = None) -> None:
    """An administrator sets the folder (and how many to keep) and the passphrase of automatic backups."""
    from desktop.services.settings_service import set_setting

    actor.require(Permission.BACKUP)
    check_passphrase(passphrase)
    folder = Path(folder).expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not os.access(folder, os.W_OK):
        raise ValidationError("folder_read_only", field="folder", path=str(folder))
    row = session.get(Setting, FOLDER_KEY)
    old = row.value if row else None
    if row is None:
        session.add(Setting(key=FOLDER_KEY, value=str(folder), updated_at=ctx.now(), updated_by_id=actor.id))
    else:
        row.value, row.updated_at, row.updated_by_id = str(folder), ctx.now(), actor.id
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="settings.set", target_type="setting",
                 target_id=FOLDER_KEY, details={"old": old, "new": str(folder)})
    if keep is not None:
        set_setting(ctx, session, actor, "backup.keep", str(keep))
    ctx.keys.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    secret = ctx.keys.directory / PASSPHRASE_FILE
    secret.unlink(missing_ok=True)
    fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(passphrase)


def run_if_due(ctx: AppContext, *, force: bool = False) -> Path | None:
    """Makes today's backup when the last good one is a day old (or there is none); keeps the newest
    ``backup.keep``. None when nothing was due or automatic backups are not set up."""
    with ctx.db.read() as session:
        current = status(ctx, session)
        keep = ctx.rules(session).keep
    secret = ctx.keys.directory / PASSPHRASE_FILE
    if not current.folder or not secret.is_file():
        return None
    if not force and current.age is not None and current.age < EVERY:
        return None
    folder = Path(current.folder)
    stamp = ctx.now().astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    out = folder / f"{PREFIX}{stamp}{SUFFIX}"
    result = create_backup(ctx, out, secret.read_text(encoding="utf-8"), force=True)
    for old in _backups(folder)[:-keep]:
        old.unlink(missing_ok=True)
    with ctx.db.session() as session:
        audit.record(session, at=ctx.now(), actor_id=None, action="backup.auto", target_type="backup",
                     target_id=out.name, details={"files": result.members, "bytes": result.total_bytes,
                                                  "folder": str(folder)})
    return out
