"""The recording panel, the device settings dialog and the player, offscreen."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from recording.cameras import SyntheticCamera  # noqa: E402
from recording.devices import DeviceInfo  # noqa: E402
from recording.manifest import read_manifest  # noqa: E402
from recording.microphones import SyntheticMicrophone  # noqa: E402
from recording.selftest import run_self_test  # noqa: E402
from recording.session import RecordingSession  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def tasks(qapp):
    """The desk's one task helper, where the panel opens its devices and seals."""
    from ui.tasks import Background

    helper = Background()
    yield helper
    assert helper.shutdown(20_000), "a device or sealing task did not finish"
    qapp.processEvents()


@pytest.fixture
def panel(qtbot, tmp_path, config, key, tasks):
    from ui.recording import RecordingPanel

    counter = iter(range(100))

    def factory():
        return RecordingSession(tmp_path / f"rec{next(counter)}.mp4", [SyntheticCamera(320, 180)],
                                SyntheticMicrophone(), config, key)

    p = RecordingPanel(factory, tasks, poll_ms=20)
    p.ask_pause_reason = lambda: "休息片刻"
    qtbot.addWidget(p)
    yield p
    p.shutdown()


def test_panel_records_marks_pauses_and_seals(qtbot, panel):
    assert not panel.is_recording and not panel.stop_button.isEnabled()
    with qtbot.waitSignal(panel.recording_started):
        qtbot.mouseClick(panel.start_button, _left())
    assert panel.is_recording and panel.property("is_recording")
    qtbot.waitUntil(lambda: panel.preview.pixmap() is not None and not panel.preview.pixmap().isNull(),
                    timeout=10_000)
    qtbot.waitUntil(lambda: panel.level.value() > 0, timeout=10_000)
    with qtbot.waitSignal(panel.marker_added) as marker:
        qtbot.mouseClick(panel.marker_buttons[1], _left())
    assert marker.args[0] == "告知条例"
    qtbot.mouseClick(panel.pause_button, _left())
    assert panel.pause_button.text() == "继续" and panel.is_recording
    qtbot.mouseClick(panel.pause_button, _left())
    with qtbot.waitSignal(panel.recording_stopped, timeout=20_000) as stopped:
        qtbot.mouseClick(panel.stop_button, _left())
    assert not panel.is_recording and panel.start_button.isEnabled()
    m = read_manifest(stopped.args[0].removesuffix(".manifest.json"))
    assert [x["label"] for x in m["markers"]] == ["告知条例"]
    assert m["pauses"][0]["reason"] == "休息片刻"


def test_panel_reports_a_refusal_to_start(qtbot, tmp_path, config, key, tasks):
    from ui.recording import RecordingPanel

    config.min_free_bytes = 10**18
    p = RecordingPanel(lambda: RecordingSession(tmp_path / "x.mp4", [SyntheticCamera()], SyntheticMicrophone(),
                                                config, key), tasks)
    qtbot.addWidget(p)
    with qtbot.waitSignal(p.recording_failed) as failed:
        assert not p.start()
    assert failed.args == ["insufficient_disk"] and "磁盘" in p.status.text() and not p.is_recording


def test_panel_says_when_the_recorder_stopped_early_because_the_disk_filled(qtbot, tmp_path, config, key, tasks):
    from ui.recording import RecordingPanel

    free = {"bytes": 10**12}
    config.min_free_bytes = 1000
    p = RecordingPanel(lambda: RecordingSession(tmp_path / "x.mp4", [SyntheticCamera(320, 180)],
                                                SyntheticMicrophone(), config, key,
                                                disk_free=lambda _p: free["bytes"]), tasks, poll_ms=20)
    qtbot.addWidget(p)
    with qtbot.waitSignal(p.recording_started, timeout=15_000):
        qtbot.mouseClick(p.start_button, _left())
    qtbot.waitUntil(lambda: p.session.elapsed() > 0.5, timeout=10_000)
    with qtbot.waitSignal(p.recording_stopped, timeout=20_000) as stopped:
        free["bytes"] = 10  # the disk fills up: the recorder stops and seals by itself
    assert stopped.args[0] and not p.is_recording
    assert p.status.text() == "录像已提前停止并封存：磁盘已满"
    p.shutdown()


def test_player_lists_markers_plays_and_refuses_an_altered_file(qtbot, tmp_path, key):
    from ui.recording import RecordingPlayer

    report = run_self_test(["synthetic"], "synthetic", 1.2, tmp_path / "a.mp4", key, warmup=0.1)
    player = RecordingPlayer()
    qtbot.addWidget(player)
    assert player.open(report.path, key.public_key())
    assert player.warning.isHidden() and player.play_button.isEnabled()
    qtbot.waitUntil(lambda: player.player.duration() > 1000, timeout=10_000)
    player.set_speed(2.0)
    assert player.player.playbackRate() == 2.0
    player.seek_to(500)
    qtbot.waitUntil(lambda: player.player.position() >= 400, timeout=10_000)
    with qtbot.waitSignal(player.viewing_ended):
        player.close_recording()
    os.chmod(report.path, 0o644)
    with open(report.path, "r+b") as f:
        f.seek(-10, 2)
        f.write(b"\0" * 10)
    assert not player.open(report.path, key.public_key())
    assert not player.warning.isHidden() and "已被改动" in player.warning.text()
    assert not player.play_button.isEnabled() and player.player.source().isEmpty()


def test_player_marker_list_comes_from_the_manifest(qtbot, tmp_path, config, key):
    from ui.recording import RecordingPlayer

    s = RecordingSession(tmp_path / "m.mp4", [SyntheticCamera(320, 180)], SyntheticMicrophone(), config, key)
    s.start()
    qtbot.waitUntil(lambda: s.elapsed() > 0.6, timeout=10_000)
    s.marker("出示证据")
    qtbot.waitUntil(lambda: s.elapsed() > 1.2, timeout=10_000)
    s.stop()
    player = RecordingPlayer()
    qtbot.addWidget(player)
    assert player.open(tmp_path / "m.mp4", key.public_key())
    assert player.markers.count() == 1 and "出示证据" in player.markers.item(0).text()
    player.close_recording()


def test_device_settings_dialog_tests_the_synthetic_devices(qtbot):
    from recording.compose import Layout
    from ui.recording import DeviceSettingsDialog

    devices = [DeviceInfo("camera", "synthetic", "synthetic"), DeviceInfo("microphone", "synthetic", "synthetic")]
    dlg = DeviceSettingsDialog(devices=devices)
    qtbot.addWidget(dlg)
    dlg.layout_box.setCurrentIndex(1)
    sel = dlg.selection()
    assert sel.cameras == ["synthetic"] and sel.microphone == "synthetic" and sel.layout is Layout.PICTURE_IN_PICTURE
    qtbot.mouseClick(dlg.test_button, _left())
    assert dlg.testing
    qtbot.waitUntil(lambda: dlg.preview.pixmap() is not None and not dlg.preview.pixmap().isNull(), timeout=10_000)
    qtbot.waitUntil(lambda: dlg.level.value() > 0, timeout=10_000)
    dlg.reject()
    assert not dlg.testing


def _left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
