"""Dialogs sized for the desk's screen: a wish (say 1200×860) is cut to the screen the window is on,
so the buttons at the bottom stay reachable on a 1366×768 display (taskbar and title bar included)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room kept for the window manager's title bar and frame, which availableGeometry does not count.
FRAME_ALLOWANCE = 40


def screen_room(widget: QWidget | None = None) -> tuple[int, int]:
    """(width, height) a top-level window may take on the screen showing ``widget`` (else the primary)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        return 1366, 768 - FRAME_ALLOWANCE
    area = screen.availableGeometry()
    return area.width(), area.height() - FRAME_ALLOWANCE


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resizes ``widget`` to the wished size, cut to the screen; a bigger minimum size is lowered too."""
    room_w, room_h = screen_room(widget.parentWidget() or widget)
    w, h = min(width, room_w), min(height, room_h)
    minimum = widget.minimumSize()
    widget.setMinimumSize(min(minimum.width(), w), min(minimum.height(), h))
    widget.resize(w, h)
