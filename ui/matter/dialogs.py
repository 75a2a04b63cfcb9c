"""A small form dialog for the matter's actions: fields declared as data, values returned as a dict."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from ui.i18n import tr
from ui.widgets.forms import FieldNote, add_field


@dataclass
class Field:
    key: str
    label: str
    kind: str = "line"  # line, text, choice, date, int, check
    choices: list[tuple[str, Any]] = field(default_factory=list)
    default: Any = None
    required: bool = True


class FormDialog(QDialog):
    keeps_input_over_lock = False  # ``open_form`` sets it: only a form nobody waits on in exec() can be hidden

    def __init__(self, title: str, fields: list[Field], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        form = QFormLayout(self)
        self.fields = fields
        self.editors: dict[str, QWidget] = {}
        self.notes: dict[str, FieldNote] = {}
        for f in fields:
            editor: QWidget
            if f.kind == "text":
                editor = QPlainTextEdit(f.default or "")
                editor.setTabChangesFocus(True)
                editor.setMinimumHeight(90)
            elif f.kind == "choice":
                editor = QComboBox()
                for text, value in f.choices:
                    editor.addItem(text, value)
                if f.default is not None:
                    editor.setCurrentIndex(max(0, editor.findData(f.default)))
            elif f.kind == "date":
                editor = QDateEdit(QDate(f.default or date.today()))
                editor.setCalendarPopup(True)
                editor.setDisplayFormat("yyyy-MM-dd")
            elif f.kind == "int":
                editor = QSpinBox()
                editor.setRange(1, 366)
                editor.setValue(int(f.default or 1))
            elif f.kind == "check":
                editor = QCheckBox()
                editor.setChecked(bool(f.default))
            else:
                editor = QLineEdit(f.default or "")
            editor.setObjectName(f"field_{f.key}")
            self.editors[f.key] = editor
            self.notes[f.key] = add_field(form, f.label, editor)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.fields:
            e = self.editors[f.key]
            if isinstance(e, QPlainTextEdit):
                out[f.key] = e.toPlainText()
            elif isinstance(e, QComboBox):
                # By position: an enum put in a QComboBox comes back from currentData() as a plain str.
                out[f.key] = f.choices[e.currentIndex()][1] if e.currentIndex() >= 0 else None
            elif isinstance(e, QDateEdit):
                out[f.key] = e.date().toPython()
            elif isinstance(e, QSpinBox):
                out[f.key] = e.value()
            elif isinstance(e, QCheckBox):
                out[f.key] = e.isChecked()
            elif isinstance(e, QLineEdit):
                out[f.key] = e.text()
        return out

    def _accept(self) -> None:
        values = self.values()
        missing = False
        for f in self.fields:
            v = values[f.key]
            empty = v is None or (isinstance(v, str) and not v.strip())
            if f.required and f.kind not in ("check",) and empty:
                self.notes[f.key].show_problem(tr("必填"))
                missing = True
            else:
                self.notes[f.key].clear_note()
        if not missing:
            self.accept()


def ask(parent: QWidget, title: str, fields: list[Field]) -> dict[str, Any] | None:
    dialog = FormDialog(title, fields, parent)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


def open_form(parent: QWidget, title: str, fields: list[Field],
              on_ok: Callable[[dict[str, Any]], None]) -> FormDialog:
    """The form without a nested event loop: ``on_ok(values)`` runs when the user confirms it.

    The idle lock hides such a form instead of closing it (a blocking ``exec()`` would end the moment its
    dialog is hidden, and take what was typed with it); after the same user unlocks, it is back as it was.
    Window-modal, so the rest of the window waits while it is open, as with ``ask``."""
    dialog = FormDialog(title, fields, parent)
    dialog.keeps_input_over_lock = True
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: on_ok(dialog.values()))
    dialog.open()
    return dialog
