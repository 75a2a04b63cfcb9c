"""The main window: recordings a killed recorder left behind are repaired, sealed, registered and reported
after sign-in; an intake stopped after 登记 is continued from the matter's page at the right step."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.db.models import AuditEntry, Recording
from desktop.services import intake
from recording.manifest import RecordingStatus, verify_recording
from recording.recovery import find_unfinished, interrupted_path_for
from tests.desktop.helpers import registration
from tests.ui.conftest import wait_idle

ROOT = Path(__file__).resolve().parents[2]
RECORDER = r"""
import sys, time
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from recording.cameras import SyntheticCamera
from recording.microphones import SyntheticMicrophone
from recording.session import RecordingSession, SessionConfig
cfg = SessionConfig(case_number=sys.argv[2], interviewers=("李接待", "赵接谈"), office="青山镇信访接待室",
                    width=320, height=180, preset="ultrafast", expected_seconds=5, min_free_bytes=1,
                    warn_free_bytes=1)
s = RecordingSession(sys.argv[1], [SyntheticCamera(320, 180)], SyntheticMicrophone(), cfg,
                     Ed25519PrivateKey.generate())
s.start()
while s.elapsed() < 2.5:
    time.sleep(0.01)
print("recording", flush=True)
time.sleep(60)
"""


def _registered(desk, team) -> str:  # type: ignore[no-untyped-def]
    with desk.db.session() as s:
        return intake.register(desk, s, team.clerk, registration()).case_number


def _window(qtbot, runner, actor, desk):  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    w = MainWindow(runner, actor, "青山镇信访接待室", today=desk.today())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def test_a_torn_recording_is_recovered_registered_and_reported_after_sign_in(qtbot, runner, team, desk) -> None:
    from desktop import paths

    case = _registered(desk, team)
    desk.keys.signing_key()  # an installed office has its signing key; recovery never makes one
    mp4 = paths.recordings_dir() / case / f"{case}-20250303-100000.mp4"
    mp4.parent.mkdir(parents=True)
    child = subprocess.Popen([sys.executable, "-c", RECORDER, str(mp4), case], stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert child.stdout.readline().strip() == "recording"
    finally:
        child.send_signal(signal.SIGKILL)  # the PC dies mid-interview
        child.wait()
        child.stdout.close()
    assert find_unfinished(paths.recordings_dir()) == [mp4]

    w = _window(qtbot, runner, team.clerk, desk)
    qtbot.waitUntil(lambda: w.recovery_report is not None, timeout=30000)
    text = w.recovery_report.text()
    assert case in text and "已修复并封存（中断后恢复）" in text and "00:00:0" in text
    wait_idle(qtbot, runner)
    assert find_unfinished(paths.recordings_dir()) == [] and interrupted_path_for(mp4).exists()
    with desk.db.read() as s:
        rec = s.scalar(select(Recording))
        assert rec.recovered and Path(rec.path) == mp4 and rec.duration_seconds > 0.5
        audit = s.scalar(select(AuditEntry).where(AuditEntry.action == "recording.recovered"))
        assert audit.target_id == case and audit.details["registered"] is True
    result = verify_recording(mp4, desk.keys.verify_key())
    assert result.ok and result.manifest["status"] == RecordingStatus.RECOVERED
    w.recovery_report.close()


def test_nothing_to_recover_shows_no_report(qtbot, runner, team, desk) -> None:
    w = _window(qtbot, runner, team.clerk, desk)
    qtbot.waitUntil(lambda: w._recovery_started, timeout=10000)
    wait_idle(qtbot, runner)
    assert w.recovery_report is None


def test_an_intake_left_after_registration_is_continued_at_the_interview(qtbot, runner, team, desk,
                                                                        small_devices) -> None:
    case = _registered(desk, team)
    w = _window(qtbot, runner, team.clerk, desk)
    page = w.open_matter(case)
    qtbot.waitUntil(lambda: "continue_intake" in page.buttons, timeout=5000)
    assert "接谈" in page.buttons["continue_intake"].text()
    qtbot.mouseClick(page.buttons["continue_intake"], Qt.MouseButton.LeftButton)
    wizard = w.wizard
    assert wizard is not None and wizard.case_number == case and wizard.current_step() == 1
    assert w.tabs.currentWidget() is wizard and wizard.interview.panel is not None
    assert w.continue_intake(case, 1) is wizard  # asked again: the same wizard, not a second one
    wait_idle(qtbot, runner)
    w.close()
    wait_idle(qtbot, runner)
