"""A fresh desk process driven as a user drives it, for the desk benchmark (run as a child process):
the real start-up (``ui.app.run_gui``) until the login dialog shows; then the name and password are
typed and 登录 clicked, until the ledger's first rows of the office's matters are painted; then the
window is closed. Prints ``SHOWN s``, ``PAINTED s rows`` and ``QUIT s`` (seconds from the process's
start, from the click, and from the close)."""

from __future__ import annotations

import os
import sys
import time

START = float(sys.argv[3]) if len(sys.argv) > 3 else time.time()


def main(db_url: str, password: str) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    import ui  # noqa: F401 - the PySide6 work-around before any widget
    from ui.app import make_application, run_gui
    from ui.login import LoginDialog

    app = make_application()  # noqa: F841 - the QApplication must live while run_gui runs
    state: dict[str, float] = {}

    class Painted(QObject):
        """Notes the first paint of the ledger's table that holds rows (after the paint is done)."""

        def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
            super().__init__()
            self.window = window

        def eventFilter(self, _obj, event) -> bool:  # type: ignore[no-untyped-def]  # noqa: N802
            if event.type() != QEvent.Type.Paint or "painted" in state or self.window.ledger.model.rowCount() == 0:
                return False
            # Painted here, by the table itself, so the time is taken when the rows are on the screen.
            self.window.ledger.table.viewportEvent(event)
            state["painted"] = time.perf_counter() - state["click"]
            QTimer.singleShot(0, self.done)
            return True

        def done(self) -> None:
            print("SHOWN", state["shown"], flush=True)
            print("PAINTED", state["painted"], self.window.ledger.model.rowCount(), flush=True)
            state["close"] = time.perf_counter()
            self.window.close()

    def drive() -> None:
        if "shown" not in state:
            login = next((w for w in QApplication.topLevelWidgets()
                          if isinstance(w, LoginDialog) and w.isVisible()), None)
            if login is None:
                return
            state["shown"] = time.time() - START
            QTest.qWaitForWindowExposed(login, 1000)
            QTest.keyClicks(login.form.username, "clerk")
            QTest.keyClicks(login.form.password, password)
            ok = login.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
            state["click"] = time.perf_counter()
            QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
            return
        from ui.main_window import MainWindow

        window = next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)), None)
        if window is not None and "watching" not in state:
            state["watching"] = 1.0
            watcher.timer.stop()
            watcher.filter = Painted(window)
            window.ledger.table.viewport().installEventFilter(watcher.filter)

    class Watcher:
        timer = QTimer()

    watcher = Watcher()
    watcher.timer.setInterval(1)
    watcher.timer.timeout.connect(drive)
    watcher.timer.start()
    code = run_gui(["--db", db_url])
    print("QUIT", time.perf_counter() - state.get("close", time.perf_counter()), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
