"""Recording a 评议团 session: the interview recorder (same devices, sealing and registration as an interview)
for the session's matter; once the recording is sealed and registered it is linked to the session."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.keycases import panel_service
from desktop.services.permissions import Actor
from ui.errors import describe
from ui.i18n import tr
from ui.recording.interview_recorder import InterviewRecorder, panel_for_matter
from ui.tasks import TaskRunner


class PanelRecordingDialog(QDialog):
    recording_linked = Signal(int)  # the Recording row's id

    def __init__(self, runner: TaskRunner, actor: Actor, session_id: int, case_number: str,
                 parent: QWidget | None = None, **recorder_options: Any) -> None:
        super().__init__(parent)
        self.setObjectName("panel_recording_dialog")
        self.setWindowTitle(tr("评议过程录像"))
        self.runner, self.actor, self.session_id = runner, actor, session_id
        self.recorder: InterviewRecorder = panel_for_matter(runner.ctx, actor, case_number, runner=runner,
                                                            **recorder_options)
        self.recorder.recording_registered.connect(self._registered)
        self.state = QLabel(tr("录像封存后自动关联到本次评议。"))
        self.state.setObjectName("panel_recording_state")
        close = QPushButton(tr("关闭"))
        close.setObjectName("panel_recording_close")
        close.clicked.connect(self.close)
        box = QVBoxLayout(self)
        box.addWidget(self.recorder, 1)
        box.addWidget(self.state)
        box.addWidget(close)
        self.resize(720, 560)

    def _registered(self, recording_id: int) -> None:
        def job(session):  # type: ignore[no-untyped-def]
            panel_service.link_recording(self.runner.ctx, session, self.actor, self.session_id, recording_id)
            return recording_id

        self.runner.write(job, self._linked, lambda e: self.state.setText(describe(e)), owner=self)

    def _linked(self, recording_id: int) -> None:
        self.state.setText(tr("已封存并关联录像 #{id}").format(id=recording_id))
        self.recording_linked.emit(recording_id)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self.recorder.shutdown()  # a recording still running is sealed, never lost
        super().closeEvent(event)
