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
    with qtbot.waitSignal(w.start_up_finished, timeout=30000):
        w.show()
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


def test_closing_the_window_stops_the_warm_up_after_the_step_under_way(qtbot, runner, team, desk,
                                                                       monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Quitting waits for one warm-up step at most, never for the whole documents' engine to load."""
    import threading

    import ui.main_window as main_window
    import ui.warm_up as warm_up

    release, ran = threading.Event(), []

    def first() -> None:
        ran.append("first")
        release.wait(20)

    monkeypatch.setattr(warm_up, "DOCUMENTS_ENGINE", (first, lambda: ran.append("second"),
                                                 lambda: ran.append("third")))
    w = main_window.MainWindow(runner, team.clerk, "东镇信访接待室", today=desk.today())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitUntil(lambda: ran == ["first"], timeout=20000)
    w.close()
    release.set()
    wait_idle(qtbot, runner, timeout=30000)
    assert ran == ["first"]


def test_the_whole_warm_up_runs_while_the_window_stays(qtbot, runner, team, desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import ui.warm_up as warm_up

    ran: list[int] = []
    monkeypatch.setattr(warm_up, "DOCUMENTS_ENGINE", tuple(lambda i=i: ran.append(i) for i in range(4)))
    _start(qtbot, runner, team.clerk, desk)
    assert ran == [0, 1, 2, 3]


def test_what_loads_while_the_login_dialog_waits_is_frozen_and_nothing_after(team, desk, home) -> None:  # type: ignore[no-untyped-def]
    """The modules' objects leave the collector's walks while the login dialog is up (a full collection
    walked ~175,000 of them: 70-100 ms of a held window); the main window's are never frozen (a frozen
    cycle would keep Qt wrappers past their C++ objects). In a fresh process: the frozen generation is
    the process's."""
    import os
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root), RECEPTION_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, str(root / "tests/ui/freeze_child.py"), desk.db.url, str(home)],
                         capture_output=True, text=True, env=env, cwd=root, timeout=180)
    got = {line.split()[0]: line.split()[1] for line in out.stdout.splitlines() if line.startswith(
        ("FROZEN_AT_SIGN_IN", "FROZEN_AT_END", "WINDOW_WALKED", "ENGINE_LOADING_AT_SIGN_IN", "LOGIN_DIALOG_FREED"))}
    assert len(got) == 5, out.stdout[-2000:] + out.stderr[-3000:]
    assert got["ENGINE_LOADING_AT_SIGN_IN"] == "True"  # so the steps after sign-in are tried too
    assert int(got["FROZEN_AT_SIGN_IN"]) > 50_000
    assert int(got["FROZEN_AT_END"]) <= int(got["FROZEN_AT_SIGN_IN"])  # some are freed: none are added
    assert got["WINDOW_WALKED"] == "True"
    assert got["LOGIN_DIALOG_FREED"] == "True"  # frozen while it was up, yet gone with sign-in: no cycle kept it


def test_a_window_given_the_logins_finished_warm_up_runs_no_second_chain(qtbot, runner, team, desk,
                                                                         monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import ui.warm_up as warm_up
    from ui.main_window import MainWindow

    ran: list[str] = []
    monkeypatch.setattr(warm_up, "DOCUMENTS_ENGINE", (lambda: ran.append("step"),))
    warm = warm_up.WarmUp(runner)
    with qtbot.waitSignal(warm.finished, timeout=10000):
        warm.start()
    w = MainWindow(runner, team.clerk, "东镇信访接待室", today=desk.today(), warm_up=warm)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    with qtbot.waitSignal(w.start_up_finished, timeout=30000):
        w.show()
    wait_idle(qtbot, runner, timeout=30000)
    assert ran == ["step"]
