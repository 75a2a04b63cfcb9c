"""Brings a database to the newest schema; copies an SQLite file aside before changing it.

Alembic is imported only when the stored revision is not the newest: it costs about 100 ms at every start
of the window otherwise. ``HEAD_REVISION`` names the newest migration; a test keeps it equal to Alembic's
own head, so adding a migration without updating it fails the suite."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
HEAD_REVISION = "t19_closed_registered"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migration history must be linear, found heads {heads}")
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


KEEP_COPIES = 3  # pre-migration copies kept beside the database; older ones are removed


def known_revision(revision: str) -> bool:
    from alembic.script import ScriptDirectory

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:  # noqa: BLE001 - alembic raises several kinds for a revision it does not know
        return False


def _made_by(engine: Engine, revision: str) -> str:
    """The version that last migrated this database (stored since this version), else its schema name."""
    try:
        with engine.connect() as conn:
            if inspect(conn).has_table("settings"):
                stored = conn.execute(text("SELECT value FROM settings WHERE key = 'app.version'")).scalar()
                if stored:
                    return str(stored)
    except Exception:  # noqa: BLE001 - only used to word a refusal
        pass
    return f"schema {revision}"


def _stamp_version(conn: Connection) -> None:
    from sqlalchemy import delete, insert

    from desktop import __version__
    from desktop.db.models import Setting

    table = Setting.__table__
    conn.execute(delete(table).where(table.c.key == "app.version"))
    conn.execute(insert(table).values(key="app.version", value=__version__, updated_at=datetime.now(UTC)))


def _copy_aside(db_file: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    backup = Path(f"{db_file}.before-{HEAD_REVISION}-{stamp}")
    # The backup API gives a consistent copy even while the WAL holds pages not yet merged.
    src, dst = sqlite3.connect(db_file), sqlite3.connect(backup)
    try:
        with dst:
            src.backup(dst)
    finally:
        src.close()
        dst.close()
    copies = sorted(Path(db_file).parent.glob(Path(db_file).name + ".before-*"), key=lambda p: p.stat().st_mtime)
    for old in copies[:-KEEP_COPIES]:
        old.unlink(missing_ok=True)
    return backup


def upgrade_to_head(engine: Engine, read_engine: Engine | None = None) -> Path | None:
    """Upgrades; returns the path of the safety copy when an existing SQLite file was changed. A database
    made by a newer version is refused before anything is copied or changed. The revision is read through
    ``read_engine`` when given: on SQLite that takes no write lock, so a desk starting while another one
    writes at length does not wait for it."""
    current = current_revision(read_engine or engine)
    if current == HEAD_REVISION:
        return None
    if current is not None and not known_revision(current):
        from desktop import __version__
        from desktop.domain.errors import DomainError

        raise DomainError("database_too_new", made_by=_made_by(engine, current), this=__version__)
    from alembic import command

    backup = None
    db_file = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
    if current is not None and db_file and db_file != ":memory:" and Path(db_file).exists():
        backup = _copy_aside(db_file)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        _stamp_version(conn)
    return backup


def known_revisions() -> set[str]:
    """Every revision this version's migrations know: a database at one of them is older, not newer."""
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
