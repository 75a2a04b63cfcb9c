"""Brings a database to the newest schema; copies an SQLite file aside before changing it.

Alembic is imported only when the stored revision is not the newest: it costs about 100 ms at every start
of the window otherwise. ``HEAD_REVISION`` names the newest migration; a test keeps it equal to Alembic's
own head, so adding a migration without updating it fails the suite."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
HEAD_REVISION = "t14_desk"


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


def upgrade_to_head(engine: Engine) -> Path | None:
    """Upgrades; returns the path of the safety copy when an existing SQLite file was changed."""
    current = current_revision(engine)
    if current == HEAD_REVISION:
        return None
    from alembic import command

    backup = None
    db_file = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
    if current is not None and db_file and db_file != ":memory:" and Path(db_file).exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = Path(f"{db_file}.before-{HEAD_REVISION}-{stamp}")
        # The backup API gives a consistent copy even while the WAL holds pages not yet merged.
        src, dst = sqlite3.connect(db_file), sqlite3.connect(backup)
        with dst:
            src.backup(dst)
        src.close()
        dst.close()
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return backup
