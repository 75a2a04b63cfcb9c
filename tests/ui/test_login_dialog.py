"""The sign-in dialog's answers to failed and locked sign-ins, clicked as a clerk would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from tests.desktop.conftest import PASSWORD
from tests.ui.conftest import wait_idle


def _try(qtbot, runner, dialog, password: str) -> str:  # type: ignore[no-untyped-def]
    dialog.form.password.clear()
    qtbot.keyClicks(dialog.form.password, password)
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: not dialog.form.busy)
    return dialog.form.message.text()


def test_failures_are_recorded_and_the_lock_says_until_when(qtbot, runner, desk, team, clock) -> None:
    from desktop.db.models import AuditEntry
    from ui.login import LoginDialog

    dialog = LoginDialog(runner, "青山镇信访接待室", username="clerk")
    qtbot.addWidget(dialog)
    dialog.show()
    assert _try(qtbot, runner, dialog, "wrong-pass-1") == "用户名或密码错误"
    assert _try(qtbot, runner, dialog, "wrong-pass-2") == "用户名或密码错误"  # one typo costs no wait
    assert _try(qtbot, runner, dialog, PASSWORD) == "登录失败次数过多，请 1 秒后再试"  # too soon
    for _ in range(3):
        clock.advance(seconds=31)
        text = _try(qtbot, runner, dialog, "wrong-pass-3")
    assert text == "连续登录失败次数过多，账号已锁定至 2025-03-03 10:16；请稍后再试或请管理员解锁"
    assert dialog.actor is None and dialog.isVisible()
    with desk.db.read() as s:
        failed = s.scalars(select(AuditEntry).where(AuditEntry.action == "login.failed")).all()
    assert len(failed) == 6 and {e.details["username"] for e in failed} == {"clerk"}
    clock.advance(minutes=16)
    _try(qtbot, runner, dialog, PASSWORD)
    assert dialog.actor is not None and dialog.actor.username == "clerk"
