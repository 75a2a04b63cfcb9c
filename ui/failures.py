"""Failures are said, never hidden and never shown as a traceback.

``failure_notice`` stands in for a screen that could not be built: it names what failed and where the
details were logged. ``install_crash_handler`` catches an exception that escapes anywhere (a slot, a
timer, a worker thread): it is logged with a short reference, and one dialog (never more than one at a
time) tells the user the reference and the log file."""

from __future__ import annotations

import logging
import sys
import threading
import uuid
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QMessageBox

from desktop.logs import log_file
from ui.errors import describe
from ui.i18n import tr

# Under the "reception" logger, which desktop.logs sends to the rotating file.
log = logging.getLogger("reception.ui")


def new_reference() -> str:
    return uuid.uuid4().hex[:8].upper()


def log_failure(what: str, error: BaseException) -> str:
    """Logs ``error`` with its traceback under a fresh reference, which is returned."""
    ref = new_reference()
    log.error("[%s] %s", ref, what, exc_info=(type(error), error, error.__traceback__))
    return ref


def failure_notice(what: str, error: BaseException) -> QLabel:
    """The widget put where a screen failed to build: what failed, why in words, where the details are."""
    ref = log_failure(f"cannot build {what}", error)
    label = QLabel(tr("{what}无法显示：{why}\n详情已记入日志 {log}（编号 {ref}）。").format(
        what=what, why=describe(error), log=str(log_file()), ref=ref))
    label.setObjectName("build_failure")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet("color: #b3261e;")
    return label


class CrashReporter(QObject):
    """Receives uncaught exceptions from any thread; shows them on the GUI thread, one dialog at a time."""

    crashed = Signal(str, str)  # reference, the one line for the user
    _arrived = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: QMessageBox | None = None
        self.references: list[str] = []
        self._arrived.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._previous = (sys.excepthook, threading.excepthook)

    def install(self) -> CrashReporter:
        sys.excepthook = self._hook
        threading.excepthook = self._thread_hook
        return self

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous

    def _hook(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous[0](kind, error, tb)
            return
        error.__traceback__ = tb
        ref = log_failure("uncaught exception", error)
        self.references.append(ref)
        self._arrived.emit(ref, describe(error))

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self._hook(args.exc_type, args.exc_value, args.exc_traceback)

    @Slot(str, str)
    def _show(self, ref: str, why: str) -> None:
        self.crashed.emit(ref, why)
        if self.dialog is not None and self.dialog.isVisible():
            return  # one dialog: a burst of failures is logged, not stacked on the screen
        box = QMessageBox(QMessageBox.Icon.Critical, tr("程序出错"), tr(
            "操作未能完成：{why}\n已记入日志 {log}（编号 {ref}）。请把编号告诉系统管理员。").format(
            why=why, log=str(log_file()), ref=ref))
        box.setObjectName("crash_dialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = box
        QTimer.singleShot(0, box.open)


def install_crash_handler(parent: QObject | None = None) -> CrashReporter:
    return CrashReporter(parent).install()
