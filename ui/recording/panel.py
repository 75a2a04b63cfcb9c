"""The 接谈 step's recording panel: preview, level, elapsed time, free disk, controls, markers.

The session's encoder thread downscales the preview; this widget only polls it with a QTimer.
Stopping (encoder flush and sealing) runs on a plain worker thread that the same timer watches,
so the GUI never blocks and no QThread is left behind.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable

from PySide6.QtCore import Property, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import DomainError
from recording.session import RecordingSession, SessionState
from ui.recording.images import bgr_to_pixmap, level_percent

MARKER_LABELS = ("诉求陈述", "告知条例", "出示证据")


def _t(text: str) -> str:
    return QCoreApplication.translate("RecordingPanel", text)


class RecordingPanel(QWidget):
    recording_started = Signal()
    recording_stopped = Signal(str)  # manifest path ("" if sealing failed)
    marker_added = Signal(str, float)
    recording_failed = Signal(str)  # a stable error code

    def __init__(self, session_factory: Callable[[], RecordingSession], parent: QWidget | None = None,
                 marker_labels: tuple[str, ...] = MARKER_LABELS, poll_ms: int = 80) -> None:
        super().__init__(parent)
        self.setObjectName("recordingPanel")
        self._factory = session_factory
        self.session: RecordingSession | None = None
        self._stopper: threading.Thread | None = None
        self._events: queue.SimpleQueue[dict] = queue.SimpleQueue()
        self.last_manifest_path = ""

        self.preview = QLabel(_t("未开始录像"))
        self.preview.setObjectName("recordingPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(320, 180)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.level = QProgressBar()
        self.level.setObjectName("audioLevel")
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        self.elapsed = QLabel("00:00:00")
        self.elapsed.setObjectName("elapsedLabel")
        self.disk = QLabel("")
        self.disk.setObjectName("freeDiskLabel")
        self.status = QLabel("")
        self.status.setObjectName("recordingStatus")
        self.status.setWordWrap(True)

        self.start_button = QPushButton(_t("开始录像"))
        self.start_button.setObjectName("recordStartButton")
        self.pause_button = QPushButton(_t("暂停"))
        self.pause_button.setObjectName("recordPauseButton")
        self.stop_button = QPushButton(_t("停止并封存"))
        self.stop_button.setObjectName("recordStopButton")
        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self._toggle_pause)
        self.stop_button.clicked.connect(self.stop)

        controls = QHBoxLayout()
        for b in (self.start_button, self.pause_button, self.stop_button):
            controls.addWidget(b)
        markers = QHBoxLayout()
        self.marker_buttons: list[QPushButton] = []
        for i, label in enumerate(marker_labels):
            b = QPushButton(f"{_t(label)} (Ctrl+{i + 1})")
            b.setObjectName(f"markerButton{i}")
            b.clicked.connect(lambda _=False, lab=label: self.add_marker(lab))
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self, activated=lambda lab=label: self.add_marker(lab))
            markers.addWidget(b)
            self.marker_buttons.append(b)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self._toggle_pause)

        info = QHBoxLayout()
        info.addWidget(QLabel(_t("音量")))
        info.addWidget(self.level, 1)
        info.addWidget(self.elapsed)
        info.addWidget(self.disk)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addLayout(info)
        layout.addLayout(controls)
        layout.addLayout(markers)
        layout.addWidget(self.status)

        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self._poll)
        self._update_buttons()

    # --- state ------------------------------------------------------------------------------
    def _get_is_recording(self) -> bool:
        s = self.session
        return s is not None and (s.state in (SessionState.RECORDING, SessionState.PAUSED)
                                  or self._stopper is not None)

    is_recording = Property(bool, _get_is_recording)

    def _update_buttons(self) -> None:
        state = self.session.state if self.session else SessionState.IDLE
        busy = self._stopper is not None
        active = state in (SessionState.RECORDING, SessionState.PAUSED) and not busy
        self.start_button.setEnabled(not active and not busy)
        self.pause_button.setEnabled(active)
        self.pause_button.setText(_t("继续") if state is SessionState.PAUSED else _t("暂停"))
        self.stop_button.setEnabled(active)
        for b in self.marker_buttons:
            b.setEnabled(active)

    # --- actions ------------------------------------------------------------------------------
    def start(self) -> bool:
        if self.is_recording:
            return False
        try:
            self.session = self._factory()
            self.session.on_event = self._events.put  # called on the encoder thread: only queue it
            self.session.start()
        except (DomainError, OSError) as exc:
            code = getattr(exc, "code", type(exc).__name__)
            self.status.setText(_t("无法开始录像：") + self._words(code))
            if self.session is not None:
                self.session.release()
            self.session = None
            self.recording_failed.emit(code)
            self._update_buttons()
            return False
        self.status.setText(_t("正在录像"))
        self._timer.start()
        self._update_buttons()
        self.recording_started.emit()
        return True

    def _toggle_pause(self) -> None:
        s = self.session
        if s is None or self._stopper is not None:
            return
        if s.state is SessionState.RECORDING:
            reason = self.ask_pause_reason()
            if reason is not None:
                self.pause(reason)
        elif s.state is SessionState.PAUSED:
            self.resume()

    def ask_pause_reason(self) -> str | None:
        """The reason a pause needs (it goes into the manifest); tests override this."""
        text, ok = QInputDialog.getText(self, _t("暂停录像"), _t("暂停原因："))
        return text.strip() if ok and text.strip() else None

    def pause(self, reason: str) -> None:
        if self.session is not None and self.session.state is SessionState.RECORDING:
            self.session.pause(reason)
            self.status.setText(_t("已暂停：") + reason)
            self._update_buttons()

    def resume(self) -> None:
        if self.session is not None and self.session.state is SessionState.PAUSED:
            self.session.resume()
            self.status.setText(_t("正在录像"))
            self._update_buttons()

    def add_marker(self, label: str) -> None:
        s = self.session
        if s is None or s.state not in (SessionState.RECORDING, SessionState.PAUSED) or self._stopper:
            return
        m = s.marker(label)
        self.status.setText(_t("已标记：") + _t(label))
        self.marker_added.emit(label, float(m["at"]))

    def stop(self) -> None:
        s = self.session
        if s is None or self._stopper is not None or s.state not in (SessionState.RECORDING, SessionState.PAUSED):
            return
        self.status.setText(_t("正在封存…"))
        self._stopper = threading.Thread(target=self._stop_worker, args=(s,), name="recording-stop", daemon=True)
        self._stopper.start()
        self._update_buttons()

    @staticmethod
    def _stop_worker(s: RecordingSession) -> None:
        with contextlib.suppress(DomainError):  # reported through s.manifest_path being None
            s.stop()

    # --- polling on the GUI thread ------------------------------------------------------------------
    def _poll(self) -> None:
        s = self.session
        if s is None:
            return
        while True:
            try:
                ev = self._events.get_nowait()
            except queue.Empty:
                break
            self._show_event(ev)
        img = s.latest_preview()
        if img is not None:
            self.preview.setPixmap(bgr_to_pixmap(img))
        self.level.setValue(level_percent(s.audio_level_db()))
        secs = int(s.elapsed())
        self.elapsed.setText(f"{secs // 3600:02d}:{secs % 3600 // 60:02d}:{secs % 60:02d}")
        self.disk.setText(_t("剩余空间 {0:.1f} GB").format(s.free_disk() / 1e9))
        finished = s.state is SessionState.STOPPED and (self._stopper is None or not self._stopper.is_alive())
        if finished:
            if self._stopper is not None:
                self._stopper.join()
            self._stopper = None
            self._timer.stop()
            self.last_manifest_path = str(s.manifest_path or "")
            self.status.setText(_t("录像已封存") if s.manifest_path else _t("录像封存失败"))
            self._update_buttons()
            self.recording_stopped.emit(self.last_manifest_path)

    def _show_event(self, ev: dict) -> None:
        kind = ev.get("type")
        if kind == "gap":
            what = _t("麦克风") if ev.get("device") == "microphone" else _t("摄像头")
            self.status.setText(what + _t("信号中断，录像继续"))
        elif kind == "gap_end":
            self.status.setText(_t("信号已恢复"))
        elif kind == "disk_warning":
            self.status.setText(_t("磁盘空间不足，请尽快结束录像"))
        elif kind == "disk_stop":
            self.status.setText(_t("磁盘将满，录像已自动停止并封存"))

    def _words(self, code: str) -> str:
        return {"insufficient_disk": _t("磁盘剩余空间不足"),
                "camera_not_found": _t("找不到摄像头"),
                "microphone_not_found": _t("找不到麦克风")}.get(code, code)

    def shutdown(self) -> None:
        """Stop any recording and wait for its seal (window closing, tests)."""
        self.stop()
        if self._stopper is not None:
            self._stopper.join()
            self._poll()
        self._timer.stop()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.shutdown()
        super().closeEvent(event)
