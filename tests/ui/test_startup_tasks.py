"""The main window's start-up work (first ledger rows, reminders, drafts, recovered recordings, the ID tail
index, the documents' engine warm-up) runs in the background: a failure there is only logged, so nobody
would see it. These tests make any such failure fail the build."""

from __future__ import annotations

import logging
import sys

import pytest

from tests.ui.conftest import wait_idle


def _start(qtbot, runner, actor, desk):  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    w = MainWindow(runner, actor, "东镇信访接待室", today=desk.today())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitUntil(lambda: w.ledger.model.rowCount() > 0 or w.ledger.model.total == 0, timeout=20000)
    wait_idle(qtbot, runner, timeout=30000)
    return w


def _failures(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [f"{r.name}: {r.getMessage()} {r.exc_info[1]!r}" if r.exc_info else f"{r.name}: {r.getMessage()}"
            for r in caplog.records if r.levelno >= logging.ERROR]


def test_no_background_task_fails_while_the_window_starts(qtbot, runner, desk, caplog) -> None:  # type: ignore[no-untyped-def]
    from desktop import sample_data
    from desktop.domain.enums import Role
    from desktop.services import users

    with desk.db.session() as s:
        admin = users.actor_of(users.create_staff(desk, s, None, username="admin", display_name="管理员",
                                                  password=sample_data.SAMPLE_PASSWORD, roles=[Role.ADMIN]))
    sample_data.fill(desk, admin, days=5, per_day=3)
    with desk.db.session() as s:
        clerk = users.authenticate(desk, s, "liwei", sample_data.SAMPLE_PASSWORD)
    caplog.set_level(logging.WARNING)
    w = _start(qtbot, runner, clerk, desk)
    assert w.ledger.model.rowCount() > 0
    assert _failures(caplog) == []


def test_the_documents_engine_is_warmed_by_the_start(qtbot, runner, team, desk, caplog, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The warm-up imports what the first preview and the signing dialog need; a renamed module fails here."""
    for name in [m for m in sys.modules if m == "desktop.documents" or m.startswith("desktop.documents.")]:
        monkeypatch.delitem(sys.modules, name)
    caplog.set_level(logging.WARNING)
    _start(qtbot, runner, team.clerk, desk)
    assert _failures(caplog) == []
    assert "desktop.documents" in sys.modules
