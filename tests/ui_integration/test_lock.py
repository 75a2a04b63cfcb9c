"""The lock hides every personal datum: windows showing one close (the device test with its live camera
included), the status bar names nobody, and a changed idle time applies at once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.desktop.conftest import PASSWORD
from tests.ui.conftest import wait_idle
from tests.ui.dialog_driver import when_modal
from tests.ui_core.flows import SECTIONS, assigned


def _window(qtbot, runner, actor, desk):  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    w = MainWindow(runner, actor, "东镇信访接待室", 10, today=desk.today())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    wait_idle(qtbot, runner)
    return w


def test_the_lock_closes_the_device_test_and_names_nobody(qtbot, runner, team, desk, small_devices) -> None:
    w = _window(qtbot, runner, team.clerk, desk)
    assert team.clerk.display_name in w.statusBar().currentMessage()
    seen = []

    def test_then_walk_away(dialog) -> None:  # type: ignore[no-untyped-def]
        seen.append(dialog)
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.testing and dialog.preview.pixmap() is not None
                        and not dialog.preview.pixmap().isNull(), timeout=10000)
        w.idle.set_interval_ms(50)  # the clerk leaves the desk with the camera live

    when_modal(test_then_walk_away)
    w.devices_action.trigger()  # 工作 → 录像设备设置
    assert seen and w.is_locked()
    dialog = seen[0]
    assert not dialog.isVisible() and not dialog.testing  # closed, its camera stopped
    assert w.statusBar().currentMessage() == ""
    w.devices_action.trigger()  # behind the lock the menu does nothing (no modal dialog waits here)
    assert not w.devices_action.isEnabled() and seen == [dialog]
    form = w.lock_screen.form
    with qtbot.waitSignal(w.window_unlocked, timeout=5000):
        qtbot.keyClicks(form.password, PASSWORD)
        qtbot.mouseClick(w.lock_screen.button, Qt.MouseButton.LeftButton)
    assert team.clerk.display_name in w.statusBar().currentMessage()
    assert not dialog.isVisible()  # not brought back with a live camera
    wait_idle(qtbot, runner)


def test_an_unsaved_letter_is_hidden_over_the_lock_and_comes_back(qtbot, runner, team, desk) -> None:
    case = assigned(desk, team)
    w = _window(qtbot, runner, team.clerk, desk)
    page = w.open_matter(case)
    qtbot.waitUntil(lambda: "letter" in page.buttons, timeout=5000)
    qtbot.mouseClick(page.buttons["letter"], Qt.MouseButton.LeftButton)
    editor = page.letter_editor
    editor.editors["request"].setPlainText(SECTIONS["request"])
    with qtbot.waitSignal(w.window_locked, timeout=3000):
        w.idle.set_interval_ms(50)
    assert not editor.isVisible()
    form = w.lock_screen.form
    with qtbot.waitSignal(w.window_unlocked, timeout=5000):
        qtbot.keyClicks(form.password, PASSWORD)
        qtbot.mouseClick(w.lock_screen.button, Qt.MouseButton.LeftButton)
    assert editor.isVisible() and editor.editors["request"].toPlainText() == SECTIONS["request"]
    editor.close()
    wait_idle(qtbot, runner)


def test_a_changed_idle_time_applies_at_once(qtbot, runner, team, desk) -> None:
    w = _window(qtbot, runner, team.admin, desk)
    w.tabs.setCurrentWidget(w.settings_tab)  # the 设置 tab is built, and loads, when first shown
    wait_idle(qtbot, runner)
    page = w.settings_page
    t = page.rules_table
    row = next(r for r in range(t.rowCount()) if t.item(r, 1).data(Qt.ItemDataRole.UserRole)
               == "security.idle_lock_minutes")
    assert w.idle.timer.interval() == 10 * 60_000
    t.item(row, 1).setText("3")
    qtbot.waitUntil(lambda: w.idle.timer.interval() == 3 * 60_000, timeout=5000)
    assert w.idle.timer.isActive()
