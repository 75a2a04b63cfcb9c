"""Device settings per desk: stored in the desk's desktop.ini, shown in Settings, used by the next recording;
the device test opens the sources off the GUI thread and shows picture and level."""

from __future__ import annotations

from recording.compose import Layout
from tests.ui.conftest import wait_idle


def test_devices_are_stored_per_desk_and_used_by_the_next_recording(qtbot, runner, team, desk, home) -> None:
    from desktop.services import intake
    from tests.desktop.helpers import registration
    from ui.recording import device_store
    from ui.recording.interview_recorder import InterviewRecorder
    from ui.recording.settings_dialog import DeviceSelection
    from ui.settings.page import SettingsPage

    assert device_store.load_selection() == device_store.DEFAULT  # nothing chosen yet: nothing to record with
    assert not device_store.configured(device_store.DEFAULT) and device_store.DEFAULT.cameras == []
    desk.keys.signing_key()
    settings = SettingsPage(runner, team.admin)
    qtbot.addWidget(settings)
    tab = settings.devices_tab
    assert settings.tabs.indexOf(tab) >= 0 and tab.cameras.text() == "—" and tab.microphone.text() == "—"
    from desktop.services.recordings import office_key_fingerprint

    assert tab.fingerprint.text() == office_key_fingerprint(desk.keys) and len(tab.fingerprint.text()) == 64
    chosen = DeviceSelection(["synthetic", "synthetic"], "synthetic", 640, 360, Layout.PICTURE_IN_PICTURE)
    with qtbot.waitSignal(tab.devices_saved):
        tab.apply(chosen)
    assert tab.size.text() == "640×360" and tab.layout_label.text() == "画中画"
    assert "recording" in (home / "desktop.ini").read_text(encoding="utf-8")
    assert device_store.load_selection() == chosen

    with desk.db.session() as s:
        case = intake.register(desk, s, team.clerk, registration()).case_number
    recorder = InterviewRecorder(runner, team.clerk, case)
    qtbot.addWidget(recorder)
    wait_idle(qtbot, runner)
    recorder.set_colleague("赵接谈")
    session = recorder._make_session()
    try:
        cfg = session.config
        assert (cfg.width, cfg.height, cfg.layout) == (640, 360, Layout.PICTURE_IN_PICTURE)
        assert len(session.cameras) == 2 and cfg.case_number == case
        assert cfg.interviewers == ("李接待", "赵接谈") and cfg.office  # the office's name for the overlay
        assert session.path.parent.name == case and not session.path.exists()
    finally:
        session.release()
    settings.close()
    wait_idle(qtbot, runner)


def test_device_test_opens_off_the_gui_thread_and_shows_picture_and_level(qtbot) -> None:
    from recording.devices import DeviceInfo
    from ui.recording import device_store
    from ui.recording.interview_recorder import select_current
    from ui.recording.settings_dialog import DeviceSettingsDialog

    devices = [DeviceInfo("camera", "synthetic", "synthetic"), DeviceInfo("microphone", "synthetic", "synthetic")]
    dialog = DeviceSettingsDialog(devices=devices)
    qtbot.addWidget(dialog)
    select_current(dialog, device_store.DeviceSelection(["synthetic"], "synthetic", 320, 180, Layout.SIDE_BY_SIDE))
    assert dialog.selection().width == 320  # a stored size not in the list is offered as it is
    dialog.start_test()
    assert dialog.testing
    qtbot.waitUntil(lambda: dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull(),
                    timeout=10000)
    qtbot.waitUntil(lambda: dialog.level.value() > 0, timeout=10000)
    dialog.reject()
    assert not dialog.testing and dialog._opener is None


def test_a_camera_that_does_not_answer_is_reported_in_the_dialog(qtbot) -> None:
    from recording.devices import DeviceInfo
    from ui.recording.settings_dialog import DeviceSettingsDialog
    from ui.tasks import Background

    tasks = Background()
    url = "http://127.0.0.1:9/none.mjpg"  # the discard port: nothing serves a picture there
    dialog = DeviceSettingsDialog(devices=[DeviceInfo("camera", url, "网络摄像头")], tasks=tasks)
    qtbot.addWidget(dialog)
    dialog.start_test()  # opening runs as the desk helper's long task: the GUI thread goes on
    assert dialog.testing  # still opening: the failure arrives later, on the GUI thread
    qtbot.waitUntil(lambda: dialog.message.text().startswith("设备无法打开："), timeout=30000)
    assert not dialog.testing and dialog.test_button.text() == "测试"
    assert tasks.shutdown(5000)
