"""The named signer reads the document and signs it by hand: preview on the left, pad on the right.
The dialog hands back the strokes (``signature_confirmed``) and, where asked for, the typed opinion
(``note()``, the approver's 审批意见); the caller signs through the services as the signed-in person.
One dialog serves the decision letter (签署处理意见书) and the assignment slip (审批交办单)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.printing.preview import PdfPreview, PdfSource
from ui.printing.signature_pad import SignaturePad
from ui.widgets.screen_fit import fit_to_screen


class SignLetterDialog(QDialog):
    signature_confirmed = Signal(list)

    def __init__(self, signer_name: str, role_label: str, *, pdf: bytes | None = None,
                 source: PdfSource | None = None, parent: QWidget | None = None, title: str = "",
                 reading: str = "", note_label: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("sign_letter")
        self.setWindowTitle(title or self.tr("签署处理意见书"))
        self.preview = PdfPreview(self)
        self.pad = SignaturePad(self)
        who = QLabel(self.tr("请 {0}（{1}）阅读左侧{2}后在下方签名。").format(
            signer_name, role_label, reading or self.tr("处理意见书")))
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

        self.note_edit: QPlainTextEdit | None = None
        side = QWidget()
        col = QVBoxLayout(side)
        col.addWidget(who)
        if note_label:
            col.addWidget(QLabel(note_label))
            self.note_edit = QPlainTextEdit()
            self.note_edit.setObjectName("sign_note")
            self.note_edit.setTabChangesFocus(True)
            self.note_edit.setMaximumHeight(90)
            col.addWidget(self.note_edit)
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
        fit_to_screen(self, 1200, 860)

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

    def note(self) -> str:
        """The typed opinion (empty when the dialog asks for none)."""
        return self.note_edit.toPlainText().strip() if self.note_edit is not None else ""

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
