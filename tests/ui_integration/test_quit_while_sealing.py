"""Closing the window during an interview recording: the recording is sealed and registered first, and
while the window waits for the seal it says so (the one quit allowed to take longer than a second)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import wait_idle
from tests.ui.typing_helpers import type_chinese
from tests.ui_integration.test_interview_recording import ID_OK


def test_quitting_while_recording_says_it_is_sealing_and_seals(qtbot, runner, team, desk, small_devices) -> None:
    from ui.main_window import MainWindow

    w = MainWindow(runner, team.clerk, "东镇信访接待室", 10, today=desk.today())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    wait_idle(qtbot, runner)
    wizard = w.new_intake()
    reg = wizard.registration
    qtbot.keyClicks(reg.id_number, ID_OK)
    type_chinese(reg.name, "张三")
    qtbot.keyClicks(reg.phone, "13800138000")
    type_chinese(reg.village, "东村")
    type_chinese(reg.summary, "土地承包款未发放")
    type_chinese(reg.demands, "要求发放承包款")
    qtbot.waitUntil(wizard.next_button.isEnabled, timeout=5000)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.current_step() == 1, timeout=10000)
    wait_idle(qtbot, runner)
    recorder = wizard.interview.panel
    with qtbot.waitSignal(recorder.panel.recording_started, timeout=30000):
        qtbot.mouseClick(recorder.panel.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: recorder.panel.session.elapsed() > 0.5, timeout=10000)

    shown_while_sealing: list[str] = []
    recorder.panel.recording_stopped.connect(lambda _m: shown_while_sealing.append(w.statusBar().currentMessage()))
    w.close()
    assert shown_while_sealing == ["正在封存录像，请稍候…"]
    session = recorder.panel.session
    assert session.manifest_path is not None and session.manifest_path.exists()  # sealed before the window went
    wait_idle(qtbot, runner)
    assert recorder.registered == 1  # and entered in the matter's record
