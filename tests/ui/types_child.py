"""Run as a separate process by ``test_qt_types.py`` (a fresh process: PySide makes each enum once per
process): loads the window's modules as sign-in does, makes the Qt types first when asked ("warm"), then
builds the main window and prints how many enum classes its construction had to make."""

from __future__ import annotations

import enum
import os
import sys
import threading
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import ui  # noqa: E402,F401
from desktop.security.keyfile import KeyStore  # noqa: E402
from desktop.services import users  # noqa: E402
from desktop.services.context import AppContext  # noqa: E402
from tests.desktop.conftest import PASSWORD  # noqa: E402
from ui.app import make_application  # noqa: E402
from ui.qt_types import TypeWarmUp  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402
from ui.warm_up import load_window_modules  # noqa: E402


def main() -> None:
    url, home, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    app = make_application()
    ctx = AppContext.open(url, keys=KeyStore(Path(home) / "keys"))
    with ctx.db.session() as s:
        actor = users.authenticate(ctx, s, "clerk", PASSWORD)
    runner = TaskRunner(ctx)
    loaded = threading.Event()
    runner.call(lambda: load_window_modules(loaded))
    if mode == "warm":  # as the login dialog waits: slices on the GUI thread once the modules are loaded
        warm = TypeWarmUp(loaded)
        while not warm.done:
            app.processEvents()
    loaded.wait(60)
    made: list[str] = []
    original = enum.EnumType.__new__

    def counting(metacls, cls, bases, classdict, **kw):  # type: ignore[no-untyped-def]
        made.append(cls)
        return original(metacls, cls, bases, classdict, **kw)

    enum.EnumType.__new__ = counting  # type: ignore[method-assign]
    from ui.main_window import MainWindow

    window = MainWindow(runner, actor, "东镇信访接待室")
    window.show()
    app.processEvents()
    enum.EnumType.__new__ = original  # type: ignore[method-assign]
    print("ENUMS_MADE", len(made), flush=True)
    window.close()
    runner.shutdown()


if __name__ == "__main__":
    main()
