"""Typing as a clerk would: ASCII by key clicks, Chinese through the input method (a QInputMethodEvent
with a commit string — ``qtbot.keyClicks`` with Chinese aborts the interpreter)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_chinese(widget: QWidget, text: str) -> None:
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def tab(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
