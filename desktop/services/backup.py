"""A consistent online copy of the whole installation in ONE encrypted file: the database (SQLite backup
API or pg_dump), the whole keys folder, the attachments and the recordings with their manifests, and a
content list with each file's SHA-256. Encrypted with a passphrase (``backup_stream``); owner-only; a
failed backup leaves no file behind. Restoring is in ``desktop.services.restore``."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.engine import make_url

from desktop import __version__, paths
from desktop.db.migrate import HEAD_REVISION
from desktop.domain.errors import DomainError, ValidationError
from desktop.services.backup_stream import EncryptingWriter, check_passphrase
from desktop.services.context import AppContext

FORMAT = "reception-backup/2"
CONTENTS = "contents.json"  # the last member: every other member's size and SHA-256
TOP_FOLDERS = ("database", "keys", "attachments", "recordings")


def pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for root in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (root / name).exists():
            return str(root / name)
    raise DomainError("tool_missing", tool=name)


def pg_args(url: str) -> tuple[list[str], dict[str, str]]:
    u = make_url(url)
    args = ["-h", u.host or "127.0.0.1", "-p", str(u.port or 5432), "-U", u.username or "postgres"]
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = u.password
    return args + ["-d", u.database or "postgres"], env


def dump_database(url: str, folder: Path) -> Path:
    """A consistent copy of the database into ``folder`` (even while other desks write)."""
    if make_url(url).get_backend_name() == "sqlite":
        dump = folder / "database.sqlite3"
        src, dst = sqlite3.connect(make_url(url).database), sqlite3.connect(dump)
        try:
            with dst:
                src.backup(dst)
        finally:
            src.close()
            dst.close()
        return dump
    dump = folder / "database.pgdump"
    args, env = pg_args(url)
    subprocess.run([pg_tool("pg_dump"), "--format=custom", "--no-owner", "-f", str(dump), *args],
                   check=True, env=env, capture_output=True)
    return dump


@dataclass(frozen=True)
class BackupResult:
    path: Path
    members: int
    database_bytes: int
    total_bytes: int


class _Hashing(io.RawIOBase):
    """Reads a file through SHA-256, so each member is read once for the archive and its hash."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh, self.sha = fh, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._fh.read(size)
        self.sha.update(data)
        return data


def _files(root: Path, prefix: str) -> Iterator[tuple[str, Path]]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.endswith(".part"):
            yield f"{prefix}/{path.relative_to(root).as_posix()}", path


def open_private(path: Path) -> BinaryIO:
    """A new file only its owner can read, from its first byte on."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(fd, "wb")


def create_backup(ctx: AppContext, out: Path, passphrase: str | None, *, force: bool = False,
                  recordings: bool = True) -> BackupResult:
    passphrase = check_passphrase(passphrase)
    out = Path(out)
    if out.exists() and not force:
        raise ValidationError("file_exists", field="out", path=str(out))
    dialect = make_url(ctx.db.url).get_backend_name()
    tmp_out = out.with_name(out.name + ".part")
    tmp_out.unlink(missing_ok=True)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            # The keys first, then the database: whatever the keys folder holds about the audit chain (its
            # anchor) is then never ahead of the database copied with it.
            keys = Path(tmp) / "keys"
            if ctx.keys.directory.is_dir():
                shutil.copytree(ctx.keys.directory, keys, ignore=shutil.ignore_patterns("*.part"))
            dump = dump_database(ctx.db.url, Path(tmp))
            dump_bytes = dump.stat().st_size
            members = [(f"database/{dump.name}", dump)]
            members += list(_files(keys, "keys"))
            members += list(_files(paths.attachments_dir(), "attachments"))
            if recordings:
                members += list(_files(paths.recordings_dir(), "recordings"))
            listing: dict[str, dict[str, object]] = {}
            total = 0
            with open_private(tmp_out) as sink:
                writer = EncryptingWriter(sink, passphrase)
                with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:  # type: ignore[call-overload]
                    for name, path in members:
                        info = tarfile.TarInfo(name)
                        info.size, info.mode = path.stat().st_size, 0o600
                        with open(path, "rb") as fh:
                            hashing = _Hashing(fh)
                            tar.addfile(info, hashing)  # type: ignore[arg-type]
                        listing[name] = {"size": info.size, "sha256": hashing.sha.hexdigest()}
                        total += info.size
                    contents = json.dumps({
                        "format": FORMAT, "app_version": __version__, "schema": HEAD_REVISION, "dialect": dialect,
                        "created_at": ctx.now().isoformat(), "recordings_included": recordings, "files": listing,
                    }, ensure_ascii=False, indent=1).encode("utf-8")
                    info = tarfile.TarInfo(CONTENTS)
                    info.size, info.mode = len(contents), 0o600
                    tar.addfile(info, io.BytesIO(contents))
                writer.close()
                sink.flush()
                os.fsync(sink.fileno())
        os.replace(tmp_out, out)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp_out.unlink()
        raise
    return BackupResult(out, len(members), dump_bytes, total)
