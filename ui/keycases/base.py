"""A form dialog whose OK runs one write through the task helper: on success it closes, on a refusal it
stays open with the message under the form, so nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.domain.errors import DomainError
from ui.errors import describe
from ui.i18n import tr
from ui.tasks import TaskRunner
from ui.widgets.forms import ERROR_STYLE

Job = Callable[[Session], Any]


class ActionDialog(QDialog):
    action_done = Signal(object)  # the write's result, after the dialog closed

    def __init__(self, runner: TaskRunner, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.form = QFormLayout(self)
        self.error = QLabel()
        self.error.setObjectName("dialog_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(tr("确定"))
        self.ok.setObjectName("dialog_ok")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.make_job: Callable[[], Job] | None = None

    def add(self, key: str, label: str, editor: QWidget) -> Any:
        editor.setObjectName(f"field_{key}")
        self.form.addRow(label, editor)
        return editor

    def finish_layout(self) -> None:
        self.form.addRow(self.error)
        self.form.addRow(self.buttons)

    def _submit(self) -> None:
        assert self.make_job is not None
        try:
            job = self.make_job()
        except (DomainError, ValueError) as error:
            self.error.setText(describe(error))
            return
        self.error.clear()
        self.ok.setEnabled(False)
        self.runner.write(job, self._done, self._failed, owner=self)

    def _done(self, result: Any) -> None:
        self.ok.setEnabled(True)
        self.accept()
        self.action_done.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.ok.setEnabled(True)
        self.error.setText(describe(error))


def line(text: str = "") -> QLineEdit:
    return QLineEdit(text)


def text_box(text: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setMaximumHeight(80)
    return box


def date_edit(day: date) -> QDateEdit:
    e = QDateEdit(QDate(day))
    e.setCalendarPopup(True)
    e.setDisplayFormat("yyyy-MM-dd")
    return e


def combo(choices: list[tuple[str, Any]]) -> QComboBox:
    c = QComboBox()
    for label, _ in choices:
        c.addItem(label)
    c.choices = choices  # type: ignore[attr-defined]
    return c


def chosen(c: QComboBox) -> Any:
    """By position: an enum in a QComboBox's data comes back as a plain str."""
    return c.choices[c.currentIndex()][1] if c.currentIndex() >= 0 else None  # type: ignore[attr-defined]
