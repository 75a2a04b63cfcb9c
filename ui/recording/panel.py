"""The 接谈 step's recording panel: preview, level, elapsed time, free disk, controls, markers.

The session's encoder thread downscales the preview; this widget only polls it with a QTimer.
Opening the devices and stopping (encoder flush and sealing) run as long tasks of the desk's one task
helper (``ui.tasks``) that the same timer watches, so the GUI never blocks and the helper's shutdown waits
for a seal in progress.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, Qt, QTimer, Signal
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
from ui.i18n import N_, tr
from ui.recording.images import bgr_to_pixmap, level_percent
from ui.tasks import Background, LongTask, Progress

log = logging.getLogger(__name__)

MARKER_LABELS = (N_("诉求陈述"), N_("告知条例"), N_("出示证据"))
_NO_LIMIT_MS = 24 * 3600 * 1000  # a seal is awaited to its end, however long the encoder takes



class RecordingPanel(QWidget):
    recording_started = Signal()
    recording_stopped = Signal(str)  # manifest path ("" if sealing failed)
    marker_added = Signal(str, float)
    recording_failed = Signal(str)  # a stable error code

    def __init__(self, session_factory: Callable[[], RecordingSession], tasks: Background,
                 parent: QWidget | None = None, marker_labels: tuple[str, ...] = MARKER_LABELS,
                 poll_ms: int = 80) -> None:
        super().__init__(parent)
        self.setObjectName("recordingPanel")
        self._factory = session_factory
        self.tasks = tasks
        self.session: RecordingSession | None = None
        self._stopper: LongTask | None = None
        self._opener: LongTask | None = None
        self._events: queue.SimpleQueue[dict] = queue.SimpleQueue()
        self.last_manifest_path = ""

        self.preview = QLabel(tr("未开始录像"))
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

        self.start_button = QPushButton(tr("开始录像"))
        self.start_button.setObjectName("recordStartButton")
        self.pause_button = QPushButton(tr("暂停"))
        self.pause_button.setObjectName("recordPauseButton")
        self.stop_button = QPushButton(tr("停止并封存"))
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
            b = QPushButton(f"{tr(label)} (Ctrl+{i + 1})")
            b.setObjectName(f"markerButton{i}")
            b.clicked.connect(lambda _=False, lab=label: self.add_marker(lab))
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self, activated=lambda lab=label: self.add_marker(lab))
            markers.addWidget(b)
            self.marker_buttons.append(b)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self._toggle_pause)

        info = QHBoxLayout()
        info.addWidget(QLabel(tr("音量")))
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
                                  or self._stopper is not None or self._opener is not None)

    is_recording = Property(bool, _get_is_recording)

    def _update_buttons(self) -> None:
        state = self.session.state if self.session else SessionState.IDLE
        busy = self._stopper is not None or self._opener is not None
        active = state in (SessionState.RECORDING, SessionState.PAUSED) and not busy
        self.start_button.setEnabled(not active and not busy)
        self.pause_button.setEnabled(active)
        self.pause_button.setText(tr("继续") if state is SessionState.PAUSED else tr("暂停"))
        self.stop_button.setEnabled(active)
        for b in self.marker_buttons:
            b.setEnabled(active)

    # --- actions ------------------------------------------------------------------------------
    def start(self) -> bool:
        """Refuses at once when the disk is too small; otherwise the devices are opened on a worker thread
        (a network camera or a sound card can take seconds) and ``recording_started`` follows."""
        if self.is_recording:
            return False
        try:
            self.session = self._factory()
            self.session.check_disk()
        except (DomainError, OSError) as exc:
            self._refused(getattr(exc, "code", type(exc).__name__))
            return False
        self.session.on_event = self._events.put  # called on the encoder thread: only queue it
        self.status.setText(tr("正在打开设备…"))
        self._opener = self.tasks.long_task(_opening(self.session), failed=_opening_failed)
        self._timer.start()
        self._update_buttons()
        return True

    def _opened(self) -> None:
        """The opener finished (GUI thread, from the poll or a shutdown that waited for it)."""
        assert self._opener is not None
        ok, error = self._opener.outcome() or (False, None)
        self._opener = None
        if not ok:
            self._timer.stop()
            self._refused(getattr(error, "code", None) or type(error).__name__)
            return
        self.status.setText(tr("正在录像"))
        self._update_buttons()
        self.recording_started.emit()

    def _refused(self, code: str) -> None:
        self.status.setText(tr("无法开始录像：") + self.words(code))
        if self.session is not None:
            self.session.release()
        self.session = None
        self.recording_failed.emit(code)
        self._update_buttons()

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
        text, ok = QInputDialog.getText(self, tr("暂停录像"), tr("暂停原因："))
        return text.strip() if ok and text.strip() else None

    def pause(self, reason: str) -> None:
        if self.session is not None and self.session.state is SessionState.RECORDING:
            self.session.pause(reason)
            self.status.setText(tr("已暂停：") + reason)
            self._update_buttons()

    def resume(self) -> None:
        if self.session is not None and self.session.state is SessionState.PAUSED:
            self.session.resume()
            self.status.setText(tr("正在录像"))
            self._update_buttons()

    def add_marker(self, label: str) -> None:
        s = self.session
        if s is None or s.state not in (SessionState.RECORDING, SessionState.PAUSED) or self._stopper:
            return
        m = s.marker(label)
        self.status.setText(tr("已标记：") + tr(label))
        self.marker_added.emit(label, float(m["at"]))

    def stop(self) -> None:
        s = self.session
        if s is None or self._stopper is not None or s.state not in (SessionState.RECORDING, SessionState.PAUSED):
            return
        self.status.setText(tr("正在封存…"))
        self._stopper = self.tasks.long_task(_sealing(s))
        self._update_buttons()

    # --- polling on the GUI thread ------------------------------------------------------------------
    def _poll(self) -> None:
        s = self.session
        if s is None:
            return
        if self._opener is not None:
            if not self._opener.is_running():
                self._opened()
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
        self.disk.setText(tr("剩余空间 {0:.1f} GB").format(s.free_disk() / 1e9))
        finished = s.state is SessionState.STOPPED and (self._stopper is None or not self._stopper.is_running())
        if finished:
            self._stopper = None
            self._timer.stop()
            self.last_manifest_path = str(s.manifest_path or "")
            if not s.manifest_path:
                self.status.setText(tr("录像封存失败"))
            elif s.stop_reason not in (None, "requested"):  # the recorder stopped by itself: say so
                self.status.setText(tr("录像已提前停止并封存：") + self.words(s.stop_reason or ""))
            else:
                self.status.setText(tr("录像已封存"))
            self._update_buttons()
            self.recording_stopped.emit(self.last_manifest_path)

    def _show_event(self, ev: dict) -> None:
        kind = ev.get("type")
        if kind == "gap":
            what = tr("麦克风") if ev.get("device") == "microphone" else tr("摄像头")
            self.status.setText(what + tr("信号中断，录像继续"))
        elif kind == "gap_end":
            self.status.setText(tr("信号已恢复"))
        elif kind == "disk_warning":
            self.status.setText(tr("磁盘空间不足，请尽快结束录像"))
        elif kind == "disk_stop":
            self.status.setText(tr("磁盘已满，录像已自动停止并封存") if ev.get("sudden")
                                else tr("磁盘将满，录像已自动停止并封存"))

    def words(self, code: str) -> str:
        """A refusal or stop reason (a stable code) in the clerk's words."""
        return {"insufficient_disk": tr("磁盘剩余空间不足"),
                "camera_not_found": tr("找不到摄像头"),
                "microphone_not_found": tr("找不到麦克风"),
                "recording_devices_not_configured": tr("本机未设置录像设备（请点“设备…”选择摄像头和麦克风）"),
                "signing_key_missing": tr("找不到本接待室的签名密钥，不能封存录像（请联系管理员从备份恢复）"),
                "disk_full": tr("磁盘已满"),
                "encoder_error": tr("编码出错")}.get(code, code)

    def shutdown(self) -> None:
        """Stop any recording and wait for its seal (window closing, tests)."""
        if self._opener is not None:
            self._opener.wait(_NO_LIMIT_MS)
            self._opened()
        self.stop()
        if self._stopper is not None:
            self._stopper.wait(_NO_LIMIT_MS)
            self._poll()
        self._timer.stop()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.shutdown()
        super().closeEvent(event)


def _opening(s: RecordingSession) -> Callable[[threading.Event, Progress], Any]:
    """Opens the devices (a network camera or a sound card can take seconds); a failure comes back as the
    task's outcome. Not cancellable: a device's open call cannot be interrupted."""
    return lambda _cancelled, _report: s.start()


def _opening_failed(error: BaseException) -> None:
    log.info("recording devices did not open: %s", getattr(error, "code", None) or error)


def _sealing(s: RecordingSession) -> Callable[[threading.Event, Progress], Any]:
    """Flushes the encoder and seals; never cancelled, since a recording must not be left unsealed."""
    def seal(_cancelled: threading.Event, _report: Progress) -> None:
        with contextlib.suppress(DomainError):  # reported through s.manifest_path being None
            s.stop()
    return seal


def panel_for_matter(ctx, actor, case_number: str, **options):  # type: ignore[no-untyped-def]
    """The 接谈 step's recorder for one matter (``ui.recording.interview_recorder``), found here by the wizard."""
    from ui.recording.interview_recorder import panel_for_matter as make

    return make(ctx, actor, case_number, **options)
