"""GUI tests: offscreen Qt, one SQLite database per test with a fixed clock, the staff team, and a
check that no test leaves a thread of ours running."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import ui  # noqa: E402,F401 - applies the PySide6/CPython 3.11 work-around before any widget exists
from tests.desktop.conftest import Team, make_team  # noqa: E402


@pytest.fixture
def desk(home: Path, clock):  # type: ignore[no-untyped-def]
    from desktop.security.keyfile import KeyStore
    from desktop.services.context import AppContext
    from desktop.services.seed import seed_defaults

    context = AppContext.open(f"sqlite:///{home / 'reception.sqlite3'}", keys=KeyStore(home / "keys"), clock=clock)
    context.initialise()
    with context.db.session() as session:
        seed_defaults(session)
    yield context
    context.close()


@pytest.fixture
def team(desk) -> Team:  # type: ignore[no-untyped-def]
    return make_team(desk)


@pytest.fixture
def runner(qapp, desk) -> Iterator:  # type: ignore[no-untyped-def]
    from ui.i18n import install_language
    from ui.tasks import TaskRunner

    install_language("zh")
    r = TaskRunner(desk)
    yield r
    assert r.shutdown(20000), "a background task did not finish"
    qapp.processEvents()


@pytest.fixture(autouse=True)
def _no_dangling_qthreads(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Fails a test that leaves a QThread running (it would abort the process when destroyed)."""
    yield
    from PySide6.QtCore import QThread

    running = [t for t in gc.get_objects() if isinstance(t, QThread) and t.isRunning()
               and t is not qapp.thread()]
    assert not running, f"QThreads left running: {running}"


def wait_idle(qtbot, runner, timeout: int = 10000) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(runner.is_idle, timeout=timeout)
