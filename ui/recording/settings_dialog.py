"""Device settings: choose and test camera(s) and microphone, resolution and layout.

The test opens the devices as a long task of the desk's one task helper (``ui.tasks``): a network camera
can take seconds to answer, and the GUI thread only polls what the devices deliver."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import DomainError
from recording.clock import MonotonicClock
from recording.compose import Layout
from recording.devices import DeviceInfo, list_devices, open_camera, open_microphone
from ui.i18n import tr
from ui.recording.images import bgr_to_pixmap, level_percent
from ui.tasks import Background, LongTask, Progress

RESOLUTIONS = ((1280, 720), (1920, 1080), (640, 360))



@dataclass
class DeviceSelection:
    cameras: list[str]
    microphone: str
    width: int
    height: int
    layout: Layout


class DeviceSettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, devices: list[DeviceInfo] | None = None,
                 tasks: Background | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deviceSettingsDialog")
        self.tasks = tasks if tasks is not None else Background(self)
        self.setWindowTitle(tr("录像设备设置"))
        found = devices if devices is not None else list_devices()
        self.camera1, self.camera2, self.mic = QComboBox(), QComboBox(), QComboBox()
        self.camera1.setObjectName("camera1Combo")
        self.camera2.setObjectName("camera2Combo")
        self.mic.setObjectName("microphoneCombo")
        self.camera2.addItem(tr("（无）"), "")
        for d in found:
            if not d.spec:
                continue
            box = (self.camera1, self.camera2) if d.kind == "camera" else (self.mic,)
            for b in box:
                b.addItem(f"{d.name} [{d.spec}]", d.spec)
        self.resolution = QComboBox()
        self.resolution.setObjectName("resolutionCombo")
        for w, h in RESOLUTIONS:
            self.resolution.addItem(f"{w}×{h}", (w, h))
        self.layout_box = QComboBox()
        self.layout_box.setObjectName("layoutCombo")
        self.layout_box.addItem(tr("左右并排"), Layout.SIDE_BY_SIDE)
        self.layout_box.addItem(tr("画中画"), Layout.PICTURE_IN_PICTURE)
        self.layout_box.addItem(tr("上下叠放"), Layout.STACKED)
        self.preview = QLabel(tr("点击“测试”查看画面"))
        self.preview.setObjectName("testPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(320, 180)
        self.level = QProgressBar()
        self.level.setObjectName("testLevel")
        self.level.setRange(0, 100)
        self.message = QLabel("")
        self.message.setObjectName("testMessage")
        self.test_button = QPushButton(tr("测试"))
        self.test_button.setObjectName("testDevicesButton")
        self.test_button.clicked.connect(self.toggle_test)
        form = QFormLayout()
        form.addRow(tr("摄像头一（来访人）"), self.camera1)
        form.addRow(tr("摄像头二（工作人员）"), self.camera2)
        form.addRow(tr("麦克风"), self.mic)
        form.addRow(tr("分辨率"), self.resolution)
        form.addRow(tr("布局"), self.layout_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.preview, 1)
        lay.addWidget(self.level)
        lay.addWidget(self.test_button)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self._camera = self._microphone = None
        self._opener: LongTask | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._poll)
        self.finished.connect(lambda _r: self.stop_test())

    def selection(self) -> DeviceSelection:
        cams = [c for c in (self.camera1.currentData(), self.camera2.currentData()) if c]
        w, h = self.resolution.currentData()
        return DeviceSelection(cams, self.mic.currentData() or "", w, h, Layout(self.layout_box.currentData()))

    @property
    def testing(self) -> bool:
        return self._camera is not None

    def toggle_test(self) -> None:
        if self.testing:
            self.stop_test()
        else:
            self.start_test()

    def start_test(self) -> None:
        """Opens the chosen devices on a worker thread (a network camera can take seconds to answer);
        the preview and the level follow once they deliver."""
        sel = self.selection()
        clock = MonotonicClock()
        try:
            self._camera = open_camera(sel.cameras[0], size=(sel.width, sel.height)) if sel.cameras else None
            self._microphone = open_microphone(sel.microphone) if sel.microphone else None
        except (DomainError, OSError) as exc:
            self.message.setText(tr("设备无法打开：") + str(getattr(exc, "code", exc)))
            self.stop_test()
            return
        devices = [d for d in (self._camera, self._microphone) if d is not None]
        # The failure is read from the task's outcome by the poll; shown there, not logged.
        self._opener = self.tasks.long_task(_opening(devices, clock), failed=lambda _error: None)
        self.test_button.setText(tr("停止测试"))
        self.message.setText("")
        self._timer.start()

    def stop_test(self) -> None:
        self._timer.stop()
        if self._opener is not None:
            self._opener.cancel()
            self._opener.wait()  # a device still opening is stopped only once its open call is back
            self._opener = None
        for dev in (self._camera, self._microphone):
            if dev is not None:
                dev.stop()
        self._camera = self._microphone = None
        self.test_button.setText(tr("测试"))

    def _poll(self) -> None:
        if self._opener is not None:
            if self._opener.is_running():
                return
            ok, error = self._opener.outcome() or (True, None)
            self._opener = None
            if not ok:
                self.stop_test()
                self.message.setText(tr("设备无法打开：") + str(getattr(error, "code", None) or error))
                return
        if self._camera is not None:
            f = self._camera.pick(float("inf"))
            if f is not None:
                pm = bgr_to_pixmap(f.image)
                self.preview.setPixmap(pm.scaled(self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio))
        if self._microphone is not None:
            ring = self._microphone.ring
            samples, _ = ring.read(max(0, ring.written - 4800), ring.written)
            peak = float(np.max(np.abs(samples))) if len(samples) else 0.0
            self.level.setValue(level_percent(20 * np.log10(peak) if peak > 1e-6 else -120.0))


def _opening(devices: list[Any], clock: MonotonicClock) -> Any:
    """Starts each device in turn; a test stopped meanwhile opens no further device."""
    def open_all(cancelled: threading.Event, _report: Progress) -> None:
        for dev in devices:
            if cancelled.is_set():
                return
            dev.start(clock)
    return open_all
