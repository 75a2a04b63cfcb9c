"""录像设备: this desk's cameras and microphone for interview recordings, chosen and tested in the
device dialog and kept in the desk's own preferences (each PC has its own devices)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.i18n import tr
from ui.recording import device_store
from ui.recording.settings_dialog import DeviceSelection


class DevicesTab(QWidget):
    devices_saved = Signal()

    def __init__(self, parent: QWidget | None = None, fingerprint: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_devices")
        self.cameras, self.microphone, self.size, self.layout_label = QLabel(), QLabel(), QLabel(), QLabel()
        for lab, name in ((self.cameras, "devices_cameras"), (self.microphone, "devices_microphone"),
                          (self.size, "devices_size"), (self.layout_label, "devices_layout")):
            lab.setObjectName(name)
        form = QFormLayout()
        form.addRow(tr("摄像头"), self.cameras)
        form.addRow(tr("麦克风"), self.microphone)
        form.addRow(tr("分辨率"), self.size)
        form.addRow(tr("布局"), self.layout_label)
        self.fingerprint = QLabel(fingerprint or tr("（尚无签名密钥）"))
        self.fingerprint.setObjectName("devices_key_fingerprint")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setWordWrap(True)
        form.addRow(tr("录像签名公钥指纹"), self.fingerprint)
        note = QLabel(tr("录像设备按本机保存（每台电脑的设备不同）。未设置设备时不能录像（不会改用测试信号）。"
                         "每天第一次接谈前请先“选择并测试”。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.choose_button = QPushButton(tr("选择并测试…"))
        self.choose_button.setObjectName("devices_choose")
        self.choose_button.clicked.connect(self.choose)
        self.reset_button = QPushButton(tr("清除设备设置"))
        self.reset_button.setObjectName("devices_reset")
        self.reset_button.clicked.connect(lambda: self.apply(device_store.DEFAULT))
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addWidget(self.reset_button)
        row.addStretch(1)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(note)
        box.addLayout(row)
        box.addStretch(1)
        self.show_selection(device_store.load_selection())

    def show_selection(self, sel: DeviceSelection) -> None:
        self.cameras.setText(" + ".join(sel.cameras) or "—")
        self.microphone.setText(sel.microphone or "—")
        self.size.setText(f"{sel.width}×{sel.height}")
        self.layout_label.setText({"pip": tr("画中画"), "stacked": tr("上下叠放")}.get(sel.layout.value, tr("左右并排")))

    def apply(self, sel: DeviceSelection) -> None:
        device_store.store_selection(sel)
        self.show_selection(device_store.load_selection())
        self.devices_saved.emit()

    def choose(self) -> None:
        if device_store.choose_devices(self):
            self.show_selection(device_store.load_selection())
            self.devices_saved.emit()
