"""A 评议团 session recorded with the interview recorder: sealed like an interview, registered with the matter,
linked to the session, and its manifest verifies."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop.db.models import PanelSession, Recording
from desktop.keycases import panel_service
from desktop.keycases.panel_service import MemberScore, PanelInput
from recording.manifest import verify_recording
from tests.keycases.conftest import Ledger
from tests.ui.conftest import wait_idle


def test_panel_session_is_recorded_sealed_and_linked(qtbot, runner, team, desk, small_devices) -> None:
    from ui.keycases.page import KeyCasesPage

    number = Ledger(desk, team).matter(date(2025, 2, 20))
    with desk.db.session() as s:
        sid = panel_service.record_session(desk, s, team.approver, PanelInput(
            number, date(2025, 3, 1), "补发承包款", [MemberScore(f"m{i}", 7, 7, 7) for i in range(8)])).id
    page = KeyCasesPage(runner, team.approver, date(2025, 3, 3))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.data_loaded, timeout=10000):
        page.show()
    page.tabs.setCurrentIndex(2)
    view = page.panel_view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(view.model().index(0, 0)).center())
    qtbot.mouseClick(page.findChild(QPushButton, "panel_record_button"), Qt.MouseButton.LeftButton)
    dialog = page.recording_dialog
    qtbot.waitUntil(dialog.isVisible)
    wait_idle(qtbot, runner)
    recorder = dialog.recorder
    with qtbot.waitSignal(recorder.panel.recording_started, timeout=15000):
        qtbot.mouseClick(recorder.panel.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: recorder.panel.session.elapsed() > 1.0, timeout=10000)
    with qtbot.waitSignal(dialog.recording_linked, timeout=30000) as linked:
        qtbot.mouseClick(recorder.panel.stop_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.data_loaded, timeout=10000):
        pass
    assert page.panel_model.rows[0].recording_id == linked.args[0]
    with desk.db.read() as s:
        rec = s.get(Recording, linked.args[0])
        assert s.get(PanelSession, sid).recording_id == rec.id
    assert verify_recording(Path(rec.path), desk.keys.verify_key()).ok
    qtbot.mouseClick(dialog.findChild(QPushButton, "panel_recording_close"), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
