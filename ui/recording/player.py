"""Reviewing a sealed recording: verified first, then played read-only with its markers.

If the seal does not verify, nothing is played: a red warning names what is wrong.
"""

from __future__ import annotations

import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from recording.manifest import Problem, VerificationResult, verify_recording
from ui.i18n import N_, tr

SPEEDS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
PROBLEM_WORDS = {
    Problem.MISSING: N_("录像文件缺失"),
    Problem.MANIFEST_MISSING: N_("缺少封存清单（未封存）"),
    Problem.MANIFEST_UNREADABLE: N_("封存清单无法读取"),
    Problem.UNSIGNED: N_("封存清单未签名"),
    Problem.BAD_SIGNATURE: N_("签名无效：清单被改动或不是本机签名"),
    Problem.ALTERED: N_("录像内容已被改动"),
}



class RecordingPlayer(QWidget):
    viewing_ended = Signal(float)  # seconds the recording was open for viewing (for the audit)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordingPlayer")
        self.result: VerificationResult | None = None
        self._opened_at: float | None = None
        self.warning = QLabel()
        self.warning.setObjectName("sealWarning")
        self.warning.setStyleSheet("color: white; background: #c0392b; padding: 8px; font-weight: bold;")
        self.warning.setWordWrap(True)
        self.warning.hide()
        self.video = QVideoWidget()
        self.video.setObjectName("videoView")
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.player.setVideoOutput(self.video)
        self.play_button = QPushButton(tr("播放"))
        self.play_button.setObjectName("playButton")
        self.play_button.clicked.connect(self.toggle_play)
        self.seek = QSlider(Qt.Orientation.Horizontal)
        self.seek.setObjectName("seekSlider")
        self.seek.sliderMoved.connect(self.player.setPosition)
        self.player.durationChanged.connect(lambda d: self.seek.setRange(0, d))
        self.player.durationChanged.connect(lambda _d: self._position_changed(self.player.position()))
        self.player.positionChanged.connect(self._position_changed)
        self.time_label = QLabel("00:00 / 00:00")
        self.time_label.setObjectName("positionLabel")
        self.speed = QComboBox()
        self.speed.setObjectName("speedCombo")
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(lambda i: self.player.setPlaybackRate(self.speed.itemData(i)))
        self.markers = QListWidget()
        self.markers.setObjectName("markerList")
        self.markers.itemActivated.connect(self._jump)
        self.markers.itemClicked.connect(self._jump)

        bar = QHBoxLayout()
        bar.addWidget(self.play_button)
        bar.addWidget(self.seek, 1)
        bar.addWidget(self.time_label)
        bar.addWidget(QLabel(tr("速度")))
        bar.addWidget(self.speed)
        body = QHBoxLayout()
        body.addWidget(self.video, 3)
        body.addWidget(self.markers, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addLayout(body, 1)
        layout.addLayout(bar)

    def open(self, mp4: str | Path, public_key: Ed25519PublicKey) -> bool:
        """Verify, then load for playback. Returns False (and shows the red warning) if it fails."""
        return self.open_verified(mp4, verify_recording(mp4, public_key))

    def open_verified(self, mp4: str | Path, result: VerificationResult, expected_sha256: str = "") -> bool:
        """Load with a verification already made (off the GUI thread: hashing an hour takes seconds).
        ``expected_sha256`` is the hash the record holds: a manifest swapped for another file's fails too."""
        self.close_recording()
        self.result = result
        self.markers.clear()
        sha = ((result.manifest or {}).get("file") or {}).get("sha256", "")
        if result.ok and expected_sha256 and sha != expected_sha256:
            self.warning.setText(tr("封存校验未通过，不予播放：") + tr("与登记时的哈希不符"))
            self.warning.show()
            self.video.hide()
            self._set_controls(False)
            return False
        if not self.result.ok:
            words = "；".join(tr(PROBLEM_WORDS.get(p, str(p))) for p in self.result.problems)
            self.warning.setText(tr("封存校验未通过，不予播放：") + words)
            self.warning.show()
            self.video.hide()
            self._set_controls(False)
            return False
        self.warning.hide()
        self.video.show()
        for m in (self.result.manifest or {}).get("markers", []):
            at = float(m.get("at", 0.0))
            item = QListWidgetItem(f"{int(at) // 60:02d}:{int(at) % 60:02d}  {m.get('label', '')}")
            item.setData(Qt.ItemDataRole.UserRole, int(at * 1000))
            self.markers.addItem(item)
        # The master is read-only on disk and QMediaPlayer only reads it.
        self.player.setSource(QUrl.fromLocalFile(str(Path(mp4).resolve())))
        self._opened_at = time.monotonic()
        self._set_controls(True)
        return True

    def _set_controls(self, on: bool) -> None:
        for w in (self.play_button, self.seek, self.speed, self.markers):
            w.setEnabled(on)

    def toggle_play(self) -> None:
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
            self.play_button.setText(tr("播放"))
        else:
            self.player.play()
            self.play_button.setText(tr("暂停"))

    def set_speed(self, rate: float) -> None:
        self.speed.setCurrentIndex(SPEEDS.index(rate))

    def seek_to(self, ms: int) -> None:
        self.player.setPosition(ms)

    def _jump(self, item: QListWidgetItem) -> None:
        self.seek_to(int(item.data(Qt.ItemDataRole.UserRole)))

    def _position_changed(self, pos: int) -> None:
        if not self.seek.isSliderDown():
            self.seek.setValue(pos)
        d = self.player.duration()
        self.time_label.setText(f"{pos // 60000:02d}:{pos // 1000 % 60:02d} / {d // 60000:02d}:{d // 1000 % 60:02d}")

    def close_recording(self) -> None:
        self.player.stop()
        self.player.setSource(QUrl())
        if self._opened_at is not None:
            self.viewing_ended.emit(time.monotonic() - self._opened_at)
            self._opened_at = None

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.close_recording()
        super().closeEvent(event)
