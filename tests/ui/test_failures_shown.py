"""No silent placeholders: a screen that fails to build says what failed and logs it; a crash anywhere
shows one dialog with a log reference, never a traceback."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from tests.ui.conftest import wait_idle


def test_a_dashboard_that_fails_to_build_says_so_and_is_logged(qtbot, runner, team, desk, monkeypatch,
                                                               caplog) -> None:
    import ui.dashboard
    from ui.main_window import MainWindow

    def broken(*_a, **_k):  # type: ignore[no-untyped-def]
        raise RuntimeError("chart engine missing")

    monkeypatch.setattr(ui.dashboard, "DashboardWidget", broken)
    window = MainWindow(runner, team.admin, "青山镇", today=desk.today())
    qtbot.addWidget(window)
    window.show()
    caplog.set_level(logging.ERROR, logger="reception")
    window.tabs.setCurrentWidget(window.dashboard_holder)
    notice = window.dashboard_holder.findChild(QLabel, "build_failure")
    # What failed is named by its kind; its own text (which may hold SQL or personal data) stays in the log.
    assert notice is not None and "统计分析无法显示" in notice.text() and "RuntimeError" in notice.text()
    assert "chart engine missing" not in notice.text()
    assert "安装后" not in notice.text()
    record = next(r for r in caplog.records if "cannot build" in r.getMessage())
    assert record.exc_info is not None and record.getMessage()[1:9] in notice.text()  # the reference
    assert str(record.exc_info[1]) == "chart engine missing"  # the details are in the log
    wait_idle(qtbot, runner)


def test_a_recording_panel_that_fails_to_build_says_so(qtbot, runner, team, desk, monkeypatch) -> None:
    import ui.recording.panel
    from ui.wizard.interview import recording_panel

    def broken(*_a, **_k):  # type: ignore[no-untyped-def]
        raise OSError("camera driver crashed")

    monkeypatch.setattr(ui.recording.panel, "panel_for_matter", broken)
    widget = recording_panel(runner, team.clerk, "2025-0001")
    qtbot.addWidget(widget)
    assert widget.objectName() == "build_failure" and "录音录像面板无法显示" in widget.text()
    assert "OSError" in widget.text() and "camera driver crashed" not in widget.text()  # details in the log


@pytest.mark.qt_no_exception_capture
def test_a_crash_anywhere_shows_one_dialog_with_a_log_reference(qtbot, qapp, caplog) -> None:
    from ui.failures import install_crash_handler

    caplog.set_level(logging.ERROR, logger="reception")
    reporter = install_crash_handler()
    try:
        def slot() -> None:
            raise ValueError("boom in a slot")

        QTimer.singleShot(0, slot)
        qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=5000)
        worker = threading.Thread(target=lambda: 1 / 0)
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(reporter.references) == 2, timeout=5000)
        qtbot.wait(50)
        text = reporter.dialog.text()
        assert reporter.references[0] in text and "reception.log" in text and "Traceback" not in text
        shown = [w for w in qapp.topLevelWidgets() if w.objectName() == "crash_dialog" and w.isVisible()]
        assert len(shown) == 1  # the second failure is logged, not stacked
        assert sum(1 for r in caplog.records if r.exc_info) == 2
        reporter.dialog.close()
    finally:
        reporter.uninstall()
