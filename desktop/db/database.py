"""Engines and sessions. SQLite runs in WAL mode; writes take the lock up front (BEGIN IMMEDIATE)
so two writers queue instead of failing half-way with "database is locked"."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from desktop import paths
from desktop.db.migrate import upgrade_to_head


def resolve_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get("RECEPTION_DB_URL") or paths.default_database_url()


# JSON columns are stored in one canonical text (sorted keys, no spaces, UTF-8): the audit chain's MAC covers
# the stored text itself, so verify reads it without parsing and encoding a million details again.
canonical_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def _sqlite_engine(url: str, *, immediate: bool) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                           json_serializer=canonical_json)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA cache_size=-65536")  # 64 MiB: the ledger and bulk import touch many index pages
        if not immediate:
            cur.execute("PRAGMA query_only=ON")  # the read engine: a stray write fails loudly
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def make_engine(url: str, *, for_writing: bool = True) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        return _sqlite_engine(url, immediate=for_writing)
    # PostgreSQL without JIT: compiling a report's statements cost more than it saved (the dashboard 410 ->
    # 382 ms). Random reads priced as on an SSD with the tables in memory (1.1, not the spinning disk's 4):
    # at 4 the planner read all 100,000 matters to join 3,000 ids instead of seeking them (382 -> 338 ms).
    args = ({"options": "-c jit=off -c random_page_cost=1.1"} if parsed.get_backend_name() == "postgresql"
            else {})
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, json_serializer=canonical_json,
                         connect_args=args)


@dataclass
class Database:
    """The storage of one installation: a write engine and a read engine (the same on PostgreSQL)."""

    url: str
    engine: Engine
    read_engine: Engine
    migration_backup: Path | None = None
    # Copied into every session's ``info``: the audit chain's key and anchor once the keys are checked.
    session_info: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def open(cls, url: str | None = None, *, migrate: bool = True) -> Database:
        url = resolve_url(url)
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
            from desktop.faults import check_sqlite_file

            check_sqlite_file(Path(parsed.database))
        engine = make_engine(url, for_writing=True)
        read_engine = make_engine(url, for_writing=False) if engine.dialect.name == "sqlite" else engine
        try:
            backup = upgrade_to_head(engine, read_engine) if migrate else None
        except BaseException:
            engine.dispose()
            read_engine.dispose()
            raise
        return cls(url=url, engine=engine, read_engine=read_engine, migration_backup=backup)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def sessionmaker(self) -> sessionmaker[Session]:
        return sessionmaker(self.engine, expire_on_commit=False, info=self.session_info)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A write transaction: committed on success, rolled back on any error."""
        with Session(self.engine, expire_on_commit=False, info=self.session_info) as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction: a write slipped into it fails at once instead of racing the writers
        (SQLite's read connections are ``query_only``; PostgreSQL's transaction is READ ONLY)."""
        with Session(self.read_engine, expire_on_commit=False, info=self.session_info) as session, session.begin():
            if self.read_engine.dialect.name != "sqlite":
                session.execute(text("SET TRANSACTION READ ONLY"))
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()
