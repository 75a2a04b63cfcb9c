"""The named signer reads the letter and signs it by hand: preview on the left, pad on the right.
The dialog hands back the strokes (``signature_confirmed``); the caller signs through
``desktop.services.letters.sign`` as the signed-in person."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.printing.preview import PdfPreview, PdfSource
from ui.printing.signature_pad import SignaturePad


class SignLetterDialog(QDialog):
    signature_confirmed = Signal(list)

    def __init__(self, signer_name: str, role_label: str, *, pdf: bytes | None = None,
                 source: PdfSource | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sign_letter")
        self.setWindowTitle(self.tr("签署处理意见书"))
        self.resize(1200, 860)
        self.preview = PdfPreview(self)
        self.pad = SignaturePad(self)
        who = QLabel(self.tr("请 {0}（{1}）阅读左侧处理意见书后在下方签名。").format(signer_name, role_label))
        who.setObjectName("signer_label")
        who.setWordWrap(True)
        note = QLabel(self.tr("签名与当前文本绑定；文本如再修改，签名自动作废，需重新签署。"))
        note.setWordWrap(True)
        self.clear_button = QPushButton(self.tr("清除"))
        self.clear_button.setObjectName("pad_clear")
        self.undo_button = QPushButton(self.tr("撤销"))
        self.undo_button.setObjectName("pad_undo")
        self.redo_button = QPushButton(self.tr("重做"))
        self.redo_button.setObjectName("pad_redo")
        tools = QHBoxLayout()
        for b in (self.clear_button, self.undo_button, self.redo_button):
            tools.addWidget(b)
        tools.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("确认签名"))
        self.ok_button.setObjectName("sign_confirm")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))

        side = QWidget()
        col = QVBoxLayout(side)
        col.addWidget(who)
        col.addWidget(self.pad, 1, Qt.AlignmentFlag.AlignVCenter)
        col.addLayout(tools)
        col.addWidget(note)
        col.addStretch(1)
        col.addWidget(self.buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.preview)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        QVBoxLayout(self).addWidget(split)

        self.clear_button.clicked.connect(self.pad.clear)
        self.undo_button.clicked.connect(self.pad.undo)
        self.redo_button.clicked.connect(self.pad.redo)
        self.pad.strokes_changed.connect(self._refresh)
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        self._refresh()
        if pdf is not None:
            self.preview.load_bytes(pdf)
        elif source is not None:
            self.preview.load_from(source)

    @Slot()
    def _refresh(self) -> None:
        self.ok_button.setEnabled(not self.pad.is_empty())
        self.clear_button.setEnabled(not self.pad.is_empty())
        self.undo_button.setEnabled(self.pad.can_undo())
        self.redo_button.setEnabled(self.pad.can_redo())

    @Slot()
    def _confirm(self) -> None:
        if self.pad.is_empty():
            return
        self.signature_confirmed.emit(self.pad.strokes())
        self.accept()

    def done(self, result: int) -> None:
        self.preview.wait()
        super().done(result)
