"""Shared fixtures: headless Qt, a database per test on SQLite and on the PostgreSQL server that
`make test` starts, an application context with a fixed clock and keys in a temporary folder."""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.clock import CHINA_TZ, FixedClock  # noqa: E402

# A GUI test waits for a condition or a signal until it comes: the few seconds a test names are a guess
# about the machine, and under load (`make test` beside two busy processes on two cores) a page's first
# load took longer than 5 s. What is waited for is unchanged; only how long before giving up.
PATIENCE_MS = 60_000


def _patient(wait):  # type: ignore[no-untyped-def]
    @functools.wraps(wait)
    def patient(self, *args, timeout: int = 5000, **kwargs):  # type: ignore[no-untyped-def]
        return wait(self, *args, timeout=max(timeout, PATIENCE_MS), **kwargs)
    return patient


def _make_qtbot_patient() -> None:
    from pytestqt.qtbot import QtBot

    for name in ("waitUntil", "waitSignal", "waitSignals", "waitCallback", "waitExposed", "waitActive"):
        setattr(QtBot, name, _patient(getattr(QtBot, name)))


_make_qtbot_patient()

PG_URL = os.environ.get("RECEPTION_TEST_PG_URL")


def _pg_required() -> bool:
    return bool(os.environ.get("RECEPTION_REQUIRE_PG") or os.environ.get("CI"))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty installation folder (keys, attachments, recordings, logs) for this test only."""
    root = tmp_path / "home"
    root.mkdir()
    monkeypatch.setenv("RECEPTION_HOME", str(root))
    monkeypatch.delenv("RECEPTION_DB_URL", raising=False)
    return root


def _fresh_pg_database() -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin_url = make_url(PG_URL)
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, home: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{home / 'reception.sqlite3'}"
        return
    if not PG_URL:
        if _pg_required():
            pytest.fail("RECEPTION_TEST_PG_URL is not set: `make test` starts PostgreSQL (tools/services)")
        pytest.skip("no PostgreSQL server (run through `make test`)")
    yield from _fresh_pg_database()


@pytest.fixture
def clock() -> FixedClock:
    # Monday 3 March 2025, 10:00 in the office: an ordinary working week with no holidays nearby.
    return FixedClock(datetime(2025, 3, 3, 10, 0, tzinfo=CHINA_TZ))


@pytest.fixture
def ctx(db_url: str, home: Path, clock: FixedClock):  # type: ignore[no-untyped-def]
    from desktop.security.keyfile import KeyStore
    from desktop.services.context import AppContext
    from desktop.services.seed import seed_defaults

    context = AppContext.open(db_url, keys=KeyStore(home / "keys"), clock=clock)
    context.initialise()  # what `reception init` does on an empty database: makes and registers the keys
    with context.db.session() as session:
        seed_defaults(session)
    yield context
    context.close()
