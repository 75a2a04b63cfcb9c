"""Small form helpers: an editor with its problem shown beside it in plain words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QSizePolicy, QWidget

ERROR_STYLE = "color: #b3261e;"
OK_STYLE = "color: #1b6e20;"


class FieldNote(QLabel):
    """The line beside a field: empty, a problem (red) or a confirmation (green)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setMinimumWidth(160)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.problem = ""

    def show_problem(self, text: str) -> None:
        self.problem = text
        self.setStyleSheet(ERROR_STYLE)
        self.setText(text)

    def show_ok(self, text: str = "") -> None:
        self.problem = ""
        self.setStyleSheet(OK_STYLE)
        self.setText(text)

    def clear_note(self) -> None:
        self.show_ok("")


def add_field(form: QFormLayout, label: str, editor: QWidget, stretch: int = 3) -> FieldNote:
    """Adds ``label: editor  note`` to ``form`` and returns the note."""
    row = QWidget()
    box = QHBoxLayout(row)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(editor, stretch)
    note = FieldNote()
    box.addWidget(note, 2)
    lab = QLabel(label)
    lab.setBuddy(editor)
    form.addRow(lab, row)
    return note
