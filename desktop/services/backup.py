"""A consistent online copy of the installation: the database (SQLite backup API or pg_dump), the key files
and the attachments, in one zip with a manifest of SHA-256 sums; and its restore."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from desktop import __version__, paths
from desktop.domain.errors import DomainError, ValidationError
from desktop.services.context import AppContext

FORMAT = "reception-backup/1"


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for root in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (root / name).exists():
            return str(root / name)
    raise DomainError("tool_missing", tool=name)


def _pg_args(url: str) -> tuple[list[str], dict[str, str]]:
    u = make_url(url)
    args = ["-h", u.host or "127.0.0.1", "-p", str(u.port or 5432), "-U", u.username or "postgres"]
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = u.password
    return args + ["-d", u.database or "postgres"], env


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class BackupResult:
    path: Path
    members: int
    database_bytes: int


def create_backup(ctx: AppContext, out: Path, *, force: bool = False) -> BackupResult:
    if out.exists() and not force:
        raise ValidationError("file_exists", field="out", path=str(out))
    url = ctx.db.url
    dialect = make_url(url).get_backend_name()
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / ("database.sqlite3" if dialect == "sqlite" else "database.pgdump")
        # The keys and the audit anchor are copied before the database, so the anchor in the archive is never
        # ahead of the database beside it (a commit in between would make the restored copy look rolled back).
        key_copies: dict[str, Path] = {}
        for key in (ctx.keys.field_key_path, ctx.keys.signing_key_path, ctx.keys.audit_key_path,
                    ctx.keys.anchor_path):
            if key.exists():
                copy = Path(tmp) / f"key-{key.name}"
                shutil.copyfile(key, copy)
                key_copies[f"keys/{key.name}"] = copy
        if dialect == "sqlite":
            src = sqlite3.connect(make_url(url).database)
            dst = sqlite3.connect(dump)
            with dst:
                src.backup(dst)  # consistent even while other desks write
            src.close()
            dst.close()
        else:
            args, env = _pg_args(url)
            subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "-f", str(dump), *args],
                           check=True, env=env, capture_output=True)
        members: dict[str, Path] = {f"database/{dump.name}": dump}
        members.update(key_copies)
        att = paths.attachments_dir()
        for blob in sorted(att.rglob("*")):
            if blob.is_file() and not blob.name.endswith(".part"):
                members[f"attachments/{blob.relative_to(att).as_posix()}"] = blob
        manifest = {"format": FORMAT, "app_version": __version__, "dialect": dialect,
                    "created_at": ctx.now().isoformat(), "files": {n: _sha(p) for n, p in members.items()}}
        tmp_out = out.with_suffix(out.suffix + ".part")
        with zipfile.ZipFile(tmp_out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
            for name, path in members.items():
                zf.write(path, name)
        os.replace(tmp_out, out)
        out.chmod(0o600)  # it holds the keys
        return BackupResult(out, len(members), dump.stat().st_size)


def restore_backup(archive: Path, url: str, keys_dir: Path, *, force: bool = False) -> dict[str, object]:
    """Restores into ``url`` and ``keys_dir``; refuses to overwrite existing data without ``force``."""
    if not archive.is_file():
        raise ValidationError("file_not_found", field="file", path=str(archive))
    with zipfile.ZipFile(archive) as zf, tempfile.TemporaryDirectory() as tmp:
        manifest = json.loads(zf.read("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise ValidationError("unsupported_format", field="file", path=str(archive))
        zf.extractall(tmp)
        root = Path(tmp)
        for name, digest in manifest["files"].items():
            if _sha(root / name) != digest:
                raise DomainError("integrity_failure", what=name)
        dialect = make_url(url).get_backend_name()
        if dialect != manifest["dialect"]:
            raise ValidationError("backup_dialect_mismatch", field="db", backup=manifest["dialect"], target=dialect)
        targets = [keys_dir / Path(n).name for n in manifest["files"] if n.startswith("keys/")]
        if dialect == "sqlite":
            db_file = Path(make_url(url).database)
            if (db_file.exists() or any(t.exists() for t in targets)) and not force:
                raise ValidationError("file_exists", field="db", path=str(db_file))
            for suffix in ("-wal", "-shm"):
                Path(f"{db_file}{suffix}").unlink(missing_ok=True)
            db_file.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / "database" / "database.sqlite3", db_file)
        else:
            if any(t.exists() for t in targets) and not force:
                raise ValidationError("file_exists", field="keys", path=str(keys_dir))
            args, env = _pg_args(url)
            flags = ["--clean", "--if-exists"] if force else []
            subprocess.run([_pg_tool("pg_restore"), "--no-owner", *flags, *args,
                            str(root / "database" / "database.pgdump")], check=True, env=env, capture_output=True)
        keys_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        for name in manifest["files"]:
            if name.startswith("keys/"):
                target = keys_dir / Path(name).name
                target.unlink(missing_ok=True)
                shutil.copyfile(root / name, target)
                target.chmod(0o600)
            elif name.startswith("attachments/"):
                target = paths.attachments_dir() / name.removeprefix("attachments/")
                target.parent.mkdir(parents=True, exist_ok=True)
                if not target.exists():
                    shutil.copyfile(root / name, target)
        return manifest
