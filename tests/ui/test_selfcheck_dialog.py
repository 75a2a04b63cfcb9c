"""帮助 → 自检 opened from the menu as a clerk would, its rows filled off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import wait_idle


def test_self_check_from_the_help_menu_lists_every_check(qtbot, runner, team, desk) -> None:
    from ui.main_window import MainWindow
    from ui.selfcheck_dialog import SelfCheckDialog

    w = MainWindow(runner, team.clerk, "东镇信访接待室", 10, today=desk.today())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    wait_idle(qtbot, runner)
    help_menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "帮助(&H)")
    next(a for a in help_menu.actions() if a.text() == "本机自检(&C)…").trigger()
    dialog = next(d for d in QApplication.topLevelWidgets() if isinstance(d, SelfCheckDialog) and d.isVisible())
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=30000)
    checks = [dialog.model.results[i].check for i in range(dialog.model.rowCount())]
    assert checks[:3] == ["database", "keys", "calendar"]
    assert {"camera", "microphone", "disk", "fonts", "printer", "timezone"} <= set(checks)
    first = dialog.model.index(0, 0).data()
    assert first.startswith("✓ 数据库")
    # No devices are set up at this desk: the summary says an interview cannot be recorded yet.
    assert dialog.summary.text() == "不能接谈：上面标 ✗ 的项目需要处理。"
    assert dialog.geometry().height() <= 768
    qtbot.mouseClick(dialog.retry, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.retry.isEnabled(), timeout=30000)
    dialog.close()
    wait_idle(qtbot, runner)
