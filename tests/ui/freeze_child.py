"""Run as a separate process by ``test_startup_tasks.py`` (the collector's frozen generation belongs to the
process): signs in through the real login dialog (``ui.app.sign_in``) at once, as a fast clerk would, so
that most of the documents' engine still loads after sign-in; then builds the main window and lets its
start-up finish. Prints how many objects were frozen when the dialog closed and at the end, whether the
engine was still loading at sign-in, and whether the window is among the frozen objects."""

from __future__ import annotations

import gc
import os
import sys
import weakref
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import ui  # noqa: E402,F401
from desktop.security.keyfile import KeyStore  # noqa: E402
from desktop.services.context import AppContext  # noqa: E402
from tests.desktop.conftest import PASSWORD  # noqa: E402
from ui.app import make_application, sign_in  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402


def main() -> None:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from ui.login import LoginDialog

    url, home = sys.argv[1], sys.argv[2]
    app = make_application()
    ctx = AppContext.open(url, keys=KeyStore(Path(home) / "keys"))
    runner = TaskRunner(ctx)

    def drive() -> None:  # the clerk types and clicks 登录 as soon as the dialog shows
        login = next((w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible()),
                     None)
        if login is None:
            return
        typist.stop()
        dialogs.append(weakref.ref(login))
        QTest.keyClicks(login.form.username, "clerk")
        QTest.keyClicks(login.form.password, PASSWORD)
        QTest.mouseClick(login.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)

    dialogs: list[weakref.ref] = []  # type: ignore[type-arg]
    typist = QTimer()
    typist.setInterval(20)
    typist.timeout.connect(drive)
    typist.start()
    actor, warm = sign_in(runner)
    assert actor is not None and warm is not None
    print("FROZEN_AT_SIGN_IN", gc.get_freeze_count(), flush=True)
    print("ENGINE_LOADING_AT_SIGN_IN", not warm.is_done(), flush=True)
    from ui.main_window import MainWindow

    window = MainWindow(runner, actor, "东镇信访接待室", warm_up=warm)
    window.show()
    finished: list[bool] = []
    window.start_up_finished.connect(lambda: finished.append(True))
    while not finished or not runner.is_idle():
        app.processEvents()
    print("FROZEN_AT_END", gc.get_freeze_count(), flush=True)
    print("LOGIN_DIALOG_FREED", dialogs[0]() is None, flush=True)
    print("WINDOW_WALKED", any(o is window for o in gc.get_objects()), flush=True)
    window.close()
    runner.shutdown()


if __name__ == "__main__":
    main()
