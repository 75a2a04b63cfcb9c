"""Restoring a backup: the passphrase, over an existing database an administrator of *that* database, the
whole backup decrypted and checked against its content list in a staging folder before anything is touched,
the replaced database and keys kept aside, and the restore audited in the restored database. A wrong
passphrase, a wrong user or a damaged file changes nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from datetime import UTC
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from desktop.clock import Clock, SystemClock
from desktop.domain.errors import DomainError, IntegrityFailure, PermissionDenied, ValidationError
from desktop.services.backup import CONTENTS, FORMAT, TOP_FOLDERS, dump_database, pg_args, pg_tool
from desktop.services.backup_stream import DecryptingReader, check_passphrase


@dataclass(frozen=True)
class RestoreResult:
    created_at: str
    files: int
    replaced_database: Path | None
    replaced_keys: Path | None


@dataclass(frozen=True)
class Target:
    """Where a backup goes: the database and the installation folder (keys, attachments, recordings)."""

    url: str
    home: Path

    @property
    def keys(self) -> Path:
        return self.home / "keys"

    @property
    def dialect(self) -> str:
        return make_url(self.url).get_backend_name()


def has_data(url: str) -> bool:
    """Whether the target database already holds an installation (then restoring replaces it)."""
    return database_state(url) != "empty"


def database_state(url: str) -> str:
    """"empty" (nothing to replace), "data" (an installation: its administrator must agree) or
    "unreadable" (an SQLite file that is empty, foreign or damaged: nobody can sign in to it, and a
    restore is exactly what it needs)."""
    from desktop.domain.errors import DomainError as _Refusal
    from desktop.faults import check_sqlite_file, classify

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        db_file = Path(parsed.database or "")
        if not db_file.is_file():
            return "empty"
        try:
            check_sqlite_file(db_file)
        except _Refusal:
            return "unreadable"
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("staff"):
                return "empty"
            return "data" if conn.execute(text("SELECT count(*) FROM staff")).scalar() else "empty"
    except Exception as error:
        known = classify(error)
        if parsed.get_backend_name() == "sqlite" and known is not None and known.code == "database_corrupt":
            return "unreadable"
        raise
    finally:
        engine.dispose()


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if (path.is_absolute() or ".." in path.parts or not path.parts
            or (path.parts[0] not in TOP_FOLDERS and name != CONTENTS)):
        raise IntegrityFailure("backup_damaged", what=name)
    return path


def unpack_and_verify(archive: Path, passphrase: str, staging: Path) -> dict[str, Any]:
    """Decrypts ``archive`` into ``staging`` and checks every file against the content list; returns it."""
    seen: dict[str, tuple[int, str]] = {}
    contents: dict[str, Any] | None = None
    with open(archive, "rb") as fh:
        reader = DecryptingReader(fh, passphrase)
        try:
            with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
                for member in tar:
                    path = _safe_name(member.name)
                    if not member.isfile():
                        raise IntegrityFailure("backup_damaged", what=member.name)
                    source = tar.extractfile(member)
                    assert source is not None
                    if member.name == CONTENTS:
                        contents = json.loads(source.read().decode("utf-8"))
                        continue
                    target = staging.joinpath(*path.parts)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    sha = hashlib.sha256()
                    with open(target, "wb") as out:
                        for block in iter(partial(source.read, 1 << 20), b""):
                            sha.update(block)
                            out.write(block)
                    seen[member.name] = (member.size, sha.hexdigest())
        except tarfile.TarError as error:
            raise IntegrityFailure("backup_damaged", what=str(error)) from None
        reader.read()  # to the sealed end: a truncated file fails here even after tar's end marker
        if not reader.finished:
            raise IntegrityFailure("backup_damaged", what="truncated")
    if contents is None or contents.get("format") != FORMAT:
        raise ValidationError("backup_not_a_backup", field="file", path=str(archive))
    listed = contents["files"]
    for name in sorted(set(listed) | set(seen)):
        if name not in seen:
            raise IntegrityFailure("backup_damaged", what=f"{name} missing")
        if name not in listed or (listed[name]["size"], listed[name]["sha256"]) != seen[name]:
            raise IntegrityFailure("backup_damaged", what=name)
    return contents


def _stamp(clock: Clock) -> str:
    return clock.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _check_admin(url: str, username: str | None, password: str | None, clock: Clock) -> str:
    """Signs in to the database about to be replaced; only its administrator may replace it."""
    from desktop.services.context import AppContext
    from desktop.services.permissions import Permission
    from desktop.services.signin import sign_in

    if not username or password is None:
        raise PermissionDenied("restore_needs_admin")
    ctx = AppContext.open(url, clock=clock, migrate=False)
    try:
        actor = sign_in(ctx, username, password)  # a refusal is audited in that database
    finally:
        ctx.close()
    if not actor.can(Permission.BACKUP):
        raise PermissionDenied("restore_needs_admin", user=username)
    return actor.username


def _audit_restore(url: str, clock: Clock, username: str | None, details: dict[str, Any]) -> None:
    from desktop.db.models import Staff
    from desktop.services import audit
    from desktop.services.context import AppContext

    ctx = AppContext.open(url, clock=clock)  # migrates an older backup to this version's schema
    try:
        with ctx.db.session() as session:
            actor_id = session.scalar(select(Staff.id).where(Staff.username == username)) if username else None
            audit.record(session, at=clock.now(), actor_id=actor_id, action="backup.restore", target_type="backup",
                         target_id=details["file"], details={**details, "by": username})
    finally:
        ctx.close()


def _install_files(staging: Path, target: Path, stamp: str) -> None:
    """Adds the backup's attachments or recordings; a different file of the same name is kept aside."""
    if not staging.is_dir():
        return
    for source in sorted(staging.rglob("*")):
        if not source.is_file():
            continue
        dest = target / source.relative_to(staging)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.exists():
            if dest.read_bytes() == source.read_bytes():
                continue
            dest.replace(dest.with_name(f"{dest.name}.replaced-{stamp}"))
        shutil.move(source, dest)


