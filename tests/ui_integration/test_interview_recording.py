"""The 接谈 step records the interview: the wizard waits while recording, then goes on with a sealed,
registered recording; without one it asks for a reason."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.db.models import AuditEntry, Interview, Matter, Recording
from recording.manifest import verify_recording
from tests.ui.conftest import wait_idle
from tests.ui.typing_helpers import type_chinese
from tests.ui_integration.conftest import _initialised

ID_OK = "110105199003070025"


def _wizard_at_interview(qtbot, runner, actor, desk):  # type: ignore[no-untyped-def]
    from ui.wizard.wizard import IntakeWizard

    w = IntakeWizard(runner, actor, desk.today())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    wait_idle(qtbot, runner)
    reg = w.registration
    qtbot.keyClicks(reg.id_number, ID_OK)
    type_chinese(reg.name, "张三")
    qtbot.keyClicks(reg.phone, "13800138000")
    type_chinese(reg.village, "东村")
    type_chinese(reg.summary, "土地承包款未发放")
    type_chinese(reg.demands, "要求发放承包款")
    qtbot.waitUntil(w.next_button.isEnabled, timeout=5000)
    qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.current_step() == 1, timeout=10000)
    wait_idle(qtbot, runner)
    page = w.interview
    page.colleague.setCurrentIndex(page.colleague.findData(_interviewer_id(page)))
    type_chinese(page.notes_edit, "当事人陈述承包款拖欠情况")
    page.confirm.setChecked(True)
    return w, page


def _interviewer_id(page):  # type: ignore[no-untyped-def]
    return next(page.colleague.itemData(i) for i in range(page.colleague.count()) if page.colleague.itemText(i)
                == "赵接谈")


@pytest.fixture
def real_devices(home, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """This desk records from real capture paths without hardware: a network camera (an MJPEG clip served
    over HTTP on loopback, read by OpenCV like any IP camera) and a PulseAudio source by its name (a private
    server's null-sink monitor, which delivers sound continuously as a microphone does)."""
    from recording.compose import Layout
    from tests.recording.conftest import make_clip
    from tests.recording.pulse_server import PulseServer
    from ui.recording.device_store import store_selection
    from ui.recording.settings_dialog import DeviceSelection

    if not PulseServer.available():
        pytest.skip("needs pulseaudio, pactl, parec and paplay")
    media = tmp_path / "media"
    media.mkdir()
    clip = make_clip(media / "camera.avi", seconds=20.0, size=(320, 180))

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # type: ignore[no-untyped-def]
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(media)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    pulse = PulseServer(Path(f"/tmp/rr-pa-{os.getpid()}-ui"))
    pulse.start()
    monkeypatch.setenv("PULSE_SERVER", pulse.env["PULSE_SERVER"])
    selection = DeviceSelection([f"http://127.0.0.1:{server.server_address[1]}/{clip.name}"], "pulse:vsink.monitor",
                                320, 180, Layout.PICTURE_IN_PICTURE)
    store_selection(selection)
    _initialised(home)
    yield selection
    server.shutdown()
    thread.join()
    pulse.kill()
    shutil.rmtree(pulse.folder, ignore_errors=True)


def _record(qtbot, recorder, page, w):  # type: ignore[no-untyped-def]
    """Start, try to leave while recording, mark 告知条例 with Ctrl+2, stop: the registered recording's id."""
    with qtbot.waitSignal(recorder.panel.recording_started, timeout=30000):
        qtbot.mouseClick(recorder.panel.start_button, Qt.MouseButton.LeftButton)
    type_chinese(page.no_recording, "备用")  # everything else complete: only the recording holds Next back
    assert page.is_recording() and not w.next_button.isEnabled()
    w.go_next()  # Ctrl+Enter / a stray click: refused while recording
    assert w.current_step() == 1 and "停止并封存" in page.recording_note.problem
    page.no_recording.clear()
    qtbot.waitUntil(lambda: recorder.panel.session.elapsed() > 0.5, timeout=10000)
    with qtbot.waitSignal(recorder.panel.marker_added, timeout=5000) as marker:
        recorder.panel.marker_buttons[0].setFocus()
        qtbot.keyClick(recorder.panel, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # 告知条例
    assert marker.args[0] == "告知条例"
    qtbot.waitUntil(lambda: recorder.panel.session.elapsed() > 1.2, timeout=10000)
    with qtbot.waitSignal(recorder.recording_registered, timeout=30000) as registered:
        qtbot.mouseClick(recorder.panel.stop_button, Qt.MouseButton.LeftButton)
    return registered.args[0]


def test_interview_is_recorded_from_real_devices_sealed_registered_and_the_wizard_goes_on(
        qtbot, runner, team, desk, real_devices) -> None:
    w, page = _wizard_at_interview(qtbot, runner, team.clerk, desk)
    recorder = page.panel
    assert recorder is not None and not page.placeholder.isVisibleTo(page)
    assert not w.next_button.isEnabled() and page.notes["no_recording_reason"].problem  # reason or recording
    recording_id = _record(qtbot, recorder, page, w)
    assert page.has_recording() and not page.is_recording()
    qtbot.waitUntil(w.next_button.isEnabled, timeout=5000)  # no reason needed now
    qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.current_step() == 2, timeout=10000)
    wait_idle(qtbot, runner)

    with desk.db.read() as s:
        rec = s.get(Recording, recording_id)
        matter = s.scalar(select(Matter).where(Matter.case_number == w.case_number))
        interview = s.scalar(select(Interview).where(Interview.matter_id == matter.id))
        assert rec.matter_id == matter.id and rec.interview_id == interview.id
        assert interview.no_recording_reason is None
        sealed = s.scalar(select(AuditEntry).where(AuditEntry.action == "recording.seal"))
        assert sealed.details["sha256"] == rec.sha256 and sealed.details["test_signal"] is False
    result = verify_recording(rec.path, desk.keys.verify_key())
    assert result.ok, result.problems
    m = result.manifest
    assert m["test_signal"] is False and "test_signal_note" not in m
    assert [d["spec"] for d in m["devices"]] == [real_devices.cameras[0], "pulse:vsink.monitor"]
    assert m["case_number"] == w.case_number and m["interviewers"] == ["李接待", "赵接谈"]
    assert [x["label"] for x in m["markers"]] == ["告知条例"] and m["file"]["sha256"] == rec.sha256
    assert m["time_zone"] == "Asia/Shanghai" and m["start_wall"].endswith("+08:00")
    assert str(rec.path).startswith(str(desk_recordings()))


def test_a_test_signal_recording_is_sealed_but_never_the_interviews_record(qtbot, runner, team, desk,
                                                                          small_devices) -> None:
    w, page = _wizard_at_interview(qtbot, runner, team.clerk, desk)
    recorder = page.panel
    assert "测试信号，非证据" in recorder.devices_label.text()
    recording_id = _record(qtbot, recorder, page, w)
    assert not page.has_recording() and page.has_test_recording_only()
    assert not w.next_button.isEnabled()
    assert "测试信号" in page.notes["no_recording_reason"].problem and "测试信号" in page.recording_note.problem
    assert "测试信号" in recorder.record_state.text()
    type_chinese(page.no_recording, "摄像头送修，仅做设备测试")
    qtbot.waitUntil(w.next_button.isEnabled, timeout=5000)
    qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.current_step() == 2, timeout=10000)
    wait_idle(qtbot, runner)
    with desk.db.read() as s:
        rec = s.get(Recording, recording_id)
        assert rec.manifest["test_signal"] is True and rec.manifest["test_signal_note"] == "测试信号，非证据"
        interview = s.scalar(select(Interview))
        assert interview.no_recording_reason == "摄像头送修，仅做设备测试"


