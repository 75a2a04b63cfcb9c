"""Where the installation keeps its files. ``RECEPTION_HOME`` overrides everything (tests, portable use)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "ReceptionRoom"
PRIVATE_UMASK = 0o077  # files 0600, folders 0700: the database, logs, exports, backups, evidence


def keep_files_private() -> None:
    """Everything this process creates from now on is readable by its owner only (POSIX), and the installation
    folder and its parts made before are tightened. Called first thing by the CLI and the window."""
    os.umask(PRIVATE_UMASK)
    if os.name != "posix":
        return  # Windows: the per-user profile folder's ACL is what protects the files (docs/SECURITY.md)
    base = data_dir()
    for path in (base, *base.iterdir()):
        if path.is_symlink():
            continue
        mode = path.stat().st_mode & 0o777
        private = 0o700 if path.is_dir() else 0o600
        if mode & 0o077:
            path.chmod(mode & private)


def data_dir() -> Path:
    override = os.environ.get("RECEPTION_HOME")
    base = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    base.mkdir(parents=True, exist_ok=True, mode=0o700)
    return base


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'reception.sqlite3'}"


def keys_dir() -> Path:
    path = data_dir() / "keys"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def attachments_dir() -> Path:
    path = data_dir() / "attachments"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def recordings_dir() -> Path:
    path = data_dir() / "recordings"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def logs_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
