"""What went wrong in the environment, as a refusal with a code: a full disk, a read-only folder, a database
file that is not one, a database server that cannot be reached. The command line and the window word these
in one line; the log keeps the details (the SQL statement and its values never reach the user)."""

from __future__ import annotations

import errno
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from desktop.domain.errors import DomainError

SQLITE_MAGIC = b"SQLite format 3\x00"


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)  # SQLAlchemy's wrapper around the driver's error
        if isinstance(orig, BaseException) and id(orig) not in seen:
            yield orig
            seen.add(id(orig))
        current = current.__cause__ or current.__context__


_DISCONNECT_WORDS = ("server closed the connection", "terminating connection", "connection refused",
                     "could not connect", "connection is closed", "the connection is lost", "connection timed out",
                     "consuming input failed", "no route to host", "connection reset", "connection failed")


def is_disconnect(error: BaseException) -> bool:
    """The database server went away (restarted, unreachable): worth one more try on a fresh connection."""
    from sqlalchemy.exc import DBAPIError

    for e in _chain(error):
        if isinstance(e, DBAPIError) and e.connection_invalidated:
            return True
        if type(e).__module__.startswith("psycopg") and any(w in str(e).lower() for w in _DISCONNECT_WORDS):
            return True
    return False


def classify(error: BaseException, *, database: str | None = None) -> DomainError | None:
    """The refusal an environment fault amounts to, or None when it is not one we know (a bug: logged)."""
    if isinstance(error, DomainError):
        return error
    for e in _chain(error):
        if isinstance(e, OSError) and e.errno is not None:
            where = e.filename or database or ""
            if e.errno in (errno.ENOSPC, errno.EDQUOT):
                return DomainError("disk_full", path=str(where))
            if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                return DomainError("folder_read_only", path=str(where))
        text = str(e).lower()
        if isinstance(e, sqlite3.Error):
            if "disk is full" in text or "database or disk is full" in text:
                return DomainError("disk_full", path=database or "")
            if "readonly database" in text or "read-only" in text:
                return DomainError("folder_read_only", path=database or "")
            if "not a database" in text or "malformed" in text:
                return DomainError("database_corrupt", path=database or "")
            if "unable to open database file" in text:
                return DomainError("folder_read_only", path=database or "")
            if "database is locked" in text:
                return DomainError("database_busy")
            if "disk i/o error" in text:
                # SQLite says only "I/O error" when it cannot create the -wal/-shm file on a full disk.
                return DomainError("disk_full" if _no_space_beside(database) else "disk_error", path=database or "")
    if is_disconnect(error):
        return DomainError("database_unreachable")
    return None


def _no_space_beside(database: str | None) -> bool:
    if not database:
        return False
    try:
        return shutil.disk_usage(Path(database).parent).free == 0
    except OSError:
        return False


def check_sqlite_file(path: Path) -> None:
    """Refuses, before SQLite sees it, a database file that cannot be ours: empty or not SQLite at all.
    (SQLite would quietly treat an empty file as a new database and a stranger one fails only later.)"""
    if not path.exists():
        return
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise DomainError("database_unreadable", path=str(path)) from error
    if not head:
        raise DomainError("database_empty", path=str(path))
    if head != SQLITE_MAGIC:
        raise DomainError("database_not_sqlite", path=str(path))
