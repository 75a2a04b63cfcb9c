"""Answers a modal dialog as a clerk would: when it appears, fill its fields and click its button.

``exec()`` blocks the test until the dialog closes, so the answer is scheduled before the click that
opens it and runs inside the dialog's own event loop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from tests.ui.typing_helpers import type_chinese


def when_modal(answer: Callable[[QDialog], None], timeout_ms: int = 5000) -> list[QDialog]:
    """Runs ``answer(dialog)`` on the next modal dialog; returns a list that receives the dialog seen."""
    seen: list[QDialog] = []
    waited = [0]

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            seen.append(dialog)
            try:
                answer(dialog)
            except BaseException:
                dialog.reject()  # never leave the test blocked in the dialog's exec(); pytest-qt reports it
                raise
            return
        waited[0] += 20
        if waited[0] < timeout_ms:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def fill_text(dialog: QWidget, key: str, text: str) -> None:
    """Types Chinese into the form field ``field_<key>`` through the input method."""
    editor = dialog.findChild(QWidget, f"field_{key}")
    assert editor is not None, f"no field {key}"
    type_chinese(editor, text)


def click_ok(qtbot, dialog: QDialog) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def answer_box(qtbot, button, asked: list[str] | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    """Clicks ``button`` on the next message box, as a person would; returns (or fills ``asked`` with) the
    texts of the boxes answered, read before the box is gone."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    texts = asked if asked is not None else []

    def click(box) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(box, QMessageBox)
        texts.append(box.text())
        qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)
    when_modal(click)
    return texts