def test_a_desk_without_devices_says_so_and_goes_on_only_with_a_reason(qtbot, runner, team, desk) -> None:
    w, page = _wizard_at_interview(qtbot, runner, team.clerk, desk)
    recorder = page.panel
    assert "未设置录像设备" in recorder.devices_label.text() and "未设置录像设备" in recorder.record_state.text()
    with qtbot.waitSignal(recorder.panel.recording_failed, timeout=5000) as failed:
        qtbot.mouseClick(recorder.panel.start_button, Qt.MouseButton.LeftButton)
    assert failed.args[0] == "recording_devices_not_configured"
    assert "本机未设置录像设备" in recorder.panel.status.text() and recorder.panel.session is None
    assert not any(desk_recordings().rglob("*.mp4"))  # nothing recorded, least of all a test pattern
    assert not w.next_button.isEnabled()
    type_chinese(page.no_recording, "本机摄像头未安装")
    qtbot.waitUntil(w.next_button.isEnabled, timeout=5000)
    qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.current_step() == 2, timeout=10000)
    wait_idle(qtbot, runner)
    with desk.db.read() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "matter.interview"))
        assert entry.details["recorded"] is False and entry.details["no_recording_reason"] == "本机摄像头未安装"


def desk_recordings():  # type: ignore[no-untyped-def]
    from desktop import paths

    return paths.recordings_dir()


def test_finishing_without_a_recording_needs_a_reason_and_it_is_audited(qtbot, runner, team, desk,
                                                                       small_devices) -> None:
    w, page = _wizard_at_interview(qtbot, runner, team.clerk, desk)
    assert not page.has_recording()
    assert not w.next_button.isEnabled() and "原因" in page.notes["no_recording_reason"].problem
    assert "尚未录像" in page.panel.record_state.text()
    type_chinese(page.no_recording, "来访人拒绝录像")
    qtbot.waitUntil(w.next_button.isEnabled, timeout=5000)
    qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.current_step() == 2, timeout=10000)
    wait_idle(qtbot, runner)
    with desk.db.read() as s:
        interview = s.scalar(select(Interview))
        assert interview.no_recording_reason == "来访人拒绝录像"
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "matter.interview"))
        assert entry.details["recorded"] is False and entry.details["no_recording_reason"] == "来访人拒绝录像"
        assert s.scalar(select(Recording.id)) is None