def restore_backup(archive: Path, target: Target, passphrase: str | None, *, username: str | None = None,
                   password: str | None = None, replace: bool = False,
                   clock: Clock | None = None) -> RestoreResult:
    clock = clock or SystemClock()
    passphrase = check_passphrase(passphrase)
    archive = Path(archive)
    if not archive.is_file():
        raise ValidationError("file_not_found", field="file", path=str(archive))
    with open(archive, "rb") as fh:
        DecryptingReader(fh, passphrase)  # wrong passphrase or not a backup: refused before anything else
    state = database_state(target.url)
    existing = state != "empty"
    actor_name = None
    if existing and not replace:
        raise ValidationError("file_exists", field="db", path=make_url(target.url).render_as_string())
    if state == "data":
        actor_name = _check_admin(target.url, username, password, clock)
    stamp = _stamp(clock)
    target.home.mkdir(parents=True, exist_ok=True)
    staging = target.home / f".restore-{stamp}"
    staging.mkdir(mode=0o700)
    try:
        contents = unpack_and_verify(archive, passphrase, staging)
        if contents["dialect"] != target.dialect:
            raise ValidationError("backup_dialect_mismatch", field="db", backup=contents["dialect"],
                                  target=target.dialect)
        replaced_db = _replace_database(target, staging, existing, stamp)
        replaced_keys = None
        if target.keys.is_dir() and any(target.keys.iterdir()):
            replaced_keys = target.keys.with_name(f"keys.replaced-{stamp}")
            target.keys.replace(replaced_keys)
        target.keys.parent.mkdir(parents=True, exist_ok=True)
        staged_keys = staging / "keys"
        if staged_keys.is_dir():
            if target.keys.is_dir():
                target.keys.rmdir()  # empty: anything in it was moved aside above
            shutil.move(staged_keys, target.keys)
        else:
            target.keys.mkdir(mode=0o700, exist_ok=True)
        target.keys.chmod(0o700)
        for key in target.keys.iterdir():
            key.chmod(0o600)
        _install_files(staging / "attachments", target.home / "attachments", stamp)
        _install_files(staging / "recordings", target.home / "recordings", stamp)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _audit_restore(target.url, clock, actor_name or username, {
        "file": archive.name, "backup_created_at": contents["created_at"], "files": len(contents["files"]),
        "replaced_database": str(replaced_db) if replaced_db else None, "replaced_unreadable": state == "unreadable",
        "replaced_keys": str(replaced_keys) if replaced_keys else None})
    return RestoreResult(contents["created_at"], len(contents["files"]), replaced_db, replaced_keys)


def _replace_database(target: Target, staging: Path, existing: bool, stamp: str) -> Path | None:
    aside: Path | None = None
    if target.dialect == "sqlite":
        db_file = Path(make_url(target.url).database or "")
        if db_file.exists():
            aside = db_file.with_name(f"{db_file.name}.replaced-{stamp}")
            try:
                src, dst = sqlite3.connect(db_file), sqlite3.connect(aside)
                try:
                    with dst:
                        src.backup(dst)
                finally:
                    src.close()
                    dst.close()
            except sqlite3.DatabaseError:  # damaged: kept aside as it is
                aside.unlink(missing_ok=True)
                shutil.copyfile(db_file, aside)
        db_file.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        (staging / "database" / "database.sqlite3").replace(db_file)
        return aside
    if existing:
        aside_dir = target.home / "replaced"
        aside_dir.mkdir(exist_ok=True, mode=0o700)
        dumped = dump_database(target.url, aside_dir)
        aside = dumped.replace(aside_dir / f"database-{stamp}.pgdump")
    args, env = pg_args(target.url)
    try:
        subprocess.run([pg_tool("pg_restore"), "--no-owner", "--clean", "--if-exists", "--single-transaction",
                        *args, str(staging / "database" / "database.pgdump")], check=True, env=env,
                       capture_output=True)
    except subprocess.CalledProcessError as error:
        raise DomainError("database_error", what=error.stderr.decode("utf-8", "replace").strip()[-300:]) from None
    return aside
