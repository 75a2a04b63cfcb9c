"""Every window and dialog a clerk or leader opens fits a 1366×768 screen: its size, its smallest
possible size, and its buttons lie inside the screen (long content scrolls inside the dialog)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QWidget

from desktop.domain.enums import Outcome
from tests.ui_core.flows import SECTIONS, submitted

SCREEN = QRect(0, 0, 1366, 768)
ROOM = (1366, 768 - 40)  # less the title bar


@pytest.fixture(autouse=True)
def _desk_screen(monkeypatch):  # type: ignore[no-untyped-def]
    """The offscreen platform's screen is 800×800; the desk's is 1366×768."""
    from ui.widgets import screen_fit

    monkeypatch.setattr(screen_fit, "screen_room", lambda _w=None: ROOM)


def _fits(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.addWidget(widget)
    widget.move(0, 0)
    widget.show()
    qtbot.waitExposed(widget)
    hint = widget.minimumSizeHint()
    name = widget.objectName() or type(widget).__name__
    assert widget.width() <= ROOM[0] and widget.height() <= ROOM[1], (name, widget.size())
    assert hint.width() <= ROOM[0] and hint.height() <= ROOM[1], (name, hint)
    for button in widget.findChildren(QAbstractButton):
        if button.isVisibleTo(widget) and button.window() is widget:
            corner = button.mapTo(widget, QPoint(button.width(), button.height()))
            assert SCREEN.contains(corner), (name, button.text(), corner)
    widget.close()


def test_the_preview_and_the_signing_dialogs_fit(qtbot, runner, team, desk) -> None:  # type: ignore[no-untyped-def]
    from ui.matter.signing import open_approval_dialog, open_sign_dialog
    from ui.printing.preview import DocumentPreviewDialog

    case = submitted(desk, team)
    host = QWidget()
    qtbot.addWidget(host)
    _fits(qtbot, DocumentPreviewDialog(b"", title="预览"))
    approve = open_approval_dialog(host, runner, team.approver, case, lambda _n, _s: None)
    qtbot.waitUntil(lambda: approve.preview.is_loaded(), timeout=20000)
    _fits(qtbot, approve)
    from desktop.domain.enums import SignerRole

    sign = open_sign_dialog(host, runner, team.dept_head, case, SignerRole.DEPT_HEAD, lambda _s: None)
    qtbot.waitUntil(runner.is_idle, timeout=20000)
    _fits(qtbot, sign)


def test_the_form_dialogs_and_the_letter_editor_fit(qtbot, runner, desk) -> None:  # type: ignore[no-untyped-def]
    from ui.matter.dialogs import Field, FormDialog
    from ui.matter.letter_editor import LetterEditor

    with desk.db.read() as s:
        rules = desk.rules(s)
    _fits(qtbot, LetterEditor(SECTIONS, Outcome.SUPPORT, rules, "尚无签字。"))
    fields = [Field("to", "接替人", "choice", [("甲", 1)]), Field("reason", "原因", "text"),
              Field("held_on", "日期", "date"), Field("amount", "天数", "int"), Field("reached", "已联系", "check")]
    _fits(qtbot, FormDialog("移交事项", fields))


def test_login_setup_device_and_main_windows_fit(qtbot, runner, team, desk) -> None:  # type: ignore[no-untyped-def]
    from ui.login import LoginDialog, SetupDialog
    from ui.main_window import MainWindow
    from ui.recording.settings_dialog import DeviceSettingsDialog

    _fits(qtbot, LoginDialog(runner, "青山镇信访接待室"))
    _fits(qtbot, SetupDialog(runner))
    _fits(qtbot, DeviceSettingsDialog(devices=[]))
    for actor in (team.clerk, team.approver, team.admin):
        window = MainWindow(runner, actor, "青山镇信访接待室", today=desk.today())
        window.resize(*ROOM)
        qtbot.addWidget(window)
        window.show()
        hint = window.minimumSizeHint()
        assert hint.width() <= ROOM[0] and hint.height() <= ROOM[1], (actor.username, hint)
        qtbot.waitUntil(runner.is_idle, timeout=10000)
        window.close()
